import type { StorageConfig } from '@ledger/event-store';
import { LEDGER_PROJECTIONS } from '@ledger/projections';

import { cli } from './support/cli';
import { contactLead, recordWin } from './support/given';
import { openOutside } from './support/log-surgery';
import { seedOrganisation, TestApp } from './support/test-app';

const CHECK = 'GET /v1/admin/projections/check';
const CHECK_QUERY = `query Check($projection: ID) {
  checkReadModels(projection: $projection) {
    projection equal generation position tables { table storedOnly rebuiltOnly } differences { table key stored rebuilt } checkedAt seconds
  }
}`;
const SALES_MARCH = { month: '2024-03', department: 'sales', currency: 'EUR' };

/** Adds to a stored report's figure in the database, outside the application (the live generation of revenue's monthly totals). */
async function inflateStoredRevenue(storage: StorageConfig, minorUnits: number): Promise<void> {
  const outside = await openOutside(storage);
  try {
    const [{ generation }] = await outside.all<{ generation: number }>(
      "SELECT generation FROM projection_generations WHERE projection = 'revenue' AND is_live = TRUE",
    );
    await outside.run(
      `UPDATE rm_revenue__monthly_department_totals__g${generation} SET new_revenue = new_revenue + ? WHERE month = ? AND department = ? AND currency = ?`,
      [minorUnits, SALES_MARCH.month, SALES_MARCH.department, SALES_MARCH.currency],
    );
  } finally {
    await outside.close();
  }
}

describe(`read models checked against the log: ${CHECK}, GraphQL checkReadModels, the CLI check-read-models`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
    await seedOrganisation(app);
    await contactLead(app, 'acme', { repId: 'rep-anna', company: 'ACME GmbH', occurredAt: '2024-03-01T09:00:00Z' });
    await recordWin(app, { clientId: 'acme', orderId: 'o-1', amount: 4_934_120, occurredAt: '2024-03-10T10:00:00Z' });
  });
  afterAll(() => app.stop());

  it('finds every untouched read model equal to the log at the head, and says so in /metrics and /health/ready', async () => {
    const head = await app.headPosition();
    const checks = (await app.as('auditor').get('/v1/admin/projections/check').expect(200)).body;
    expect(checks.map((check: { projection: string }) => check.projection)).toEqual(
      LEDGER_PROJECTIONS.map((definition) => definition.name),
    );
    for (const check of checks) expect(check).toMatchObject({ equal: true, position: head, differences: [] });

    const metrics = (await app.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^ledger_read_model_check_equal\{projection="revenue"\} 1$/m);
    expect(metrics).toMatch(/^ledger_read_model_check_differing_rows\{projection="revenue"\} 0$/m);
    const ready = await app.anonymous.get('/health/ready').expect(200);
    expect(ready.body.info.readModelCheck).toMatchObject({ status: 'up', revenue: { equal: true, position: head } });
  });

  it('names a report row changed in the database as different, with the stored and the log’s figures; the others stay equal', async () => {
    await inflateStoredRevenue(app.config.storage, 50_000_000);
    // What the issue saw: a second API served the edited figure.
    const served = await app.http.get('/v1/revenue?from=2024-03-01&to=2024-03-31').expect(200);
    expect(served.body.rows).toContainEqual(expect.objectContaining({ key: 'sales', newRevenue: '54934120' }));

    const [revenue] = (await app.http.get('/v1/admin/projections/check?projection=revenue').expect(200)).body;
    expect(revenue).toMatchObject({
      projection: 'revenue',
      equal: false,
      position: await app.headPosition(),
      differences: [
        {
          table: 'monthly_department_totals',
          key: SALES_MARCH,
          stored: expect.objectContaining({ ...SALES_MARCH, new_revenue: 54_934_120 }),
          rebuilt: expect.objectContaining({ ...SALES_MARCH, new_revenue: 4_934_120 }),
        },
      ],
    });
    expect(revenue.tables).toContainEqual({ table: 'monthly_department_totals', storedOnly: 1, rebuiltOnly: 1 });
    const { data } = (
      await app
        .as('auditor')
        .post('/graphql')
        .send({ query: CHECK_QUERY, variables: { projection: 'revenue' } })
        .expect(200)
    ).body;
    expect(data.checkReadModels[0]).toMatchObject({ projection: 'revenue', equal: false, differences: revenue.differences });
    const [pipeline] = (await app.http.get('/v1/admin/projections/check?projection=pipeline').expect(200)).body;
    expect(pipeline).toMatchObject({ equal: true, differences: [] });

    const metrics = (await app.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^ledger_read_model_check_equal\{projection="revenue"\} 0$/m);
    expect(metrics).toMatch(/^ledger_read_model_check_differing_rows\{projection="revenue"\} 2$/m);
    expect(metrics).toMatch(/^ledger_read_model_check_equal\{projection="pipeline"\} 1$/m);
    expect((await app.anonymous.get('/health/ready').expect(200)).body.info.readModelCheck.revenue).toMatchObject({ equal: false });
  });

  it('the CLI says the same, exiting 3 while a read model differs', async () => {
    const checked = await cli(app.config.storage, 'check-read-models', 'revenue');
    expect(checked.code).toBe(3);
    expect(JSON.parse(checked.stdout)).toMatchObject([
      {
        projection: 'revenue',
        equal: false,
        differences: [expect.objectContaining({ table: 'monthly_department_totals', key: SALES_MARCH })],
      },
    ]);
    const untouched = await cli(app.config.storage, 'check-read-models', 'pipeline');
    expect({ code: untouched.code, equal: JSON.parse(untouched.stdout)[0].equal }).toEqual({ code: 0, equal: true });
  });

  it('runs by itself every LEDGER_READ_MODEL_CHECK_INTERVAL_SECONDS in the process that runs the projections', async () => {
    const scheduled = await TestApp.start({ env: { LEDGER_READ_MODEL_CHECK_INTERVAL_SECONDS: '1' } });
    try {
      const deadline = Date.now() + 10_000;
      let checked: Record<string, { equal: boolean }> = {};
      while (Object.keys(checked).length < LEDGER_PROJECTIONS.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const { status, ...checks } = (await scheduled.anonymous.get('/health/ready').expect(200)).body.info.readModelCheck;
        expect(status).toBe('up');
        checked = checks;
      }
      expect(Object.values(checked).map((check) => check.equal)).toEqual(LEDGER_PROJECTIONS.map(() => true));
    } finally {
      await scheduled.stop();
    }
  });

  it('refuses an unknown projection (404) and a bad maxDifferences (400)', async () => {
    await app.http.get('/v1/admin/projections/check?projection=forecast').expect(404);
    await app.http.get('/v1/admin/projections/check?maxDifferences=0').expect(400);
  });
});
