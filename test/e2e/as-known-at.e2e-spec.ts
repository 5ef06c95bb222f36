import { placeReorder } from './support/given';
import { expectProblem, startSeeded, TestApp, winClient } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two clocks. January's figures were reported on a day; later, history that
 * happened in January is recorded (a late import). As of January (business
 * time) the report now includes it; as known at the day of the first report
 * (record time) it is exactly what was reported then.
 */
describe('as of a business time, and as known at a record time', () => {
  let app: TestApp;
  let reportedAt: string;
  let firstReport: { revenue: Record<string, unknown>; pipeline: Record<string, unknown>; client: Record<string, unknown> };

  const read = async (path: string, query: Record<string, string>) => (await app.http.get(path).query(query).expect(200)).body;
  const reports = async (query: Record<string, string>) => ({
    revenue: await read('/v1/revenue', { from: '2024-01-01', to: '2024-12-31', ...query }),
    pipeline: await read('/v1/pipeline', query),
    client: await read('/v1/clients/early', query),
  });
  const figures = ({ asOf: _asOf, asKnownAt: _asKnownAt, position: _position, ...rest }: Record<string, unknown>) => rest;

  beforeAll(async () => {
    app = await startSeeded('early');
    firstReport = await reports({});
    await sleep(10);
    reportedAt = new Date().toISOString();
    await sleep(10);
    // Recorded after the report, though it happened before it: a late import of February's history.
    await winClient(app, 'late', {
      leadId: 'late',
      company: 'Late GmbH',
      channel: 'email',
      contactedAt: '2024-02-03T09:00:00Z',
      orderId: 'l-1',
      firstOrder: { amount: 70_000, currency: 'EUR' },
      wonAt: '2024-02-20T10:00:00Z',
    });
    await placeReorder(app, 'early', { orderId: 'e-2', amount: 5_000, takenBy: 'rep-anna', occurredAt: '2024-02-25T10:00:00Z' });
  });
  afterAll(() => app.stop());

  it('as known at the first report, every report is what it said then', async () => {
    const knownThen = await reports({ asKnownAt: reportedAt });
    expect(figures(knownThen.revenue)).toEqual(figures(firstReport.revenue));
    expect(figures(knownThen.pipeline)).toEqual(figures(firstReport.pipeline));
    expect(figures(knownThen.client)).toEqual(figures(firstReport.client));
    expect(knownThen.revenue).toMatchObject({ asOf: null, asKnownAt: reportedAt });
  });

  it('as of the same business moment, the late history counts: the two clocks differ exactly by it', async () => {
    const asOf = '2024-03-01T00:00:00Z';
    const byBusinessTime = await reports({ asOf });
    const byBoth = await reports({ asOf, asKnownAt: reportedAt });
    const row = (report: Record<string, unknown>) =>
      (report.rows as { month: string; key: string; newRevenue: string; repeatRevenue: string }[]).find(
        (one) => one.month === '2024-02' && one.key === 'sales',
      );
    // February: the early client's first order (1,000.00) was known; the late win (700.00) and reorder (50.00) were not.
    expect(row(byBusinessTime.revenue)).toMatchObject({ newRevenue: '170000', repeatRevenue: '5000' });
    expect(row(byBoth.revenue)).toMatchObject({ newRevenue: '100000', repeatRevenue: '0' });
    expect((byBusinessTime.client.orders as unknown[]).length).toBe(2);
    expect((byBoth.client.orders as unknown[]).length).toBe(1);
    expect((byBusinessTime.pipeline.total as { won: number }).won - (byBoth.pipeline.total as { won: number }).won).toBe(1);
  });

  it('a lead recorded later did not exist as known earlier', async () => {
    expectProblem(await app.http.get('/v1/leads/late').query({ asKnownAt: reportedAt }), 404, 'LEAD_NOT_FOUND');
    await app.http.get('/v1/leads/late').expect(200);
  });

  it('refuses a record time without a zone', async () => {
    expectProblem(await app.http.get('/v1/revenue').query({ asKnownAt: '2024-01-01T00:00:00' }), 400, 'VALIDATION_FAILED');
  });
});
