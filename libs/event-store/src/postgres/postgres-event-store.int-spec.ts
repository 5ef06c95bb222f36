import { randomUUID } from 'node:crypto';

import { firstValueFrom, take, toArray } from 'rxjs';

import { newEvent } from '../testing/contract-helpers';
import { copyContract } from '../testing/copy-contract';
import { eventStoreContract } from '../testing/event-store-contract';
import { dropSchemas, postgresReachable, TEST_POSTGRES_URL } from '../testing/postgres-test-server';
import { PostgresEventStore } from './postgres-event-store';

/**
 * The PostgreSQL adapter against a real server: LEDGER_TEST_POSTGRES_URL, or the
 * machine's own server (CI starts it). Each run works in a schema of its own,
 * dropped at the end. Without a reachable server the suite says so and is skipped.
 */
const URL = TEST_POSTGRES_URL;
const SCHEMA = `ledger_test_${process.pid}_${randomUUID().slice(0, 8)}`;

const reachable = postgresReachable('PostgreSQL event store');

const connect = (options: { schema?: string; clock?: () => Date } = {}) =>
  PostgresEventStore.connect({ connectionString: URL, schema: options.schema ?? SCHEMA, pollIntervalMs: 50, clock: options.clock });

(reachable ? describe : describe.skip)('PostgreSQL event store', () => {
  const other = `${SCHEMA}_b`;
  /** Each copy test's stores in schemas of their own: a copy goes into an empty log. */
  const copySchemas: string[] = [];
  afterAll(() => dropSchemas(SCHEMA, other, ...copySchemas));

  eventStoreContract(
    'PostgreSQL',
    () => connect(),
    undefined,
    () => connect(),
  );

  copyContract('PostgreSQL', () => {
    const schema = `${SCHEMA}_copy_${copySchemas.length}`;
    copySchemas.push(schema);
    return connect({ schema });
  });

  it('commits concurrent appends together, yet judges and answers each alone (group commit)', async () => {
    const store = await connect({ schema: `${SCHEMA}_g` });
    try {
      await store.append('group-taken', [newEvent('A')], { expectedRevision: 'no_stream' });
      const good = Array.from({ length: 6 }, (_, index) =>
        store.append(`group-${index}`, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' }),
      );
      const refused = store.append('group-taken', [newEvent('A')], { expectedRevision: 'no_stream' });
      // A NUL character in a text column: the server fails the statement, which aborts a shared transaction; the others must not pay for it.
      const failing = store.append('group-bad', [newEvent('A\u0000')], { expectedRevision: 'no_stream' });
      const [goodOutcomes, refusedOutcome, failingOutcome] = await Promise.all([
        Promise.allSettled(good),
        refused.then(
          () => 'stored',
          (error: Error) => error.name,
        ),
        failing.then(
          () => 'stored',
          () => 'failed',
        ),
      ]);
      expect(goodOutcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill('fulfilled'));
      expect(refusedOutcome).toBe('WrongExpectedRevisionError');
      expect(failingOutcome).toBe('failed');
      expect(await store.headPosition()).toBe(13);
      expect(await store.verifyChain()).toEqual({ intact: true, verifiedUpTo: 13, events: 13 });
    } finally {
      await store.close();
      await dropSchemas(`${SCHEMA}_g`);
    }
  });

  it('keeps positions gap-free and in commit order while 8 connections append at once', async () => {
    const writers = await Promise.all(Array.from({ length: 4 }, () => connect({ schema: other })));
    const reader = writers[0]!;
    try {
      // 4 stores with 2 lanes each: 8 connections, 50 appends of 2 events per lane.
      const total = 4 * 2 * 50 * 2;
      const before = await reader.headPosition();
      const delivered = firstValueFrom(reader.subscribe({ after: before }).pipe(take(total), toArray()));
      await Promise.all(
        writers.flatMap((writer, w) =>
          [0, 1].map(async (lane) => {
            for (let index = 0; index < 50; index++) {
              const streamId = `stream-${w}-${lane}-${index}`;
              await writer.append(streamId, [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
            }
          }),
        ),
      );
      const events = await delivered;
      expect(events.map((event) => event.position)).toEqual(Array.from({ length: total }, (_, index) => before + index + 1));
      expect(await reader.headPosition()).toBe(before + total);
      expect(await reader.verifyChain()).toMatchObject({ intact: true, verifiedUpTo: before + total });
    } finally {
      await Promise.all(writers.map((writer) => writer.close()));
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on events: the log is append-only', async () => {
    const store = await connect({ schema: other });
    try {
      await store.append(`client-${randomUUID()}`, [newEvent('A')], { expectedRevision: 'no_stream' });
      await expect(store.pool.query("UPDATE events SET data = '{}'")).rejects.toThrow(/append-only: UPDATE is refused/);
      await expect(store.pool.query('DELETE FROM events')).rejects.toThrow(/append-only: DELETE is refused/);
      await expect(store.pool.query('TRUNCATE events')).rejects.toThrow(/append-only: TRUNCATE is refused/);
    } finally {
      await store.close();
    }
  });

  it('runs each migration once, also when two processes start at once', async () => {
    const schema = `${SCHEMA}_c`;
    try {
      const [one, two] = await Promise.all([connect({ schema }), connect({ schema })]);
      const { rows } = await one.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await Promise.all([one.close(), two.close()]);
      const again = await connect({ schema });
      expect((await again.pool.query('SELECT version FROM schema_migrations')).rowCount).toBe(8);
      await again.close();
    } finally {
      await dropSchemas(schema);
    }
  });

  // A schema name of PostgreSQL's longest (63 characters) once made a NOTIFY channel longer than that: every append failed.
  it.each([
    ['a schema name', `${SCHEMA}_d`],
    ['the longest schema name', `${SCHEMA}_d`.padEnd(63, 'x')],
  ])('wakes a subscription in another process (connection) by NOTIFY, before its poll, with %s', async (_, schema) => {
    const writer = await connect({ schema });
    const follower = await PostgresEventStore.connect({ connectionString: URL, schema, pollIntervalMs: 60_000 });
    try {
      const first = firstValueFrom(follower.subscribe({ after: await follower.headPosition() }).pipe(take(1)));
      // Let the subscription read, find nothing and start waiting (its poll is a minute away).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await writer.append('client-x', [newEvent('A')], { expectedRevision: 'no_stream' });
      expect((await first).type).toBe('A');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await Promise.all([writer.close(), follower.close()]);
      await dropSchemas(schema);
    }
  });

  // A connection keeps the plans of append_to_stream's statements; planned while the log was empty (a new ledger's
  // first appends), the look-up of an append's event ids was a scan of the whole log, so appends slowed as it grew
  // (9 ms for ten events at 30,000 events) until an ANALYZE happened to replan it.
  it("looks an append's event ids up by their index, even with plans made while the log was empty", async () => {
    const schema = `${SCHEMA}_plans`;
    const store = await connect({ schema });
    try {
      await store.pool.query('ALTER TABLE events SET (autovacuum_enabled = false)');
      // The pool lends its most recently returned connection: the appends below run on this one.
      const connection = await store.pool.connect();
      const plans: string[] = [];
      connection.on('notice', (notice) => plans.push(notice.message ?? ''));
      for (const setting of [
        "LOAD 'auto_explain'",
        'SET plan_cache_mode = force_generic_plan',
        'SET auto_explain.log_min_duration = 0',
        'SET auto_explain.log_nested_statements = on',
        'SET auto_explain.log_level = notice',
        'SET client_min_messages = notice',
      ])
        await connection.query(setting);
      connection.release();
      await store.append('plans-0', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
      await store.pool.query(
        `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata, hash)
         SELECT 2 + n, 'grown-' || n, 'grown-' || n, 0, 'A', 1, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '{}', '{}', 'x'
           FROM generate_series(1, 5000) AS n`,
      );
      await store.pool.query('UPDATE event_log_head SET position = 5002 WHERE id = 1');
      plans.length = 0;
      await store.append('plans-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
      const lookups = plans.filter((plan) => plan.includes('event_id = ANY') || plan.includes('event_id ='));
      expect(lookups.length).toBeGreaterThan(0);
      expect(plans.filter((plan) => /Seq Scan on events/.test(plan))).toEqual([]);
    } finally {
      await store.close();
      await dropSchemas(schema);
    }
  });

  it('accepts only a plain schema name', async () => {
    await expect(PostgresEventStore.connect({ connectionString: URL, schema: 'x; DROP TABLE y' })).rejects.toThrow(
      /lowercase SQL identifier/,
    );
  });
});
