import { chainHash, GENESIS_HASH, type RecordedEvent, type StorageConfig } from '@ledger/event-store';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';

import { type EventRow, toRecordedEvent } from '../../../libs/event-store/src/event-row';
import { numberParameters } from '../../../libs/event-store/src/postgres/postgres-sql-runner';

/** One statement at a time on the ledger's own database, as someone with a shell and the credentials would. */
export interface Outside {
  all<Row>(sql: string): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

export async function openOutside(storage: StorageConfig): Promise<Outside> {
  if (storage.kind === 'eventstoredb') throw new Error('an EventStoreDB log keeps no chain or tree in SQL to rewrite');
  if (storage.kind === 'postgres') {
    const client = new Client({ connectionString: storage.url });
    await client.connect();
    await client.query(`SET search_path = ${storage.schema}`);
    return {
      all: async <Row>(sql: string) => (await client.query(sql)).rows as Row[],
      run: async (sql, params = []) => void (await client.query(numberParameters(sql), params)),
      close: () => client.end(),
    };
  }
  const database = new BetterSqlite3(storage.path);
  return {
    all: async <Row>(sql: string) => database.prepare(sql).all() as Row[],
    run: async (sql, params = []) => void database.prepare(sql).run(...params),
    close: async () => void database.close(),
  };
}

/**
 * Rewrites the log outside the application, the way an insider covering
 * their tracks would: the append-only guard set aside, events edited or the
 * newest cut off, and the whole hash chain re-hashed so `verify` still finds
 * it intact. With `clearEvidence` the Merkle tree and checkpoints the ledger
 * kept go too, so it builds and signs them anew over the rewritten log.
 */
export async function rewriteLog(
  storage: StorageConfig,
  rewrite: (events: RecordedEvent[]) => RecordedEvent[],
  { clearEvidence }: { clearEvidence: boolean },
): Promise<void> {
  const outside = await openOutside(storage);
  try {
    const rows = await outside.all<EventRow<number | string>>('SELECT * FROM events ORDER BY position');
    const events = rewrite(rows.map(toRecordedEvent));
    const last = events.at(-1)?.position ?? 0;
    const guards =
      storage.kind === 'sqlite'
        ? await outside.all<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
        : [];
    if (storage.kind === 'sqlite') {
      await outside.run('DROP TRIGGER events_are_never_updated');
      await outside.run('DROP TRIGGER events_are_never_deleted');
    } else await outside.run('ALTER TABLE events DISABLE TRIGGER events_append_only');
    let hash = GENESIS_HASH;
    for (const event of events) {
      hash = chainHash(hash, event);
      await outside.run('UPDATE events SET data = ?, hash = ? WHERE position = ?', [JSON.stringify(event.data), hash, event.position]);
    }
    await outside.run('DELETE FROM events WHERE position > ?', [last]);
    if (storage.kind === 'postgres') {
      await outside.run('UPDATE event_log_head SET position = ?, hash = ? WHERE id = 1', [last, hash]);
      await outside.run('ALTER TABLE events ENABLE TRIGGER events_append_only');
    }
    for (const guard of guards) await outside.run(guard.sql);
    if (clearEvidence) {
      await outside.run('DELETE FROM merkle_subtrees');
      await outside.run('DELETE FROM merkle_leaf_runs');
      await outside.run('DELETE FROM checkpoints');
    }
  } finally {
    await outside.close();
  }
}
