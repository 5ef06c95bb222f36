import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '../testing/event-store-contract';
import { SqliteEventStore } from './sqlite-event-store';
import { SqliteIdempotencyKeyStore } from './sqlite-idempotency-key-store';

const folders: string[] = [];
const freshFile = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-sqlite-'));
  folders.push(folder);
  return path.join(folder, 'nested', 'ledger.db');
};
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

eventStoreContract('SQLite in memory', async () => SqliteEventStore.open({ path: ':memory:', pollIntervalMs: 50 }));
eventStoreContract('SQLite file (WAL)', async () => SqliteEventStore.open({ path: freshFile(), pollIntervalMs: 50 }));

const newEvent = (type: string) => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  occurredAt: '2024-01-01T00:00:00.000Z',
  data: { type },
  metadata: { actor: { type: 'user' as const, id: 'u', role: null }, correlationId: 'c', causationId: 'c' },
});

describe('SQLite event store', () => {
  it('keeps what it acknowledged across close and reopen, without re-running migrations', async () => {
    const file = freshFile();
    const first = SqliteEventStore.open({ path: file });
    await first.append('client-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
    await first.close();

    const reopened = SqliteEventStore.open({ path: file });
    expect((await reopened.readStream('client-1')).map((e) => e.type)).toEqual(['A', 'B']);
    const migrations = reopened.database.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(migrations).toEqual([{ version: 1 }, { version: 2 }]);
    expect(reopened.database.pragma('journal_mode', { simple: true })).toBe('wal');
    await reopened.close();
  });

  it('refuses UPDATE and DELETE on events: the log is append-only', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    await store.append('client-1', [newEvent('A')], { expectedRevision: 'no_stream' });
    expect(() => store.database.prepare("UPDATE events SET data = '{}'").run()).toThrow(/append-only/);
    expect(() => store.database.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(await store.readStream('client-1')).toHaveLength(1);
    await store.close();
  });

  it('records the time from its clock', async () => {
    const store = SqliteEventStore.open({ path: ':memory:', clock: () => new Date('2030-01-02T03:04:05.000Z') });
    await store.append('client-1', [newEvent('A')], { expectedRevision: 'no_stream' });
    expect((await store.readStream('client-1'))[0]!.recordedAt).toBe('2030-01-02T03:04:05.000Z');
    await store.close();
  });

  it('completes subscriptions when closed', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    const completed = new Promise<void>((resolve) => store.subscribe().subscribe({ complete: resolve }));
    await store.close();
    await completed;
  });
});

describe('SQLite idempotency keys', () => {
  it('stores the first answer per key and keeps it', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    const keys = new SqliteIdempotencyKeyStore(store.database, () => new Date('2024-05-05T00:00:00.000Z'));
    expect(await keys.find('k')).toBeUndefined();
    const first = await keys.saveFirst('k', { requestFingerprint: 'f1', status: 201, body: { eventId: 'e1' } });
    expect(first).toEqual({ requestFingerprint: 'f1', status: 201, body: { eventId: 'e1' }, createdAt: '2024-05-05T00:00:00.000Z' });
    const second = await keys.saveFirst('k', { requestFingerprint: 'f2', status: 201, body: { eventId: 'e2' } });
    expect(second).toEqual(first);
    expect(await keys.find('k')).toEqual(first);
    await store.close();
  });
});
