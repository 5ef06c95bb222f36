import type { PoolClient } from 'pg';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema, versioned; every step runs once, in its own transaction, under an
 * advisory lock so two processes starting at once never run one twice.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, the head row every append locks, append-only guard',
    sql: `
      CREATE TABLE events (
        position       BIGINT PRIMARY KEY,
        event_id       TEXT NOT NULL UNIQUE,
        stream_id      TEXT NOT NULL,
        revision       INTEGER NOT NULL,
        type           TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        occurred_at    TEXT NOT NULL,
        recorded_at    TEXT NOT NULL,
        data           TEXT NOT NULL,
        metadata       TEXT NOT NULL,
        hash           TEXT NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_type_position ON events (type, position);
      -- One row: the last position and hash. Every append locks it first, so appends commit one
      -- after another in position order (the hash chain needs the previous hash anyway).
      CREATE TABLE event_log_head (
        id       SMALLINT PRIMARY KEY CHECK (id = 1),
        position BIGINT NOT NULL,
        hash     TEXT NOT NULL
      );
      INSERT INTO event_log_head (id, position, hash) VALUES (1, 0, '${'0'.repeat(64)}');
      CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'the events table is append-only: % is refused', TG_OP;
        END
      $$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
    `,
  },
  {
    version: 2,
    name: 'read models: projection generations and documents, idempotency keys',
    // The SQLite tables (its migrations 2 and 3), column for column. doc_key sorts bytewise
    // (COLLATE "C") as in SQLite, so documents load in key order straight from the primary key.
    sql: `
      CREATE TABLE projection_generations (
        projection TEXT    NOT NULL,
        generation INTEGER NOT NULL,
        version    INTEGER NOT NULL,
        checkpoint BIGINT  NOT NULL DEFAULT 0,
        is_live    BOOLEAN NOT NULL DEFAULT FALSE,
        created_at TEXT    NOT NULL,
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (projection, generation)
      );
      CREATE UNIQUE INDEX projection_generations_one_live ON projection_generations (projection) WHERE is_live;
      CREATE TABLE projection_documents (
        projection TEXT NOT NULL,
        generation INTEGER NOT NULL,
        doc_key    TEXT COLLATE "C" NOT NULL,
        body       TEXT NOT NULL,
        PRIMARY KEY (projection, generation, doc_key)
      );
      CREATE TABLE idempotency_keys (
        key                 TEXT    PRIMARY KEY,
        request_fingerprint TEXT    NOT NULL,
        status              INTEGER NOT NULL,
        body                TEXT    NOT NULL,
        created_at          TEXT    NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'leases',
    // SQLite's migration 5, column for column.
    sql: `
      CREATE TABLE leases (
        name       TEXT   PRIMARY KEY,
        holder     TEXT   NOT NULL,
        expires_at BIGINT NOT NULL
      );
    `,
  },
];

/** Any fixed number: the lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 7_244_105_311;

/** Creates the schema if needed and applies the migrations it lacks; `schema` is a checked identifier (it is spliced). */
export async function migratePostgres(client: PoolClient, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    // Under the lock too: CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent twin.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of MIGRATIONS.filter((step) => !applied.has(step.version))) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
