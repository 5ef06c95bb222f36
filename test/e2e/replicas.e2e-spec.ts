import { randomUUID } from 'node:crypto';

import { dropSchemas, postgresReachable, TEST_POSTGRES_URL } from '../../libs/event-store/src/testing/postgres-test-server';
import { ApiProcess } from './support/api-process';
import { tokenFor } from './support/test-app';

/**
 * Any number of API processes over one PostgreSQL database answer the same:
 * one of them (the read-model lease's holder) runs the projections, the others
 * answer from the tables it stores; a read naming the position a command
 * answered with sees that command on any of them; when the holder is killed,
 * another takes the work over; and the answers equal a full rebuild.
 */
const SCHEMA = `ledger_replicas_${process.pid}_${randomUUID().slice(0, 8)}`;
const ENV = {
  LEDGER_STORE: 'postgres',
  LEDGER_POSTGRES_URL: TEST_POSTGRES_URL,
  LEDGER_POSTGRES_SCHEMA: SCHEMA,
  LEDGER_LEASE_SECONDS: '2',
  LEDGER_READ_WAIT_MS: '20000',
  LEDGER_POLICIES: 'none',
};
const ADMIN = `Bearer ${tokenFor('admin', 'test-admin')}`;
const REPORTS = [
  '/v1/pipeline?from=2024-01-01&to=2024-12-31',
  '/v1/retention?from=2024-01-01&asOf=2024-06-30T00:00:00Z',
  '/v1/revenue?from=2024-01-01&to=2024-12-31&groupBy=rep',
  '/v1/revenue?asKnownAt=2100-01-01T00:00:00Z',
  '/v1/clients?limit=100',
  '/v1/audit/handoffs',
];
const PROJECTIONS = ['pipeline', 'retention', 'revenue', 'clients', 'handoffs', 'employees', 'leads'];

const reachable = postgresReachable('API replicas');

async function call(api: ApiProcess, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { Authorization: ADMIN, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

async function command(api: ApiProcess, path: string, body: unknown): Promise<number> {
  const answer = await call(api, 'POST', path, body);
  if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}\n${api.printed}`);
  return answer.body!.position as number;
}

async function runsHere(api: ApiProcess): Promise<boolean[]> {
  const { body } = await call(api, 'GET', '/v1/admin/projections');
  return (body as unknown as Array<{ runsHere: boolean }>).map((status) => status.runsHere);
}

/** Every report as the process answers it once it has stored `position`, without the fields that say when. */
async function reportsOf(api: ApiProcess, position: number): Promise<unknown[]> {
  return Promise.all(
    REPORTS.map(async (path) => {
      const answer = await call(api, 'GET', path, undefined, { 'Ledger-Min-Position': String(position) });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      const { position: _position, ...rest } = answer.body!;
      return rest;
    }),
  );
}

(reachable ? describe : describe.skip)('API replicas over one PostgreSQL database', () => {
  const started: ApiProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((api) => api.kill('SIGKILL')));
    await dropSchemas(SCHEMA);
  });
  const start = async () => {
    const api = await ApiProcess.start({ databasePath: '/nonexistent/unused.db', env: ENV });
    started.push(api);
    return api;
  };

  it('share the work: a read on one sees a command on the other; the lease moves when its holder dies; answers equal a rebuild', async () => {
    const first = await start();
    const second = await start();
    expect(await runsHere(first)).toEqual(PROJECTIONS.map(() => true));
    expect(await runsHere(second)).toEqual(PROJECTIONS.map(() => false));

    // Commands on the process that does not run the projections; reads of the other, and of itself, see them.
    await command(second, '/v1/employees', {
      employeeId: 'rep-anna',
      name: 'Anna',
      department: 'sales',
      role: 'rep',
      occurredAt: '2024-01-01T08:00:00Z',
    });
    await command(second, '/v1/employees', {
      employeeId: 'mgr-carl',
      name: 'Carl',
      department: 'client',
      role: 'manager',
      occurredAt: '2024-01-01T08:00:00Z',
    });
    for (const client of ['acme', 'beta', 'gamma']) {
      await command(second, `/v1/leads/lead-${client}/contacts`, {
        repId: 'rep-anna',
        company: client,
        channel: 'call',
        outcome: 'interested',
        occurredAt: '2024-02-01T09:00:00Z',
      });
      await command(second, '/v1/clients', {
        clientId: client,
        leadId: `lead-${client}`,
        repId: 'rep-anna',
        firstOrder: { orderId: `${client}-1`, total: { amount: 100_000, currency: 'EUR' } },
        occurredAt: '2024-02-10T10:00:00Z',
      });
    }
    const handoff = await command(second, '/v1/clients/acme/handoff', {
      toManagerId: 'mgr-carl',
      reason: 'repeat customer',
      occurredAt: '2024-03-01T10:00:00Z',
    });
    const onFirst = await call(first, 'GET', `/v1/audit/handoffs?minPosition=${handoff}`);
    expect(onFirst.body!.handoffs).toEqual([
      expect.objectContaining({ clientId: 'acme', to: { department: 'client', employeeId: 'mgr-carl' } }),
    ]);
    const onSecond = await call(second, 'GET', `/v1/clients?owningDepartment=client&minPosition=${handoff}`);
    expect((onSecond.body!.clients as Array<{ clientId: string }>).map((client) => client.clientId)).toEqual(['acme']);
    expect(await reportsOf(second, handoff)).toEqual(await reportsOf(first, handoff));

    // The holder dies: the other takes the projections over once the lease runs out, and a read waiting for a later command sees it.
    await first.kill('SIGKILL');
    const reorder = await command(second, '/v1/clients/beta/orders', {
      orderId: 'beta-2',
      total: { amount: 40_000, currency: 'EUR' },
      takenBy: 'rep-anna',
      occurredAt: '2024-04-02T10:00:00Z',
    });
    const revenue = await call(second, 'GET', `/v1/revenue?from=2024-04-01&to=2024-04-30&minPosition=${reorder}`);
    expect(revenue.status).toBe(200);
    expect(revenue.body!.rows).toEqual([expect.objectContaining({ month: '2024-04', key: 'sales', repeatRevenue: '40000' })]);
    expect(await runsHere(second)).toEqual(PROJECTIONS.map(() => true));

    // A third process joins as a reader; after every projection is rebuilt from the log, all answer as before.
    const third = await start();
    expect(await runsHere(third)).toEqual(PROJECTIONS.map(() => false));
    const before = await reportsOf(second, reorder);
    expect(await reportsOf(third, reorder)).toEqual(before);
    for (const projection of PROJECTIONS)
      expect((await call(second, 'POST', `/v1/admin/projections/${projection}/rebuild`)).status).toBe(202);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await call(second, 'GET', '/v1/admin/projections');
      const statuses = body as unknown as Array<{ generation: number; rebuild?: unknown; lag: number }>;
      if (statuses.every((status) => status.generation >= 2 && status.rebuild === undefined && status.lag === 0)) break;
      if (Date.now() > deadline) throw new Error(`rebuilds not done: ${JSON.stringify(statuses)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await reportsOf(second, reorder)).toEqual(before);
    expect(await reportsOf(third, reorder)).toEqual(before);
  }, 120_000);
});
