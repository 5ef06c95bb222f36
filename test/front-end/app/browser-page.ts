import { ClientPageDocument } from './generated/graphql';
import { createGraphqlClient } from './graphql-client';

/**
 * The script of a page served from another origin than the API: it reads a client over
 * GraphQL with Apollo Client's default headers and over REST with `fetch`, places a reorder
 * with If-Match and Idempotency-Key, and leaves what a script could see in `window.journey`.
 */
interface Seen {
  status: number;
  requestId: string | null;
  etag: string | null;
  idempotentReplayed: string | null;
}

const seen = (response: Response): Seen => ({
  status: response.status,
  requestId: response.headers.get('x-request-id'),
  etag: response.headers.get('etag'),
  idempotentReplayed: response.headers.get('idempotent-replayed'),
});

async function journey(api: string, token: string, clientId: string) {
  const graphqlResponses: Seen[] = [];
  // Apollo sends its own headers; this only watches the answers, as a page's devtools would.
  const watchingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    graphqlResponses.push(seen(response));
    return response;
  };
  const apollo = createGraphqlClient({ url: `${api}/graphql`, token, fetch: watchingFetch });
  const { data } = await apollo.query({ query: ClientPageDocument, variables: { clientId } });

  const authorization = { authorization: `Bearer ${token}` };
  const read = await fetch(`${api}/v1/clients/${encodeURIComponent(clientId)}`, { headers: authorization });
  const reorder = {
    method: 'POST',
    headers: {
      ...authorization,
      'content-type': 'application/json',
      'if-match': read.headers.get('etag') ?? '',
      'idempotency-key': 'browser-reorder-1',
    },
    body: JSON.stringify({ orderId: `${clientId}-browser`, takenBy: 'rep-anna', total: { amount: 5_000, currency: 'EUR' } }),
  };
  const placed = await fetch(`${api}/v1/clients/${encodeURIComponent(clientId)}/orders`, reorder);
  const replayed = await fetch(`${api}/v1/clients/${encodeURIComponent(clientId)}/orders`, reorder);
  return {
    graphql: { revision: data?.client?.revision ?? null, responses: graphqlResponses },
    rest: { read: seen(read), placed: seen(placed), replayed: seen(replayed) },
  };
}

const parameters = new URLSearchParams(window.location.search);
const output = window as unknown as { journey?: unknown };
journey(parameters.get('api') ?? '', parameters.get('token') ?? '', parameters.get('client') ?? '').then(
  (result) => (output.journey = result),
  (error: unknown) => (output.journey = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
);
