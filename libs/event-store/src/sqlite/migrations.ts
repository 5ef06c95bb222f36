import type { Database } from 'better-sqlite3';

import { chainHash, GENESIS_HASH } from '../event-chain';
import { type EventRow, toRecordedEvent } from '../event-row';
import { EVIDENCE_TABLES, LEAF_RUNS } from '../evidence-tables';
import { IDEMPOTENCY_KEYS_TABLE } from '../idempotency-key-store';

/**
 * Versioned schema changes, applied in order at open, each exactly once.
 * Append new versions; never edit one that has shipped. `then` runs after
 * the SQL in the same transaction, for what SQL cannot compute (a backfill).
 */
const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string; then?: (database: Database) => void }> = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id       TEXT    NOT NULL UNIQUE,
        stream_id      TEXT    NOT NULL,
        revision       INTEGER NOT NULL,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        occurred_at    TEXT    NOT NULL,
        recorded_at    TEXT    NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      );
      -- The log is append-only: corrections are new events, never rewrites.
      CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
      CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
    `,
  },
  {
    version: 2,
    name: 'idempotency keys',
    sql: IDEMPOTENCY_KEYS_TABLE,
  },
  {
    version: 3,
    name: 'projections',
    sql: `
      CREATE TABLE projection_generations (
        projection TEXT    NOT NULL,
        generation INTEGER NOT NULL,
        version    INTEGER NOT NULL,
        checkpoint INTEGER NOT NULL DEFAULT 0,
        is_live    INTEGER NOT NULL DEFAULT 0,
        created_at TEXT    NOT NULL,
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (projection, generation)
      );
      CREATE UNIQUE INDEX projection_generations_one_live ON projection_generations (projection) WHERE is_live = 1;
      CREATE TABLE projection_documents (
        projection TEXT    NOT NULL,
        generation INTEGER NOT NULL,
        doc_key    TEXT    NOT NULL,
        body       TEXT    NOT NULL,
        PRIMARY KEY (projection, generation, doc_key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'event hash chain',
    // The backfill writes the hash of every stored event, which the append-only
    // trigger refuses: it steps aside inside this migration's transaction only.
    sql: `
      ALTER TABLE events ADD COLUMN hash TEXT;
      DROP TRIGGER events_are_never_updated;
    `,
    then: (database) => {
      backfillHashChain(database);
      database.exec(`
        CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
          BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
      `);
    },
  },
  {
    version: 5,
    name: 'leases',
    // Which process runs the read models and policies: one row per lease, held until expires_at (epoch ms).
    sql: `
      CREATE TABLE leases (
        name       TEXT    PRIMARY KEY,
        holder     TEXT    NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'evidence: Merkle subtrees and signed checkpoints',
    sql: EVIDENCE_TABLES,
  },
  {
    version: 7,
    name: 'evidence: leaf hashes kept in runs, the subtrees below a run computed from them',
    sql: LEAF_RUNS.sqlite,
  },
];

/** Chains the events already stored, in position order, a page at a time (see event-chain.ts). */
function backfillHashChain(database: Database): void {
  const page = database.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
  const setHash = database.prepare<[string, number]>('UPDATE events SET hash = ? WHERE position = ?');
  let previousHash = GENESIS_HASH;
  for (let after = 0; ;) {
    const rows = page.all(after, 1_000);
    if (rows.length === 0) return;
    for (const row of rows) {
      previousHash = chainHash(previousHash, toRecordedEvent(row));
      setHash.run(previousHash, row.position);
    }
    after = rows.at(-1)!.position;
  }
}

export function migrate(database: Database): void {
  database.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const isApplied = database.prepare<[number], { version: number }>('SELECT version FROM schema_migrations WHERE version = ?');
  const record = database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (isApplied.get(migration.version)) continue;
    // Checked again inside the write lock: another process may be opening the same file.
    database
      .transaction(() => {
        if (isApplied.get(migration.version)) return;
        database.exec(migration.sql);
        migration.then?.(database);
        record.run(migration.version, migration.name, new Date().toISOString());
      })
      .immediate();
  }
}
