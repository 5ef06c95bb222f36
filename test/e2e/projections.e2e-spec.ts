import { LEDGER_PROJECTIONS } from '@ledger/projections';

import { contactLead, handOff, loseLead, placeReorder, recordWin } from './support/given';
import { expectProblem, itRefusesQueriesNamingTheField, seedOrganisation, TestApp } from './support/test-app';

/** Polls until the condition holds, failing with the description when it does not in time. */
async function eventually(description: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * March 2024: Anna wins ACME and takes a reorder, hands it to Carl in the client
 * department, who takes the next one; her other lead is lost on price. The sales
 * plan drops from 10 % to 8 % on 15 March; the client department earns 3 %.
 */
async function recordMarch(app: TestApp): Promise<void> {
  await seedOrganisation(app);
  const plans = [
    { department: 'sales', rateBasisPoints: 1_000, effectiveFrom: '2024-01-01T00:00:00Z', occurredAt: '2024-01-01T08:00:00Z' },
    { department: 'client', rateBasisPoints: 300, effectiveFrom: '2024-01-01T00:00:00Z', occurredAt: '2024-01-01T08:00:00Z' },
    { department: 'sales', rateBasisPoints: 800, effectiveFrom: '2024-03-15T00:00:00Z', occurredAt: '2024-03-01T08:00:00Z' },
  ];
  for (const plan of plans) await app.http.post('/v1/commission-plans').send(plan).expect(201);
  const contact = (leadId: string, occurredAt: string) =>
    contactLead(app, leadId, { repId: 'rep-anna', company: `${leadId} GmbH`, occurredAt });
  await contact('acme', '2024-03-01T09:00:00Z');
  await contact('beta', '2024-03-02T09:00:00Z');
  await recordWin(app, { clientId: 'acme', orderId: 'o-1', amount: 10_005, occurredAt: '2024-03-10T10:00:00Z' });
  await loseLead(app, 'beta', { reason: 'price', occurredAt: '2024-03-12T10:00:00Z' });
  await placeReorder(app, 'acme', { orderId: 'o-2', amount: 20_000, takenBy: 'rep-anna', occurredAt: '2024-03-20T10:00:00Z' });
  await handOff(app, 'acme', { toManagerId: 'mgr-carl', reason: 'repeat customer', occurredAt: '2024-03-25T10:00:00Z' });
  await placeReorder(app, 'acme', { orderId: 'o-3', amount: 30_000, takenBy: 'mgr-carl', occurredAt: '2024-03-28T10:00:00Z' });
}

describe('projections over REST', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
    await recordMarch(app);
  });
  afterAll(() => app.stop());

  it('GET /v1/revenue: new and repeat revenue and commission per department and month, with the sales to client ratio', async () => {
    const response = await app.http.get('/v1/revenue?from=2024-03-01&to=2024-03-31').expect(200);
    expect(response.body).toEqual({
      asOf: null,
      asKnownAt: null,
      position: await app.headPosition(),
      timeZone: 'UTC',
      groupBy: 'department',
      rows: [
        { month: '2024-03', key: 'client', currency: 'EUR', newRevenue: '0', repeatRevenue: '30000', commission: '900', orders: 1 },
        // 10,005 at 10 % = 1,000.5, rounded half to even: 1,000; then 20,000 at 8 %: 1,600.
        { month: '2024-03', key: 'sales', currency: 'EUR', newRevenue: '10005', repeatRevenue: '20000', commission: '2600', orders: 2 },
      ],
      salesToClientRatio: [{ month: '2024-03', currency: 'EUR', salesRevenue: '30005', clientRevenue: '30000', ratio: 1.0002 }],
    });
  });

  it('GET /v1/revenue?groupBy=rep credits the winning rep and the taker of each reorder', async () => {
    const response = await app.http.get('/v1/revenue?groupBy=rep').expect(200);
    expect(
      response.body.rows.map((row: { key: string; newRevenue: string; repeatRevenue: string; commission: string }) => [
        row.key,
        row.newRevenue,
        row.repeatRevenue,
        row.commission,
      ]),
    ).toEqual([
      ['mgr-carl', '0', '30000', '900'],
      ['rep-anna', '10005', '20000', '2600'],
    ]);
  });

  it('GET /v1/pipeline: contacted, open, won, lost, conversion, median days to win and lost reasons per rep', async () => {
    const response = await app.http.get('/v1/pipeline?from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z').expect(200);
    const figures = { contacted: 2, open: 0, won: 1, lost: 1, conversion: 0.5, medianDaysToWin: 9.04, lostReasons: { price: 1 } };
    expect(response.body).toMatchObject({ asOf: null, groupBy: 'rep', rows: [{ key: 'rep-anna', ...figures }], total: figures });
    const byDepartment = await app.http.get('/v1/pipeline?groupBy=department&department=sales&repId=rep-anna').expect(200);
    expect(byDepartment.body.rows).toEqual([{ key: 'sales', ...figures }]);
  });

  it('GET /v1/retention: monthly cohorts with retained clients and revenue per month offset', async () => {
    const response = await app.http.get('/v1/retention?asOf=2024-05-31T23:59:59Z').expect(200);
    expect(response.body).toMatchObject({
      asOf: '2024-05-31T23:59:59.000Z',
      throughMonth: '2024-05',
      atRiskDays: 90,
      cohorts: [
        {
          cohort: '2024-03',
          clients: 1,
          retained: [1, 0, 0],
          retainedPct: [100, 0, 0],
          revenue: { EUR: ['60005', '0', '0'] },
          churned: 0,
          atRisk: 0,
        },
      ],
    });
    const atRisk = await app.http.get('/v1/retention?asOf=2024-05-31T23:59:59Z&atRiskDays=30').expect(200);
    expect(atRisk.body.clientsAtRisk).toEqual([{ clientId: 'acme', lastOrderAt: '2024-03-28T10:00:00.000Z', daysWithoutOrder: 64 }]);
  });

  it('answers as of a business time: before the handoff, all revenue was the sales department’s', async () => {
    const response = await app.http.get('/v1/revenue?asOf=2024-03-21T00:00:00%2B01:00').expect(200);
    expect(response.body.asOf).toBe('2024-03-20T23:00:00.000Z');
    expect(response.body.rows).toEqual([
      { month: '2024-03', key: 'sales', currency: 'EUR', newRevenue: '10005', repeatRevenue: '20000', commission: '2600', orders: 2 },
    ]);
  });

  itRefusesQueriesNamingTheField(
    () => app,
    [
      ['an unknown department', '/v1/pipeline?department=marketing', 'department'],
      ['a period that ends before it starts', '/v1/revenue?from=2024-03-31&to=2024-03-01', 'to'],
      ['a date that is not one', '/v1/retention?from=2024-02-30', 'from'],
      ['a time without a zone', '/v1/pipeline?to=2024-03-01T10:00:00', 'to'],
      ['an asOf that is not a time', '/v1/revenue?asOf=yesterday', 'asOf'],
      ['an unknown grouping', '/v1/revenue?groupBy=team', 'groupBy'],
      ['at-risk days of zero', '/v1/retention?atRiskDays=0', 'atRiskDays'],
      ['an unknown filter', '/v1/pipeline?region=north', 'region'],
      ['a filter given twice', '/v1/pipeline?department=sales&department=client', 'department'],
    ],
  );

  it('accepts a one-day period: from and to on the same day', async () => {
    const response = await app.http.get('/v1/revenue?from=2024-03-10&to=2024-03-10').expect(200);
    expect(response.body.rows).toEqual([expect.objectContaining({ key: 'sales', newRevenue: '10005', repeatRevenue: '0' })]);
  });

  it('shows the new event in the next answer (read your writes)', async () => {
    await app.http
      .post('/v1/clients/acme/orders')
      .send({ orderId: 'o-4', total: { amount: 1_000, currency: 'GBP' }, takenBy: 'mgr-carl', occurredAt: '2024-04-02T10:00:00Z' })
      .expect(201);
    const response = await app.http.get('/v1/revenue?from=2024-04-01&department=client').expect(200);
    expect(response.body.rows).toEqual([
      { month: '2024-04', key: 'client', currency: 'GBP', newRevenue: '0', repeatRevenue: '1000', commission: '30', orders: 1 },
    ]);
  });

  describe('administration', () => {
    it('GET /v1/admin/projections shows each projection’s checkpoint and lag behind the head', async () => {
      const head = await app.headPosition();
      await eventually('the projections follow to the head', async () => {
        const response = await app.http.get('/v1/admin/projections').expect(200);
        return response.body.every((status: { lag: number }) => status.lag === 0);
      });
      const response = await app.http.get('/v1/admin/projections').expect(200);
      expect(response.body).toEqual(
        LEDGER_PROJECTIONS.map(({ name, version }) => ({
          projection: name,
          version,
          generation: 1,
          checkpoint: head,
          head,
          lag: 0,
          state: 'live',
          runsHere: true,
        })),
      );
    });

    it('POST /v1/admin/projections/{name}/rebuild builds it anew beside the live one and swaps it in, answers unchanged', async () => {
      const before = (await app.http.get('/v1/revenue?groupBy=rep').expect(200)).body;
      const started = await app.http.post('/v1/admin/projections/revenue/rebuild').expect(202);
      expect(started.body).toMatchObject({ projection: 'revenue' });
      await eventually('the rebuilt generation serves', async () => {
        const response = await app.http.get('/v1/admin/projections').expect(200);
        const revenue = response.body.find((status: { projection: string }) => status.projection === 'revenue');
        return revenue.generation === 2 && revenue.rebuild === undefined;
      });
      expect((await app.http.get('/v1/revenue?groupBy=rep').expect(200)).body).toEqual(before);
    });

    it('answers 404 for a projection that does not exist', async () => {
      expectProblem(await app.http.post('/v1/admin/projections/forecast/rebuild'), 404, 'PROJECTION_NOT_FOUND');
    });
  });

  it('gives the same answers after a restart, from the stored read models', async () => {
    const urls = ['/v1/revenue?groupBy=rep', '/v1/pipeline?groupBy=department', '/v1/retention?asOf=2024-06-01T00:00:00Z'];
    const before = await Promise.all(urls.map(async (url) => (await app.http.get(url).expect(200)).body));
    app = await app.restart();
    const after = await Promise.all(urls.map(async (url) => (await app.http.get(url).expect(200)).body));
    expect(after).toEqual(before);
  });
});
