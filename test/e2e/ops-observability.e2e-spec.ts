import { PROJECTION_RUNNER } from '@ledger/ledger';
import type { ProjectionRunner } from '@ledger/projections';

import { TestApp } from './support/test-app';

const EMPLOYEE = { employeeId: 'rep-ops', name: 'Olga Ops', department: 'sales', role: 'rep', occurredAt: '2024-01-01T08:00:00Z' };

/** The value of one series in Prometheus's text exposition, or undefined when absent. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations: correlation ids, metrics and health', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { LEDGER_READY_MAX_LAG: '2' } });
  });
  afterAll(() => app.stop());

  describe('request and correlation ids', () => {
    it('echoes the caller X-Correlation-Id, which the events of the request carry', async () => {
      const response = await app.http.post('/v1/employees').set('X-Correlation-Id', 'order-flow-42').send(EMPLOYEE).expect(201);
      expect(response.headers['x-correlation-id']).toBe('order-flow-42');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const { body } = await app.http.get(`/v1/events?after=${response.body.position - 1}&limit=1`).expect(200);
      expect(body.events[0].metadata.correlationId).toBe('order-flow-42');
    });

    it('makes a correlation id when none is sent, answers it, and records the same one on the events', async () => {
      const response = await app.http
        .post('/v1/employees')
        .send({ ...EMPLOYEE, employeeId: 'rep-ops-2' })
        .expect(201);
      const generated = response.headers['x-correlation-id'];
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const { body } = await app.http.get(`/v1/events?after=${response.body.position - 1}&limit=1`).expect(200);
      expect(body.events[0].metadata.correlationId).toBe(generated);
    });

    it('answers ids on every answer, errors and unknown paths included, and keeps a proxy X-Request-Id', async () => {
      const unknown = await app.anonymous.get('/no/such/path').set('X-Request-Id', 'edge-7f3a').expect(404);
      expect(unknown.headers['x-request-id']).toBe('edge-7f3a');
      expect(unknown.headers['x-correlation-id']).toBeDefined();
      const refused = await app.anonymous.get('/v1/pipeline').expect(401);
      expect(refused.headers['x-correlation-id']).toBeDefined();
    });

    it('answers the correlation id an import derives from its file when none is sent, the one its events carry', async () => {
      const line = JSON.stringify({
        type: 'addEmployee',
        occurredAt: '2024-01-02T08:00:00Z',
        employeeId: 'rep-imported',
        name: 'Ida Import',
        department: 'sales',
        role: 'rep',
      });
      const response = await app.http.post('/v1/imports').set('Content-Type', 'application/x-ndjson').send(line).expect(201);
      expect(response.body.correlationId).toMatch(/^import-[0-9a-f]{32}$/);
      expect(response.headers['x-correlation-id']).toBe(response.body.correlationId);
    });

    it('still refuses an invalid X-Correlation-Id on a command, naming it, and answers a valid one instead', async () => {
      const response = await app.http
        .post('/v1/employees')
        .set('X-Correlation-Id', 'x'.repeat(200))
        .send({ ...EMPLOYEE, employeeId: 'rep-ops-3' })
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'X-Correlation-Id' })]);
      expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('/metrics', () => {
    it('wants an analyst or admin token', async () => {
      await app.anonymous.get('/metrics').expect(401);
      await app.as('rep').get('/metrics').expect(403);
      await app.as('auditor').get('/metrics').expect(403);
      await app.as('analyst').get('/metrics').expect(200);
    });

    it('counts appends, conflicts and idempotent replays, and tells the head and every reader lag', async () => {
      const before = (await app.as('analyst').get('/metrics').expect(200)).text;
      const appendsBefore = sample(before, 'ledger_append_duration_seconds_count') ?? 0;

      await app.http
        .post('/v1/employees')
        .set('Idempotency-Key', 'ops-key-1')
        .send({ ...EMPLOYEE, employeeId: 'rep-ops-4' })
        .expect(201);
      await app.http
        .post('/v1/employees')
        .set('Idempotency-Key', 'ops-key-1')
        .send({ ...EMPLOYEE, employeeId: 'rep-ops-4' })
        .expect(201);
      await app.http.post('/v1/employees/rep-ops-4/departure').set('If-Match', '"7"').send({ reason: 'moved on' }).expect(412);
      const head = await app.headPosition();

      const response = await app.as('analyst').get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const text = response.text;
      expect(sample(text, 'ledger_append_duration_seconds_count')).toBe(appendsBefore + 1);
      expect(sample(text, 'ledger_idempotent_replays_total{via="stored-answer"}')).toBe(1);
      expect(sample(text, 'ledger_conflicts_total{code="REVISION_MISMATCH"}')).toBe(1);
      expect(sample(text, 'ledger_conflicts_total{code="CONCURRENCY_CONFLICT"}')).toBe(0);
      expect(sample(text, 'ledger_log_head_position')).toBe(head);
      for (const projection of ['pipeline', 'retention', 'revenue', 'clients', 'handoffs']) {
        expect(sample(text, `ledger_projection_lag_events{projection="${projection}"}`)).toBe(0);
        expect(sample(text, `ledger_projection_rebuild_in_progress{projection="${projection}"}`)).toBe(0);
      }
      // The process's own figures come along.
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    });

    it('times requests by route pattern and status, never by the raw URL', async () => {
      await app.http.get('/v1/clients/acme-metrics').expect(404);
      await app.anonymous.get('/no/such/path').expect(404);
      const text = (await app.as('analyst').get('/metrics').expect(200)).text;
      expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/v1/clients/:clientId",status="404"}')).toBe(1);
      expect(sample(text, 'http_request_duration_seconds_count{method="POST",route="/v1/employees",status="201"}')).toBeGreaterThanOrEqual(
        2,
      );
      expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('acme-metrics');
      expect(text).not.toContain('/no/such/path');
    });

    it('keeps the figures of each app instance apart', async () => {
      const other = await TestApp.start();
      try {
        const text = (await other.as('admin').get('/metrics').expect(200)).text;
        expect(sample(text, 'ledger_append_duration_seconds_count')).toBe(0);
      } finally {
        await other.stop();
      }
    });
  });

  describe('/health', () => {
    it('answers live and ready without credentials, and /health as before', async () => {
      expect((await app.anonymous.get('/health/live').expect(200)).body).toMatchObject({
        status: 'ok',
        info: { process: { status: 'up' } },
      });
      const ready = await app.anonymous.get('/health/ready').expect(200);
      expect(ready.body.info).toMatchObject({
        eventStore: { status: 'up' },
        projections: { status: 'up', maxLag: 2 },
        shutdown: { status: 'up' },
      });
      expect((await app.anonymous.get('/health').expect(200)).body.info).toMatchObject({
        eventStore: { status: 'up' },
        projections: { status: 'up' },
      });
    });

    // Last: it stops the projections of this app.
    it('is not ready once the projections stop following, nor while they lag beyond LEDGER_READY_MAX_LAG', async () => {
      await app.app.get<ProjectionRunner>(PROJECTION_RUNNER).stop();
      for (const employeeId of ['rep-lag-1', 'rep-lag-2', 'rep-lag-3'])
        await app.http
          .post('/v1/employees')
          .send({ ...EMPLOYEE, employeeId })
          .expect(201);
      // Terminus's 503 leaves as problem details, like /health's, with what is not ready in the detail.
      const ready = await app.anonymous.get('/health/ready').expect(503);
      const notReady = JSON.parse(ready.body.detail.replace(/^not ready: /, ''));
      expect(notReady.projections).toMatchObject({ status: 'down', maxLag: 2, pipeline: { state: 'stopped', lag: 3, ready: false } });
      await app.anonymous.get('/health/live').expect(200);
    });
  });
});
