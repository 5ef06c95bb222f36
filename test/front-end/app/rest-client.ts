import createClient, { type Client } from 'openapi-fetch';

import type { paths } from './generated/rest';

export type RestClient = Client<paths>;

/** A typed REST client from the served OpenAPI document (openapi-fetch over openapi-typescript's paths). */
export function createRestClient(baseUrl: string, token: string, send: typeof fetch = fetch): RestClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` }, fetch: send });
}
