/**
 * What the tests use of the app, typed as loosely as a test reads JSON; `index.ts` checks that the app,
 * written against the generated clients, satisfies it. This file imports nothing, so the API's
 * own type-check and lint (which run before the test generates the clients) can read it.
 */
export interface Money {
  amount: string;
  currency: string;
}

export interface ClientCard {
  clientId: string;
  revenue: readonly Money[];
}

export interface ClientDetail extends ClientCard {
  revision: number;
  orders: readonly { orderId: string }[];
}

/** What the reorder form holds: the amount in minor units, as the API takes it. */
export interface ReorderForm {
  orderId: string;
  takenBy: string;
  amount: number;
  currency: string;
}

/** Who the app says it is: Apollo Client sends these as apollographql-client-name and -version. */
export const CLIENT_AWARENESS = { name: 'ledger-front-end-test', version: '1.0.0' };

/** Said when the API gives a field without its own code: a form could not translate it. */
export const NO_CODE = '(no code)';

/** A form's field errors: each invalid field's path, relative to the form's input, with the code to translate. */
export type FieldErrors = Record<string, string>;

export type Submitted<T> = { ok: true; answer: T } | { ok: false; fieldErrors: FieldErrors };

/** The clients are opaque to the tests: only the app's functions use them. */
export interface FrontEndApp {
  createGraphqlClient(options: { url: string; token: string; fetch?: typeof fetch }): unknown;
  createRestClient(baseUrl: string, token: string): unknown;
  openClientScreens(client: unknown, clientId: string): Promise<{ list: readonly ClientCard[]; detail: ClientDetail | null }>;
  clientScreensFromCache(client: unknown, clientId: string): { list: readonly ClientCard[] | null; detail: ClientDetail | null };
  clientOverRest(
    rest: unknown,
    clientId: string,
  ): Promise<{ client: (ClientCard & { revision: number }) | undefined; etag: string | null }>;
  submitReorderOverGraphql(
    client: unknown,
    clientId: string,
    form: ReorderForm,
  ): Promise<Submitted<{ revision: number; client?: ClientCard | null }>>;
  submitReorderOverRest(rest: unknown, clientId: string, form: ReorderForm): Promise<Submitted<{ etag: string | null }>>;
}
