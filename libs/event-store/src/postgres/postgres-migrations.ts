import type { PoolClient } from 'pg';

import { EVIDENCE_TABLES, LEAF_RUNS } from '../evidence-tables';
import { IDEMPOTENCY_KEYS_TABLE } from '../idempotency-key-store';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * append_to_stream: one append as one statement, the head locked only while it runs, each later statement reading what
 * committed before the lock was granted (a function's statements take fresh snapshots). Refusals write nothing and are
 * answered as JSON for the store to judge: {stored} (ids already stored: an earlier append or a duplicate), {refused,
 * current} (a wrong expected revision), or {position, current} (written). The hash is event-chain.ts's, its content
 * given in the pieces around position and revision, which only the lock decides. p_expected: NULL any, -1 no stream.
 * Migration 4 created it; migration 7 replaced the look-up of the ids already stored; migration 8 added the form of
 * today's store (SPLIT_PIECES).
 */
function appendToStreamFunction(
  create: 'CREATE' | 'CREATE OR REPLACE',
  lookup: { readonly storedDeclaration: string; readonly storedLookup: string },
  pieces: typeof WHOLE_PIECES = WHOLE_PIECES,
): string {
  const { storedDeclaration, storedLookup } = lookup;
  return `
      ${create} FUNCTION append_to_stream(
        p_stream_id TEXT, p_expected INTEGER, p_event_ids TEXT[], p_types TEXT[], p_schema_versions INTEGER[],
        p_occurred_at TEXT[], p_recorded_at TEXT, p_data TEXT[], p_metadata TEXT[],
        ${pieces.parameters}, p_before_revision TEXT, p_after_revision TEXT[], p_channel TEXT
      ) RETURNS JSON LANGUAGE plpgsql ${pieces.attributes}AS $$
        DECLARE
          v_position BIGINT;
          v_hash TEXT;
          v_current INTEGER;
${storedDeclaration}          v_hashes TEXT[] := ARRAY[]::TEXT[];
          v_count INTEGER := cardinality(p_event_ids);
        BEGIN
          SELECT position, hash INTO v_position, v_hash FROM event_log_head WHERE id = 1 FOR UPDATE;
${storedLookup}          SELECT MAX(revision) INTO v_current FROM events WHERE stream_id = p_stream_id;
          IF p_expected IS NOT NULL AND v_current IS DISTINCT FROM NULLIF(p_expected, -1) THEN
            RETURN json_build_object('refused', TRUE, 'current', v_current);
          END IF;
          FOR i IN 1..v_count LOOP
            v_hash := encode(sha256(convert_to(
              v_hash || ${pieces.beforePosition} || (v_position + i)::TEXT || p_before_revision || (COALESCE(v_current, -1) + i)::TEXT || p_after_revision[i], 'UTF8')), 'hex');
            ${pieces.keepHash}
          END LOOP;
          INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata, hash)
            SELECT v_position + i, p_event_ids[i], p_stream_id, COALESCE(v_current, -1) + i, p_types[i], p_schema_versions[i],
                   p_occurred_at[i], p_recorded_at, p_data[i], p_metadata[i], v_hashes[i]
              FROM generate_series(1, v_count) AS i;
          UPDATE event_log_head SET position = v_position + v_count, hash = v_hash WHERE id = 1;
          PERFORM pg_notify(p_channel, (v_position + v_count)::TEXT);
          RETURN json_build_object('position', v_position, 'current', v_current);
        END
      $$;
    `;
}

/** Migrations 4 and 7: the content before the position sent whole (data and metadata a second time). */
const WHOLE_PIECES = {
  parameters: 'p_before_position TEXT[]',
  attributes: '',
  beforePosition: 'p_before_position[i]',
  keepHash: 'v_hashes := v_hashes || v_hash;',
};

/**
 * Migration 8's, beside the 13-parameter function of 4 and 7 (kept for processes of the previous version): data and
 * metadata sent once, the content cut around them (contentPieces). Generic plans always: custom plans were made
 * on every call for a statement whose generic estimate looked dearer (the INSERT's generate_series of a parameter,
 * estimated 1,000 rows), a tenth of the server's time.
 */
const SPLIT_PIECES = {
  parameters: 'p_before_data TEXT, p_after_data TEXT[], p_before_position TEXT[]',
  attributes: 'SET plan_cache_mode = force_generic_plan ',
  beforePosition: 'p_before_data || p_data[i] || p_after_data[i] || p_metadata[i] || p_before_position[i]',
  keepHash: 'v_hashes[i] := v_hash;',
};

/** Migration 4's look-up: every id at once. */
const ANY_ID_LOOKUP = {
  storedDeclaration: `          v_stored JSON;\n`,
  storedLookup: `          SELECT json_agg(json_build_object('event_id', event_id, 'stream_id', stream_id, 'revision', revision, 'position', position))
            INTO v_stored FROM events WHERE event_id = ANY(p_event_ids);
          IF v_stored IS NOT NULL THEN RETURN json_build_object('stored', v_stored); END IF;\n`,
};

/** Migration 7's: one equality on the unique index per id, each an index probe under any plan. */
const ID_BY_ID_LOOKUP = {
  storedDeclaration: `          v_stored JSON[] := ARRAY[]::JSON[];
          v_found JSON;\n`,
  storedLookup: `          FOR i IN 1..v_count LOOP
            SELECT json_build_object('event_id', event_id, 'stream_id', stream_id, 'revision', revision, 'position', position)
              INTO v_found FROM events WHERE event_id = p_event_ids[i];
            IF FOUND THEN v_stored := v_stored || v_found; END IF;
          END LOOP;
          IF cardinality(v_stored) > 0 THEN RETURN json_build_object('stored', array_to_json(v_stored)); END IF;\n`,
};

/**
 * Migration 8's: migration 7's equality per id, in one statement (one executor start, not one per id). OFFSET 0 keeps
 * the subquery from being flattened into a join, which could be planned as a scan of the log; as it is, it is 7's
 * equality run once per id.
 */
const ID_BY_ID_IN_ONE_STATEMENT = {
  storedDeclaration: ANY_ID_LOOKUP.storedDeclaration,
  storedLookup: `          SELECT json_agg(found.place) INTO v_stored FROM unnest(p_event_ids) AS ids (id)
            CROSS JOIN LATERAL (SELECT json_build_object('event_id', event_id, 'stream_id', stream_id, 'revision', revision, 'position', position) AS place
                                  FROM events WHERE event_id = ids.id OFFSET 0) AS found;
          IF v_stored IS NOT NULL THEN RETURN json_build_object('stored', v_stored); END IF;\n`,
};

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
      ${IDEMPOTENCY_KEYS_TABLE};
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
  {
    version: 4,
    name: 'append in one round trip',
    // See appendToStreamFunction.
    sql: appendToStreamFunction('CREATE', ANY_ID_LOOKUP),
  },
  {
    version: 5,
    name: 'evidence: Merkle subtrees and signed checkpoints',
    // SQLite's migration 6, column for column.
    sql: EVIDENCE_TABLES,
  },
  {
    version: 6,
    name: 'evidence: leaf hashes kept in runs, the subtrees below a run computed from them',
    sql: LEAF_RUNS.postgres,
  },
  {
    version: 7,
    name: 'append_to_stream looks each event id up by its index',
    // A connection keeps the plans of a function's statements. Migration 4's look-up of the ids (= ANY of the array) was
    // planned as a scan of the log when the log was empty, a new ledger's first appends, and stayed one until an ANALYZE:
    // appends slowed as the log grew. One look-up of the unique index per id is its plan whatever the statistics.
    sql: appendToStreamFunction('CREATE OR REPLACE', ID_BY_ID_LOOKUP),
  },
  {
    version: 8,
    name: 'append_to_stream with data and metadata sent once, its plans generic',
    // See SPLIT_PIECES and ID_BY_ID_IN_ONE_STATEMENT.
    sql: appendToStreamFunction('CREATE', ID_BY_ID_IN_ONE_STATEMENT, SPLIT_PIECES),
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
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of MIGRATIONS.filter((step) => !applied.has(step.version))) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          new Date().toISOString(),
        ]);
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
