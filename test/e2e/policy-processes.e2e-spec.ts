import { type NewEvent, SqliteEventStore } from '@ledger/event-store';
import Database from 'better-sqlite3';

import { databaseTemplate } from '../int/support/database-template';
import { ApiProcess } from './support/api-process';
import { tokenFor } from './support/test-app';

/**
 * Policies are exactly once across crashes and across processes: a backlog of
 * clients that are all due for a handoff, worked through by the real API in its
 * own process, killed with SIGKILL in the middle, or with two processes over one
 * database file. Afterwards every client was handed off exactly once.
 */
const CLIENTS = 2_000;
const MANAGERS = ['mgr-a', 'mgr-b', 'mgr-c'];
const DAY_MS = 24 * 60 * 60 * 1000;
const POLICY_ENV = { LEDGER_POLICIES: 'auto-handoff', LEDGER_HANDOFF_AFTER_REORDERS: '3' };

describe('policies over a backlog, in the API as its own process', () => {
  const databases = databaseTemplate('ledger-policy-processes-', (template) => writeBacklog(template));

  it.each([1, 2, 3])(
    'killed with SIGKILL while handing off the backlog, then restarted: every due handoff happened exactly once (run %d)',
    async (run) => {
      const file = databases.copyFor(run);
      const first = await ApiProcess.start({ databasePath: file, env: POLICY_ENV });
      // Kill once a part of the backlog, varying from run to run, has been handed off.
      const killAt = Math.floor(CLIENTS * (0.1 + Math.random() * 0.6));
      await until(
        () => handoffCount(file) >= killAt,
        60_000,
        () => first.printed,
      );
      await first.kill('SIGKILL');
      const handedBeforeRestart = handoffCount(file);
      expect(handedBeforeRestart).toBeLessThan(CLIENTS); // killed in the middle

      const second = await ApiProcess.start({ databasePath: file, env: POLICY_ENV });
      try {
        await until(
          () => handoffCount(file) >= CLIENTS,
          60_000,
          () => second.printed,
        );
        await settled(second);
      } finally {
        await second.kill('SIGTERM');
      }
      expectEachClientHandedOffOnce(file);
    },
    150_000,
  );

  it('two processes over one database, a backlog appended under them: the read-model lease holder runs the policy, still exactly once', async () => {
    const file = databases.file('two-processes.db');
    await writeBacklog(file, { clients: false });
    const [one, two] = await Promise.all([
      ApiProcess.start({ databasePath: file, env: POLICY_ENV }),
      ApiProcess.start({ databasePath: file, env: POLICY_ENV }),
    ]);
    try {
      // Both serve before the backlog arrives; the one holding the read-model lease works it, the other reports it run elsewhere.
      await writeBacklog(file, { employees: false });
      await until(
        () => handoffCount(file) >= CLIENTS,
        90_000,
        () => one.printed + two.printed,
      );
      await Promise.all([settled(one), settled(two)]);
      const issued = await Promise.all([one, two].map(async (api) => (await policyStatus(api))[0]!.issued as number));
      expect(issued[0]! + issued[1]!).toBeGreaterThanOrEqual(CLIENTS);
      process.stdout.write(
        `two processes handed off ${CLIENTS} clients: ${issued.join(' + ')} commands issued (a repeat of the other's appends nothing)\n`,
      );
    } finally {
      await Promise.all([one.kill('SIGTERM'), two.kill('SIGTERM')]);
    }
    expectEachClientHandedOffOnce(file);
  }, 150_000);
});

/** Employees, and CLIENTS clients (either part alone if asked) each won 10 days ago with 3 reorders since: every one is due for the reorders rule. */
async function writeBacklog(file: string, parts: { employees?: boolean; clients?: boolean } = {}): Promise<void> {
  const store = SqliteEventStore.open({ path: file });
  const wonAt = Date.now() - 10 * DAY_MS;
  const at = (offsetMinutes: number) => new Date(wonAt + offsetMinutes * 60_000).toISOString();
  const metadata = (correlationId: string) => ({
    actor: { type: 'user' as const, id: 'test-admin', role: 'admin' },
    correlationId,
    causationId: correlationId,
  });
  // Ids distinct between the two parts, so they can be written at different times.
  let sequence = parts.employees === false ? 1_000 : 0;
  const event = (type: string, occurredAt: string, data: unknown, correlationId: string): NewEvent => ({
    eventId: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    occurredAt,
    data,
    metadata: metadata(correlationId),
  });
  const people = [
    { employeeId: 'rep-anna', department: 'sales', role: 'rep' },
    ...MANAGERS.map((employeeId) => ({ employeeId, department: 'client', role: 'manager' })),
  ];
  if (parts.employees !== false) {
    await store.appendMany(
      people.map((person) => ({
        streamId: `employee-${person.employeeId}`,
        events: [event('EmployeeJoined', at(-60 * 24 * 30), { ...person, name: person.employeeId }, `join-${person.employeeId}`)],
        options: { expectedRevision: 'no_stream' },
      })),
    );
  }
  for (let from = 0; parts.clients !== false && from < CLIENTS; from += 100) {
    const requests = Array.from({ length: Math.min(100, CLIENTS - from) }, (_, index) => {
      const clientId = `c-${from + index}`;
      const order = (orderId: string, amount: number) => ({ orderId, total: { amount, currency: 'EUR' } });
      return {
        streamId: `client-${clientId}`,
        events: [
          event(
            'ClientWon',
            at(0),
            { clientId, leadId: `lead-${clientId}`, repId: 'rep-anna', department: 'sales', firstOrder: order(`${clientId}-o1`, 50_000) },
            `win-${clientId}`,
          ),
          ...[1, 2, 3].map((reorder) =>
            event(
              'ReorderPlaced',
              at(reorder * 60),
              {
                clientId,
                ...order(`${clientId}-r${reorder}`, 10_000),
                takenBy: 'rep-anna',
                creditedDepartment: 'sales',
                creditedOwnerId: 'rep-anna',
              },
              `order-${clientId}-${reorder}`,
            ),
          ),
        ],
        options: { expectedRevision: 'no_stream' as const },
      };
    });
    const results = await store.appendMany(requests);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
  }
  await store.close();
}

/** Handoffs in the file now, read beside the running API (WAL lets a reader in). */
function handoffCount(file: string): number {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      database.prepare("SELECT COUNT(*) AS count FROM events WHERE type = 'ClientHandedToClientDepartment'").get() as { count: number }
    ).count;
  } finally {
    database.close();
  }
}

function expectEachClientHandedOffOnce(file: string): void {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = database
      .prepare(
        "SELECT stream_id AS streamId, COUNT(*) AS count FROM events WHERE type = 'ClientHandedToClientDepartment' GROUP BY stream_id",
      )
      .all() as Array<{ streamId: string; count: number }>;
    expect(rows).toHaveLength(CLIENTS);
    expect(rows.filter((row) => row.count !== 1)).toEqual([]);
    // Each names the policy, its rule and the third reorder that caused it.
    const metadata = database.prepare("SELECT metadata FROM events WHERE type = 'ClientHandedToClientDepartment'").all() as Array<{
      metadata: string;
    }>;
    for (const row of metadata)
      expect(JSON.parse(row.metadata)).toMatchObject({
        actor: { type: 'policy', name: 'auto-handoff' },
        rule: { name: 'handoff-after-reorders' },
      });
    // The backlog was spread over the managers, not dumped on one.
    const perManager = database
      .prepare(
        "SELECT json_extract(data, '$.toManagerId') AS manager, COUNT(*) AS count FROM events WHERE type = 'ClientHandedToClientDepartment' GROUP BY manager",
      )
      .all() as Array<{ manager: string; count: number }>;
    expect(perManager.map((row) => row.manager).sort()).toEqual(MANAGERS);
  } finally {
    database.close();
  }
}

async function policyStatus(api: ApiProcess): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${api.url}/v1/admin/policies`, { headers: { authorization: `Bearer ${tokenFor('analyst')}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Array<Record<string, unknown>>;
}

/** Waits until the process's policy has nothing behind, nothing due and nothing waiting. */
async function settled(api: ApiProcess): Promise<void> {
  await until(
    async () => {
      const [handoff] = await policyStatus(api);
      return handoff!.lag === 0 && handoff!.due === 0 && handoff!.waiting === 0;
    },
    30_000,
    () => api.printed,
  );
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, context: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms; the API printed:\n${context().slice(0, 80)}\n...\n${context().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
