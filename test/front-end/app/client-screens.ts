import type { ApolloClient } from '@apollo/client';

import { type ClientCardFragment, type ClientDetailFragment, ClientListDocument, ClientPageDocument } from './generated/graphql';
import type { RestClient } from './rest-client';

/** What the client screens draw: the directory's cards and one client's page. */
export interface ClientScreens {
  list: readonly ClientCardFragment[];
  detail: ClientDetailFragment | null;
}

const LIST_PAGE = { first: 50 };

/** Opens the directory and a client's page, over the network. */
export async function openClientScreens(client: ApolloClient, clientId: string): Promise<ClientScreens> {
  const list = await client.query({ query: ClientListDocument, variables: LIST_PAGE });
  const detail = await client.query({ query: ClientPageDocument, variables: { clientId } });
  return { list: list.data?.clients?.nodes ?? [], detail: detail.data?.client ?? null };
}

/** The same screens from Apollo's cache alone, never the network; null where the cache lacks a field a screen shows. */
export function clientScreensFromCache(
  client: ApolloClient,
  clientId: string,
): { list: readonly ClientCardFragment[] | null; detail: ClientDetailFragment | null } {
  const list = client.readQuery({ query: ClientListDocument, variables: LIST_PAGE });
  const detail = client.readQuery({ query: ClientPageDocument, variables: { clientId } });
  return { list: list?.clients?.nodes ?? null, detail: detail?.client ?? null };
}

/** The client's page over REST, with the revision ETag to send back as If-Match. */
export async function clientOverRest(rest: RestClient, clientId: string) {
  const { data, response } = await rest.GET('/v1/clients/{clientId}', { params: { path: { clientId } } });
  return { client: data, etag: response.headers.get('etag') };
}
