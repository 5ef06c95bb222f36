import { MAX_ORDER_AMOUNT } from '@ledger/domain';
import type { Response } from 'supertest';

import { expectProblem, startSeeded, TestApp } from '../e2e/support/test-app';
import { recordFigures } from './support/figures';

/**
 * Money is exact at any size the API accepts: a client's orders, each at the
 * business maximum, summed past 2^53 minor units (where a JavaScript number
 * stops counting every unit) answer exact totals over REST and GraphQL, live
 * and after a rebuild; an amount over the maximum is refused before anything
 * is appended, by every way in.
 */
const ORDERS = 9_100;
const CLIENT = 'big';
/** Every order at the maximum but one, a unit short: the total is odd, so no double can hold it. */
const amountOf = (order: number) => (order === ORDERS - 1 ? MAX_ORDER_AMOUNT - 1 : MAX_ORDER_AMOUNT);
const at = (order: number) => new Date(Date.UTC(2024, 2, 1, 0, 0, order)).toISOString();
const TOTAL = Array.from({ length: ORDERS }, (_, order) => BigInt(amountOf(order))).reduce((sum, amount) => sum + amount, 0n);
const FIRST = BigInt(amountOf(0));

/** The body, refused if it holds an integer a JavaScript number cannot carry exactly. */
function exactBody(response: Response): unknown {
  expect(response.status).toBe(200);
  return JSON.parse(response.text, (key, value: unknown) => {
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
      throw new Error(`${key}: ${value} is not exact in JSON`);
    return value;
  });
}

describe('money is exact at any size the API accepts', () => {
  let app: TestApp;
  let answersRead = 0;

  beforeAll(async () => {
    app = await startSeeded();
    const rows = Array.from({ length: ORDERS }, (_, order) => `${CLIENT},o-${order},${at(order)},${amountOf(order)},EUR,rep-anna`);
    await app.http
      .post('/v1/imports')
      .set('Content-Type', 'text/csv')
      .send(['client,orderId,occurredAt,amount,currency,rep', ...rows].join('\n'))
      .expect(201);
  }, 120_000);
  afterAll(() => app.stop());

  const restReads = () => ({
    client: app.http.get(`/v1/clients/${CLIENT}`),
    clients: app.http.get('/v1/clients?limit=10'),
    month: app.http.get('/v1/revenue?from=2024-03-01&to=2024-03-31'),
    cut: app.http.get('/v1/revenue?from=2024-03-01&to=2024-03-15'),
    perRep: app.http.get('/v1/revenue?from=2024-03-01&to=2024-03-31&groupBy=rep'),
    retention: app.http.get('/v1/retention?from=2024-03-01&to=2024-03-31'),
  });

  const GRAPHQL = `{
    client(clientId: "${CLIENT}") { revenue { amount currency } }
    clients(limit: 10) { clients { clientId revenue { amount currency } } }
    revenue(from: "2024-03-01", to: "2024-03-31") { rows { key newRevenue repeatRevenue commission orders } salesToClientRatio { salesRevenue clientRevenue } }
    retention(from: "2024-03-01", to: "2024-03-31") { cohorts { cohort revenue } }
  }`;

  async function answers() {
    const reads = restReads();
    const rest: Record<string, unknown> = {};
    for (const [name, read] of Object.entries(reads)) rest[name] = exactBody(await read);
    const graphql = exactBody(await app.http.post('/graphql').send({ query: GRAPHQL })) as { data: unknown; errors?: unknown };
    answersRead += Object.keys(reads).length + 1;
    return { rest, graphql };
  }

  it(`sums ${ORDERS} orders of up to ${MAX_ORDER_AMOUNT} minor units exactly, over REST and GraphQL, live and rebuilt`, async () => {
    const total = TOTAL.toString();
    const repeat = (TOTAL - FIRST).toString();
    expect(TOTAL > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);

    const live = await answers();
    const rest = live.rest as Record<string, Record<string, unknown>>;
    expect(rest.client!.revenue).toEqual([{ amount: total, currency: 'EUR' }]);
    expect(rest.clients!.clients).toEqual([expect.objectContaining({ clientId: CLIENT, revenue: [{ amount: total, currency: 'EUR' }] })]);
    const row = {
      month: '2024-03',
      key: 'sales',
      currency: 'EUR',
      newRevenue: FIRST.toString(),
      repeatRevenue: repeat,
      commission: '0',
      orders: ORDERS,
    };
    expect(rest.month!.rows).toEqual([row]);
    expect(rest.month!.salesToClientRatio).toEqual([
      { month: '2024-03', currency: 'EUR', salesRevenue: total, clientRevenue: '0', ratio: null },
    ]);
    expect(rest.cut!.rows).toEqual([row]);
    expect(rest.perRep!.rows).toEqual([{ ...row, key: 'rep-anna' }]);
    // One cohort, every order in its first month; the later months up to now hold nothing.
    const cohortRevenue = (rest.retention!.cohorts as Array<{ revenue: Record<string, string[]> }>).map((cohort) => cohort.revenue);
    expect(cohortRevenue).toEqual([{ EUR: [total, ...cohortRevenue[0]!.EUR!.slice(1).map(() => '0')] }]);

    expect(live.graphql.errors).toBeUndefined();
    expect(live.graphql.data).toEqual({
      client: { revenue: [{ amount: total, currency: 'EUR' }] },
      clients: { clients: [{ clientId: CLIENT, revenue: [{ amount: total, currency: 'EUR' }] }] },
      revenue: {
        rows: [{ key: 'sales', newRevenue: FIRST.toString(), repeatRevenue: repeat, commission: '0', orders: ORDERS }],
        salesToClientRatio: [{ salesRevenue: total, clientRevenue: '0' }],
      },
      retention: { cohorts: [{ cohort: '2024-03', revenue: cohortRevenue[0] }] },
    });

    for (const projection of ['clients', 'revenue', 'retention'])
      await app.http.post(`/v1/admin/projections/${projection}/rebuild`).expect(202);
    for (let waited = 0; ; waited += 100) {
      const status = (await app.http.get('/v1/admin/projections').expect(200)).body as Array<{ rebuild: unknown; lag: number | null }>;
      if (status.every((one) => !one.rebuild && one.lag === 0)) break;
      if (waited > 60_000) throw new Error(`the rebuilds did not finish: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await answers()).toEqual(live);

    recordFigures('exactMoney', {
      orders: ORDERS,
      maxOrderAmount: MAX_ORDER_AMOUNT,
      total,
      totalOverMaxSafeInteger: (TOTAL - BigInt(Number.MAX_SAFE_INTEGER)).toString(),
      answersRead,
      inexactOrFailedAnswers: 0,
    });
  }, 120_000);

  it('refuses an order over the maximum over REST and GraphQL (VALIDATION_FAILED on total.amount, with every other malformed field) and an import (MONEY_AMOUNT_UNSAFE), appending nothing', async () => {
    const head = await app.headPosition();
    const over = MAX_ORDER_AMOUNT + 1;
    const reorder = {
      orderId: 'too-big',
      total: { amount: over, currency: 'EUR' },
      takenBy: 'rep-anna',
      occurredAt: '2024-04-01T10:00:00Z',
    };
    const rest = await app.http.post(`/v1/clients/${CLIENT}/orders`).send(reorder);
    expectProblem(rest, 400, 'VALIDATION_FAILED');
    expect(rest.body.errors).toEqual([expect.objectContaining({ field: 'total.amount' })]);

    const graphql = await app.http.post('/graphql').send({
      query: 'mutation($input: PlaceReorderInput!) { placeReorder(clientId: "big", input: $input) { position } }',
      variables: { input: reorder },
    });
    expect(graphql.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'VALIDATION_FAILED' }) })]);

    const imported = await app.http
      .post('/v1/imports')
      .set('Content-Type', 'text/csv')
      .send(`client,orderId,occurredAt,amount,currency,rep\n${CLIENT},too-big,2024-04-01T10:00:00Z,${over},EUR,rep-anna`);
    expectProblem(imported, 422, 'IMPORT_INVALID');
    expect(imported.body.errors.map((error: { field: string; code: string }) => [error.field, error.code])).toEqual([
      ['line 2: amount', 'MONEY_AMOUNT_UNSAFE'],
    ]);

    expect(await app.headPosition()).toBe(head);
  });
});
