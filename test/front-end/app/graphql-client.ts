import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

import { CLIENT_AWARENESS } from './contract';

export interface GraphqlClientOptions {
  url: string;
  token: string;
  /** Every request the client sends, for a test to see what went over the wire (default: the global fetch). */
  fetch?: typeof fetch;
}

/** Apollo Client as a front end sets it up: the default normalised cache (entities by __typename and id), no type policies. */
export function createGraphqlClient({ url, token, fetch: send = fetch }: GraphqlClientOptions): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` }, fetch: send }),
    cache: new InMemoryCache(),
    clientAwareness: CLIENT_AWARENESS,
  });
}
