import { startListening } from '../e2e/support/graphql';
import { seedOrganisation, type TestApp, tokenFor, winClient } from '../e2e/support/test-app';
import { type FrontEndApp, NO_CODE, type ReorderForm } from './app/contract';
import { FRONT_END_APP, generateClients, loadFrontEndApp } from './front-end-app';
import { typeErrorsOf } from './typecheck';

/**
 * A front-end team's first days, as a test: typed clients generated from the committed
 * GraphQL schema and the served OpenAPI document, an app written against them (test/front-end/app),
 * compiled by TypeScript, and driven with Apollo Client's normalised cache against the real API.
 */
describe('a front end on the generated clients', () => {
  let app: TestApp;
  let graphqlUrl: string;
  let apiBase: string;
  let frontEnd: FrontEndApp;

  beforeAll(async () => {
    ({ app, url: graphqlUrl } = await startListening());
    apiBase = graphqlUrl.replace(/\/graphql$/, '');
    await seedOrganisation(app);
    await winClient(app, 'c-1');
    await winClient(app, 'c-2');
    await generateClients(`${apiBase}/docs/json`);
    frontEnd = await loadFrontEndApp();
  });
  afterAll(() => app?.stop());

  it('type-checks against the generated clients (a field or route the API lacks fails here)', () => {
    expect(typeErrorsOf(FRONT_END_APP)).toEqual([]);
  });

  it('after a reorder, the list and the detail show the new order and revenue from the cache, with no refetch', async () => {
    const sent: unknown[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push((JSON.parse(init?.body as string) as { operationName?: string }).operationName);
      return fetch(input, init);
    };
    const client = frontEnd.createGraphqlClient({ url: graphqlUrl, token: tokenFor('admin'), fetch: recordingFetch });

    const before = await frontEnd.openClientScreens(client, 'c-1');
    expect(before.list.map((card) => card.clientId)).toEqual(['c-1', 'c-2']);
    expect(before.detail).toMatchObject({ clientId: 'c-1', revenue: [{ amount: '100000', currency: 'EUR' }] });
    expect(before.detail?.orders.map((order) => order.orderId)).toEqual(['c-1-o1']);

    const form = { orderId: 'c-1-o2', takenBy: 'rep-anna', amount: 25_000, currency: 'EUR' };
    const submitted = await frontEnd.submitReorderOverGraphql(client, 'c-1', form);
    if (!submitted.ok) throw new Error(`the reorder was refused: ${JSON.stringify(submitted.fieldErrors)}`);
    expect(submitted.answer.client).toMatchObject({ clientId: 'c-1' });

    const { list, detail } = frontEnd.clientScreensFromCache(client, 'c-1');
    expect(detail?.orders.map((order) => order.orderId)).toEqual(['c-1-o1', 'c-1-o2']);
    expect(detail?.revenue).toEqual([{ __typename: 'MoneyTotal', amount: '125000', currency: 'EUR' }]);
    expect(detail?.revision).toBe(submitted.answer.revision);
    const cardOf = (clientId: string) => list?.find((card) => card.clientId === clientId);
    expect(cardOf('c-1')?.revenue).toEqual(detail?.revenue);
    expect(cardOf('c-2')?.revenue).toEqual([{ __typename: 'MoneyTotal', amount: '100000', currency: 'EUR' }]);
    // The list, the detail and the mutation: nothing was asked again.
    expect(sent).toEqual(['ClientList', 'ClientPage', 'PlaceReorder']);
  });

  it('the typed REST client reads the client as the GraphQL client does, with the revision as its ETag', async () => {
    const { client, etag } = await frontEnd.clientOverRest(frontEnd.createRestClient(apiBase, tokenFor('admin')), 'c-2');
    const { detail } = await frontEnd.openClientScreens(frontEnd.createGraphqlClient({ url: graphqlUrl, token: tokenFor('admin') }), 'c-2');
    expect(client).toMatchObject({ clientId: 'c-2', revision: detail?.revision, revenue: [{ amount: '100000', currency: 'EUR' }] });
    expect(etag).toBe(`"${detail?.revision}"`);
  });

  describe('a form shows field errors from both transports the same way', () => {
    /** The same form sent over both transports: the field errors each gives, as the form would show them. */
    const submitBoth = async (form: ReorderForm) => {
      const overGraphql = await frontEnd.submitReorderOverGraphql(
        frontEnd.createGraphqlClient({ url: graphqlUrl, token: tokenFor('admin') }),
        'c-2',
        form,
      );
      const overRest = await frontEnd.submitReorderOverRest(frontEnd.createRestClient(apiBase, tokenFor('admin')), 'c-2', form);
      if (overGraphql.ok || overRest.ok) throw new Error(`a transport took the form: ${JSON.stringify({ overGraphql, overRest })}`);
      return { overGraphql: overGraphql.fieldErrors, overRest: overRest.fieldErrors };
    };

    it('values the API refuses: each field by its path in the form, with a code', async () => {
      const { overGraphql, overRest } = await submitBoth({ orderId: 'not an id!', takenBy: 'rep-anna', amount: -100, currency: 'EUR' });
      expect(Object.keys(overRest).sort()).toEqual(['orderId', 'total.amount']);
      expect(overGraphql).toEqual(overRest);
      expect(Object.values(overRest)).not.toContain(NO_CODE);
    });

    it('values GraphQL refuses before running (variable coercion): the same fields and codes as REST', async () => {
      const { overGraphql, overRest } = await submitBoth({ orderId: 'c-2-o9', takenBy: 'rep-anna', amount: 10.5, currency: 'EUR' });
      expect(Object.keys(overRest)).toEqual(['total.amount']);
      expect(overGraphql).toEqual(overRest);
      expect(Object.values(overRest)).not.toContain(NO_CODE);
    });
  });
});
