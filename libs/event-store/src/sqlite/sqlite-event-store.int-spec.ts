import { existsSync } from 'node:fs';
import * as path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';

import { canonicalEventContent } from '../event-chain';
import type { AppendedContent, RecordedEvent } from '../event-store';
import { SqlEvidenceTables } from '../evidence-tables';
import { SqlIdempotencyKeyStore } from '../idempotency-key-store';
import { SqlLeaseStore } from '../lease-store';
import { newEvent } from '../testing/contract-helpers';
import { copyContract } from '../testing/copy-contract';
import { eventStoreContract } from '../testing/event-store-contract';
import { evidenceTablesContract } from '../testing/evidence-tables-contract';
import { leaseStoreContract } from '../testing/lease-store-contract';
import { tempFiles } from '../testing/temp-files';
import { readAllQuery, SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import { sqliteSqlRunner } from './sqlite-sql-runner';

/** A file in a folder that does not exist yet: open() has to create it. */
const freshFile = tempFiles('ledger-sqlite-', path.join('nested', 'ledger.db'));

/** Stores opened by a test, closed after it even when it fails, so no subscription outlives it. */
const opened: SqliteEventStore[] = [];
const open = (options: SqliteEventStoreOptions) => {
  const store = SqliteEventStore.open(options);
  opened.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

eventStoreContract('SQLite in memory', async () => SqliteEventStore.open({ path: ':memory:', pollIntervalMs: 50 }));
eventStoreContract(
  'SQLite file (WAL)',
  async () => SqliteEventStore.open({ path: freshFile(), pollIntervalMs: 50 }),
  undefined,
  async (store) => SqliteEventStore.open({ path: (store as SqliteEventStore).database.name, pollIntervalMs: 50 }),
);
copyContract('SQLite file', async () => SqliteEventStore.open({ path: freshFile(), pollIntervalMs: 50 }));

const waitFor = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('SQLite event store', () => {
  it('keeps what it acknowledged across close and reopen, without re-running migrations', async () => {
    const file = freshFile();
    const first = open({ path: file });
    expect(existsSync(file)).toBe(true);
    const appended = await first.append('client-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    const migrations = first.database.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
    await first.close();

    const reopened = open({ path: file });
    expect((await reopened.readStream('client-1')).map((e) => [e.type, e.revision, e.position])).toEqual([
      ['A', 0, 1],
      ['B', 1, 2],
    ]);
    expect(await reopened.headPosition()).toBe(appended.position);
    // Same rows, same applied_at: nothing was applied a second time.
    expect(reopened.database.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all()).toEqual(migrations);
    expect(migrations.map((row) => (row as { version: number }).version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const c = await reopened.append('client-1', [newEvent('C')], { expectedRevision: 1 });
    expect([c.revision, c.position]).toEqual([2, 3]);
    await reopened.close();
  });

  it('opens a file in WAL mode with the configured durability, a busy timeout and foreign keys', async () => {
    const normal = open({ path: freshFile() });
    expect(normal.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(normal.database.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(normal.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(normal.database.pragma('foreign_keys', { simple: true })).toBe(1);
    await normal.close();

    const full = open({ path: freshFile(), synchronous: 'FULL' });
    expect(full.database.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await full.close();

    expect(() => open({ path: ':memory:', synchronous: 'OFF' as 'FULL' })).toThrow(/NORMAL or FULL/);
  });

  it('refuses UPDATE and DELETE on events: the log is append-only', async () => {
    const store = open({ path: ':memory:' });
    await store.append('client-1', [newEvent('A')], { expectedRevision: 'no_stream' });
    expect(() => store.database.prepare("UPDATE events SET data = '{}'").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => store.database.prepare('DELETE FROM events').run()).toThrow(/append-only: DELETE refused/);
    const [event] = await store.readStream('client-1');
    expect(event!.data).toEqual({ type: 'A' });
    expect(await store.headPosition()).toBe(1);
    await store.close();
  });

  it('records the time from its clock', async () => {
    const store = open({ path: ':memory:', clock: () => new Date('2030-01-02T03:04:05.000Z') });
    await store.append('client-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    expect((await store.readStream('client-1')).map((e) => e.recordedAt)).toEqual(['2030-01-02T03:04:05.000Z', '2030-01-02T03:04:05.000Z']);
    await store.close();
  });

  it('reads one stream of the log through the stream index, not by scanning the log', async () => {
    const file = freshFile();
    await open({ path: file }).close();
    const database = new BetterSqlite3(file, { readonly: true });
    try {
      const plan = (options: Parameters<typeof readAllQuery>[0]) => {
        const { sql, parameters } = readAllQuery(options);
        return database
          .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...parameters)
          .map((step) => step.detail);
      };
      const byStream = plan({
        after: 10,
        streamId: 'client-acme',
        types: ['ClientWon'],
        occurredFrom: '2024-01-01T00:00:00.000Z',
        limit: 5,
      });
      expect(byStream).toEqual([expect.stringMatching(/^SEARCH events USING INDEX sqlite_autoindex_events_\d \(stream_id=\?\)$/)]);
      expect(plan({ after: 10, limit: 5 })).toEqual([expect.stringMatching(/^SEARCH events USING INTEGER PRIMARY KEY \(rowid>\?\)$/)]);
    } finally {
      database.close();
    }
  });

  it('answers a stored append met again in a batch by the insert alone (expected revision any) as the first, and commits the rest of the batch', async () => {
    const store = open({ path: ':memory:' });
    const stored = [newEvent('A'), newEvent('B')];
    const first = await store.append('client-1', stored, { expectedRevision: 'no_stream' });
    const reused = newEvent('Reused');
    await store.append('client-2', [reused], { expectedRevision: 'no_stream' });

    const outcomes = await store.appendMany([
      { streamId: 'client-3', events: [newEvent('C')], options: { expectedRevision: 'no_stream' } },
      { streamId: 'client-1', events: stored, options: { expectedRevision: 'any' } },
      { streamId: 'client-4', events: [newEvent('D'), reused], options: { expectedRevision: 'any' } },
      { streamId: 'client-5', events: [newEvent('E')], options: { expectedRevision: 'no_stream' } },
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseFulfilledResult<unknown>).value).toEqual(first);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'DuplicateEventIdError', eventId: reused.eventId });
    expect((await store.readAll()).map((event) => [event.type, event.position])).toEqual([
      ['A', 1],
      ['B', 2],
      ['Reused', 3],
      ['C', 4],
      ['E', 5],
    ]);
    expect(await store.appendAtomically([{ streamId: 'client-1', events: stored, options: { expectedRevision: 'any' } }])).toEqual([first]);
    expect(await store.headPosition()).toBe(5);
  });

  it('hands its listeners the canonical content of each event it commits, once, and nothing of what it refused', async () => {
    const store = open({ path: ':memory:' });
    const received: AppendedContent[] = [];
    const stop = store.followAppendedContents((appended) => received.push(...appended));
    await store.append('client-a', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    await expect(store.append('client-a', [newEvent('C')], { expectedRevision: 'no_stream' })).rejects.toThrow();
    const [accepted, refused] = await store.appendMany([
      { streamId: 'client-b', events: [newEvent('D')], options: { expectedRevision: 'no_stream' } },
      { streamId: 'client-a', events: [newEvent('E')], options: { expectedRevision: 'no_stream' } },
    ]);
    expect([accepted!.status, refused!.status]).toEqual(['fulfilled', 'rejected']);
    await expect(
      store.appendAtomically([
        { streamId: 'client-c', events: [newEvent('F')], options: { expectedRevision: 'no_stream' } },
        { streamId: 'client-a', events: [newEvent('G')], options: { expectedRevision: 'no_stream' } },
      ]),
    ).rejects.toThrow();
    // A stored append met again makes the atomic append try again, with the ids looked up first: H once.
    const stored = newEvent('I');
    await store.append('client-d', [stored], { expectedRevision: 'no_stream' });
    await store.appendAtomically([
      { streamId: 'client-e', events: [newEvent('H')], options: { expectedRevision: 'no_stream' } },
      { streamId: 'client-d', events: [stored], options: { expectedRevision: 'any' } },
    ]);
    stop();
    await store.append('client-f', [newEvent('J')], { expectedRevision: 'no_stream' });

    const log = await store.readAll();
    expect(log.map((event) => event.type)).toEqual(['A', 'B', 'D', 'I', 'H', 'J']);
    expect(received).toEqual(log.slice(0, 5).map((event) => ({ position: event.position, content: canonicalEventContent(event) })));
  });

  it('reads an empty log as head 0 and no events', async () => {
    const store = open({ path: ':memory:' });
    expect(await store.headPosition()).toBe(0);
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });

  it('closes idempotently and completes its subscriptions', async () => {
    const store = open({ path: ':memory:' });
    const completed = new Promise<void>((resolve) => store.subscribe().subscribe({ complete: resolve }));
    await store.close();
    await completed;
    await expect(store.close()).resolves.toBeUndefined();
    expect(store.database.open).toBe(false);
    // A subscription made after close completes at once.
    await new Promise<void>((resolve) => store.subscribe().subscribe({ complete: resolve }));
  });

  it('wakes a caught-up subscription on an append in this process, without waiting for the poll', async () => {
    const store = open({ path: ':memory:', pollIntervalMs: 60_000 });
    const received: RecordedEvent[] = [];
    // The subscriber appends from its own handler: that notification must not be lost.
    const subscription = store.subscribe().subscribe((e) => {
      received.push(e);
      if (e.type === 'A') void store.append('client-1', [newEvent('B')], { expectedRevision: 0 });
    });
    await store.append('client-1', [newEvent('A')], { expectedRevision: 'no_stream' });
    await waitFor(() => received.length === 2, 1000);
    expect(received.map((e) => e.type)).toEqual(['A', 'B']);
    subscription.unsubscribe();
    await store.close();
  });

  it('sees appends made through another connection to the same file, by polling', async () => {
    const file = freshFile();
    const reader = open({ path: file, pollIntervalMs: 20 });
    const writer = open({ path: file });
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribe().subscribe((e) => received.push(e));
    await writer.append('client-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    await writer.append('client-2', [newEvent('C')], { expectedRevision: 'no_stream' });
    await waitFor(() => received.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.map((e) => [e.type, e.position])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ]);
    subscription.unsubscribe();
    await writer.close();
    await reader.close();
  });
});

leaseStoreContract('SQLite', async (clock) => {
  const store = SqliteEventStore.open({ path: ':memory:' });
  return { leases: new SqlLeaseStore(sqliteSqlRunner(store.database), clock), close: () => store.close() };
});

evidenceTablesContract('SQLite', async () => {
  const events = SqliteEventStore.open({ path: ':memory:' });
  return { events, tables: new SqlEvidenceTables(sqliteSqlRunner(events.database)), close: () => events.close() };
});

describe('SQLite idempotency keys', () => {
  it('stores the first answer per key and keeps it', async () => {
    const store = open({ path: ':memory:' });
    const keys = new SqlIdempotencyKeyStore(sqliteSqlRunner(store.database), () => new Date('2024-05-05T00:00:00.000Z'));
    expect(await keys.find('k')).toBeUndefined();
    const first = await keys.saveFirst('k', { requestFingerprint: 'f1', status: 201, body: { eventId: 'e1', note: 'Zürich 🚀' } });
    expect(first).toEqual({
      requestFingerprint: 'f1',
      status: 201,
      body: { eventId: 'e1', note: 'Zürich 🚀' },
      createdAt: '2024-05-05T00:00:00.000Z',
    });
    const second = await keys.saveFirst('k', { requestFingerprint: 'f2', status: 409, body: { eventId: 'e2' } });
    expect(second).toEqual(first);
    expect(await keys.find('k')).toEqual(first);
    expect(await keys.find('other')).toBeUndefined();
    await store.close();
  });

  it('keeps keys apart and round-trips any JSON body', async () => {
    const store = open({ path: ':memory:' });
    const keys = new SqlIdempotencyKeyStore(sqliteSqlRunner(store.database));
    const bodies: unknown[] = [null, 'text', 42, [1, { a: [] }], { nested: { deep: true } }];
    for (const [i, body] of bodies.entries()) await keys.saveFirst(`key-${i}`, { requestFingerprint: `f${i}`, status: 200 + i, body });
    for (const [i, body] of bodies.entries()) {
      expect(await keys.find(`key-${i}`)).toMatchObject({ requestFingerprint: `f${i}`, status: 200 + i, body });
    }
    await store.close();
  });

  it('survives close and reopen, in the same file as the events', async () => {
    const file = freshFile();
    const store = open({ path: file });
    const saved = await new SqlIdempotencyKeyStore(sqliteSqlRunner(store.database)).saveFirst('k', {
      requestFingerprint: 'f',
      status: 201,
      body: { ok: true },
    });
    expect(saved.createdAt).toBe(new Date(saved.createdAt).toISOString());
    await store.close();

    const reopened = open({ path: file });
    expect(await new SqlIdempotencyKeyStore(sqliteSqlRunner(reopened.database)).find('k')).toEqual(saved);
    await reopened.close();
  });
});
