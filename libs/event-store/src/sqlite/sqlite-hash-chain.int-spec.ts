import BetterSqlite3, { type Database } from 'better-sqlite3';

import { GENESIS_HASH } from '../event-chain';
import { newEvent } from '../testing/contract-helpers';
import { tempFiles } from '../testing/temp-files';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * Tamper evidence on a real file: what the application cannot do (the triggers
 * refuse it), someone with the file and a SQLite shell can; verifyChain finds it.
 */
const freshFile = tempFiles('ledger-chain-');

const opened: Array<SqliteEventStore | Database> = [];
const openStore = (file: string) => {
  const store = SqliteEventStore.open({ path: file });
  opened.push(store);
  return store;
};
/** A connection of its own, as a SQLite shell would open the file. */
const openOutside = (file: string) => {
  const database = new BetterSqlite3(file);
  opened.push(database);
  return database;
};
afterEach(async () => {
  for (const one of opened.splice(0)) {
    if (one instanceof SqliteEventStore) await one.close();
    else if (one.open) one.close();
  }
});

/** Ten events over three streams: positions 1 to 10. */
async function ledgerOfTen(file: string): Promise<SqliteEventStore> {
  const store = openStore(file);
  await store.append('client-1', [newEvent('A', { amount: 100, currency: 'EUR' }), newEvent('B')], { expectedRevision: 'no_stream' });
  await store.append('client-2', [newEvent('C'), newEvent('D'), newEvent('E')], { expectedRevision: 'no_stream' });
  await store.append('client-1', [newEvent('F'), newEvent('G')], { expectedRevision: 1 });
  await store.append('lead-3', [newEvent('H'), newEvent('I'), newEvent('J')], { expectedRevision: 'no_stream' });
  expect(await store.verifyChain()).toEqual({ intact: true, verifiedUpTo: 10, events: 10 });
  return store;
}

/** What a tamperer does: set the guard aside, change the rows, put the guard back. */
function tamper(file: string, sql: string, ...parameters: unknown[]): void {
  const outside = openOutside(file);
  const triggers = outside
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
    .all()
    .map((row) => row.sql);
  expect(triggers).toHaveLength(2);
  outside.transaction(() => {
    outside.exec('DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted;');
    outside.prepare(sql).run(...parameters);
    triggers.forEach((trigger) => outside.exec(trigger));
  })();
  outside.close();
}

/** What verifyChain finds in a fresh ledger of ten once a tamperer has run the SQL on its file. */
async function verdictAfterTampering(sql: string) {
  const file = freshFile();
  const store = await ledgerOfTen(file);
  tamper(file, sql);
  return store.verifyChain();
}

describe('SQLite hash chain', () => {
  it('stores with each event the SHA-256 chained from the one before, from the genesis value', async () => {
    const file = freshFile();
    const store = await ledgerOfTen(file);
    const hashes = store.database
      .prepare<[], { position: number; hash: string }>('SELECT position, hash FROM events ORDER BY position')
      .all();
    expect(hashes.map((row) => row.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hashes.every((row) => /^[0-9a-f]{64}$/.test(row.hash))).toBe(true);
    expect(new Set(hashes.map((row) => row.hash)).size).toBe(10);
    expect(hashes[0]!.hash).not.toBe(GENESIS_HASH);
  });

  it('finds an event whose data was edited outside the application, at exactly its position', async () => {
    const file = freshFile();
    const store = await ledgerOfTen(file);
    tamper(file, 'UPDATE events SET data = ? WHERE position = 7', JSON.stringify({ type: 'F', amount: 1 }));

    // Reads carry on as if nothing happened: only the chain tells.
    expect((await store.readAll({ after: 6, limit: 1 }))[0]!.data).toEqual({ type: 'F', amount: 1 });
    expect(await store.verifyChain()).toEqual({
      intact: false,
      verifiedUpTo: 6,
      brokenAt: 7,
      reason: 'the content of the event at position 7 does not match its hash (or the chain link from position 6 was rewritten)',
    });
    // Another process opening the file finds the same.
    expect(await openStore(file).verifyChain()).toMatchObject({ intact: false, brokenAt: 7 });
  });

  it('finds an edit of any column, the first event and the last', async () => {
    const first = "UPDATE events SET occurred_at = '2023-12-31T23:59:59.000Z' WHERE position = 1";
    expect(await verdictAfterTampering(first)).toMatchObject({ intact: false, verifiedUpTo: 0, brokenAt: 1 });
    const last = "UPDATE events SET metadata = json_set(metadata, '$.actor.id', 'someone-else') WHERE position = 10";
    expect(await verdictAfterTampering(last)).toMatchObject({ intact: false, verifiedUpTo: 9, brokenAt: 10 });
  });

  it.each([
    {
      finding: 'a deleted event in the middle: the chain breaks at the missing position',
      sql: 'DELETE FROM events WHERE position = 4',
      verdict: {
        intact: false,
        verifiedUpTo: 3,
        brokenAt: 4,
        reason: 'the chain link is broken: position 4 is missing, the log goes on at position 5',
      },
    },
    {
      finding: 'an edited stored hash, and says it was the hash',
      // Its first two characters replaced by others: a hash that began with 'ab' (one in 256) would otherwise stay as it was.
      sql: "UPDATE events SET hash = iif(substr(hash, 1, 2) = 'ab', 'cd', 'ab') || substr(hash, 3) WHERE position = 5",
      verdict: {
        intact: false,
        verifiedUpTo: 4,
        brokenAt: 5,
        reason: 'the hash stored at position 5 was altered: it does not match the event, whose true hash position 6 is chained to',
      },
    },
  ])('finds $finding', async ({ sql, verdict }) => {
    expect(await verdictAfterTampering(sql)).toEqual(verdict);
  });

  it('finds an event rewritten together with a recomputed hash, where the next one no longer links to it', async () => {
    // Copy event 8's hash onto event 3: well formed, but not event 3's.
    const sql = 'UPDATE events SET hash = (SELECT hash FROM events WHERE position = 8) WHERE position = 3';
    expect(await verdictAfterTampering(sql)).toMatchObject({ intact: false, verifiedUpTo: 2, brokenAt: 3 });
  });

  it('keeps the chain across appends from two connections to the same file: the previous hash is read under the write lock', async () => {
    const file = freshFile();
    const one = openStore(file);
    const other = openStore(file);
    for (let i = 0; i < 50; i++) {
      await (i % 3 === 0 ? other : one).append(`client-${i % 7}`, [newEvent('X', { i }), newEvent('Y', { i })], {
        expectedRevision: 'any',
      });
    }
    expect(await one.verifyChain()).toEqual({ intact: true, verifiedUpTo: 100, events: 100 });
    expect(await other.verifyChain()).toEqual({ intact: true, verifiedUpTo: 100, events: 100 });
  });

  it('refuses UPDATE and DELETE on events through any connection, the hash column included', async () => {
    const file = freshFile();
    const store = await ledgerOfTen(file);
    const outside = openOutside(file);
    for (const database of [store.database, outside]) {
      expect(() => database.prepare("UPDATE events SET data = '{}' WHERE position = 2").run()).toThrow(/append-only: UPDATE refused/);
      expect(() => database.prepare("UPDATE events SET hash = 'x'").run()).toThrow(/append-only: UPDATE refused/);
      expect(() => database.prepare('DELETE FROM events WHERE position = 10').run()).toThrow(/append-only: DELETE refused/);
    }
    expect(await store.verifyChain()).toEqual({ intact: true, verifiedUpTo: 10, events: 10 });
  });

  it('chains the events of a file written before the hash column, when the migration adds it', async () => {
    const file = freshFile();
    const store = await ledgerOfTen(file);
    const appended = store.database.prepare<[], { hash: string }>('SELECT hash FROM events ORDER BY position').all();
    await store.close();

    // Back to the schema of version 3: no hash column, migration 4 not applied.
    const outside = openOutside(file);
    outside.transaction(() => {
      outside.exec('DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted;');
      outside.exec('ALTER TABLE events DROP COLUMN hash; DELETE FROM schema_migrations WHERE version = 4;');
      outside.exec(`
        CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
        CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
          BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
      `);
    })();
    outside.close();

    const migrated = openStore(file);
    // The backfill gives each event the hash its append gave it.
    expect(migrated.database.prepare<[], { hash: string }>('SELECT hash FROM events ORDER BY position').all()).toEqual(appended);
    expect(await migrated.verifyChain()).toEqual({ intact: true, verifiedUpTo: 10, events: 10 });
    // The guard is back once the migration is done, and appends chain on.
    expect(() => migrated.database.prepare("UPDATE events SET hash = 'x'").run()).toThrow(/append-only: UPDATE refused/);
    await migrated.append('client-9', [newEvent('K')], { expectedRevision: 'no_stream' });
    expect(await migrated.verifyChain()).toEqual({ intact: true, verifiedUpTo: 11, events: 11 });
  });
});
