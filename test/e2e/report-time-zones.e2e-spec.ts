import { placeReorder } from './support/given';
import { errorsOf, graphqlAs, startListening } from './support/graphql';
import { expectProblem, seedOrganisation, suiteApp, type TestApp, winClient } from './support/test-app';

/** 00:30 on 1 October in Budapest (summer time, UTC+2): still 30 September in UTC. */
const HALF_PAST_MIDNIGHT_IN_BUDAPEST = '2024-10-01T00:30:00+02:00';

/** A client won by an order at 00:30 local time on 1 October in Budapest, and reordering on 15 October. */
async function recordOctoberInBudapest(app: TestApp): Promise<void> {
  await seedOrganisation(app);
  await winClient(app, 'acme', {
    leadId: 'acme',
    company: 'ACME Kft',
    contactedAt: '2024-09-20T09:00:00+02:00',
    orderId: 'o-1',
    firstOrder: { amount: 100_000, currency: 'EUR' },
    wonAt: HALF_PAST_MIDNIGHT_IN_BUDAPEST,
  });
  await placeReorder(app, 'acme', { orderId: 'o-2', amount: 5_000, takenBy: 'rep-anna', occurredAt: '2024-10-15T10:00:00+02:00' });
}

const monthsOf = (body: { rows: Array<{ month: string; newRevenue: string; repeatRevenue: string }> }) =>
  body.rows.map(({ month, newRevenue, repeatRevenue }) => [month, newRevenue, repeatRevenue]);

describe('reports in a time zone', () => {
  describe('given a company on UTC (the default) and an order at 00:30 on 1 October in Budapest', () => {
    let app: TestApp;
    let url: string;
    beforeAll(async () => {
      ({ app, url } = await startListening());
      await recordOctoberInBudapest(app);
    });
    afterAll(() => app.stop());

    it('REST revenue with timeZone=Europe/Budapest counts it in October, and the days of from and to are Budapest days', async () => {
      const response = await app.http.get('/v1/revenue?from=2024-10-01&to=2024-10-31&timeZone=Europe/Budapest').expect(200);
      expect(response.body.timeZone).toBe('Europe/Budapest');
      expect(monthsOf(response.body)).toEqual([['2024-10', '100000', '5000']]);
    });

    it('REST revenue without a zone answers in the company zone, UTC: the order is September’s, outside 1–31 October', async () => {
      const october = await app.http.get('/v1/revenue?from=2024-10-01&to=2024-10-31').expect(200);
      expect(october.body.timeZone).toBe('UTC');
      expect(monthsOf(october.body)).toEqual([['2024-10', '0', '5000']]);
      expect(monthsOf((await app.http.get('/v1/revenue').expect(200)).body)).toEqual([
        ['2024-09', '100000', '0'],
        ['2024-10', '0', '5000'],
      ]);
    });

    it('REST retention and pipeline take the zone: the October cohort, and the win on 1 October', async () => {
      const retention = await app.http.get('/v1/retention?timeZone=Europe/Budapest&asOf=2024-10-31T12:00:00Z').expect(200);
      expect(retention.body).toMatchObject({ timeZone: 'Europe/Budapest', throughMonth: '2024-10' });
      expect(retention.body.cohorts.map((cohort: { cohort: string; retained: number[] }) => [cohort.cohort, cohort.retained])).toEqual([
        ['2024-10', [1]],
      ]);
      const inUtc = await app.http.get('/v1/retention?asOf=2024-10-31T12:00:00Z').expect(200);
      expect(inUtc.body.cohorts.map((cohort: { cohort: string; retained: number[] }) => [cohort.cohort, cohort.retained])).toEqual([
        ['2024-09', [1, 1]],
      ]);
      const pipeline = await app.http.get('/v1/pipeline?from=2024-10-01&to=2024-10-01&timeZone=Europe/Budapest').expect(200);
      expect(pipeline.body).toMatchObject({ timeZone: 'Europe/Budapest', total: { won: 1 } });
      expect((await app.http.get('/v1/pipeline?from=2024-10-01&to=2024-10-01').expect(200)).body.total.won).toBe(0);
    });

    it('REST handoff trail states its zone; an unknown zone is 400 VALIDATION_FAILED naming timeZone', async () => {
      expect((await app.http.get('/v1/audit/handoffs?from=2024-10-01&timeZone=Asia/Kolkata').expect(200)).body.timeZone).toBe(
        'Asia/Kolkata',
      );
      for (const path of ['/v1/revenue', '/v1/pipeline', '/v1/retention', '/v1/audit/handoffs']) {
        const response = await app.http.get(`${path}?timeZone=Europe/Budapst`);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['timeZone']);
      }
    });

    it('GraphQL revenue with timeZone counts it in October; an unknown zone is VALIDATION_FAILED', async () => {
      const admin = graphqlAs(url, 'admin', 'admin-1');
      const answer = await admin.request<{ revenue: { timeZone: string; rows: Array<{ month: string; newRevenue: string }> } }>(
        '{ revenue(from: "2024-10-01", to: "2024-10-31", timeZone: "Europe/Budapest") { timeZone rows { month newRevenue } } }',
      );
      expect(answer.revenue).toEqual({ timeZone: 'Europe/Budapest', rows: [{ month: '2024-10', newRevenue: '100000' }] });
      const retention = await admin.request<{ retention: { timeZone: string; cohorts: Array<{ cohort: string }> } }>(
        '{ retention(timeZone: "Europe/Budapest") { timeZone cohorts { cohort } } }',
      );
      expect(retention.retention).toEqual({ timeZone: 'Europe/Budapest', cohorts: [{ cohort: '2024-10' }] });
      const errors = await errorsOf(admin.request('{ revenue(timeZone: "Mars/Olympus_Mons") { timeZone } }'));
      expect(errors[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(errors[0]?.extensions)).toContain('timeZone');
    });
  });

  describe('given the company in Europe/Budapest (LEDGER_TIME_ZONE)', () => {
    const app = suiteApp({ env: { LEDGER_TIME_ZONE: 'Europe/Budapest' } }, recordOctoberInBudapest);

    it('reports answer in Budapest by default, and in any zone asked, live and as of a past moment', async () => {
      const revenue = await app().http.get('/v1/revenue').expect(200);
      expect(revenue.body.timeZone).toBe('Europe/Budapest');
      expect(monthsOf(revenue.body)).toEqual([['2024-10', '100000', '5000']]);
      expect(monthsOf((await app().http.get('/v1/revenue?timeZone=UTC').expect(200)).body)).toEqual([
        ['2024-09', '100000', '0'],
        ['2024-10', '0', '5000'],
      ]);
      // As of 1 October 01:00 in Budapest: the first order only, in October.
      expect(monthsOf((await app().http.get('/v1/revenue?asOf=2024-10-01T01:00:00%2B02:00').expect(200)).body)).toEqual([
        ['2024-10', '100000', '0'],
      ]);
      const retention = await app().http.get('/v1/retention?asOf=2024-11-30T12:00:00Z').expect(200);
      expect(retention.body.cohorts.map((cohort: { cohort: string; retained: number[] }) => [cohort.cohort, cohort.retained])).toEqual([
        ['2024-10', [1, 0]],
      ]);
    });
  });
});
