import { accessSync, constants, existsSync } from 'node:fs';
import * as path from 'node:path';

import type { EventStore } from './event-store';
import { EventStoreDbEventStore, EventStoreDbUnavailableError } from './eventstoredb/eventstoredb-event-store';
import { redactConnectionString } from './eventstoredb/eventstoredb-mapping';
import { type EvidenceTables, SqlEvidenceTables } from './evidence-tables';
import { type IdempotencyKeyStore, SqlIdempotencyKeyStore } from './idempotency-key-store';
import { type LeaseStore, SqlLeaseStore } from './lease-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { PostgresProjectionStore } from './postgres/postgres-projection-store';
import { postgresSqlRunner } from './postgres/postgres-sql-runner';
import type { ProjectionStore } from './projection-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { SqliteProjectionStore } from './sqlite/sqlite-projection-store';
import { sqliteSqlRunner } from './sqlite/sqlite-sql-runner';

export interface SqliteStorageConfig {
  readonly kind: 'sqlite';
  /** A file path, or ':memory:' for a throwaway ledger. */
  readonly path: string;
  readonly synchronous: 'NORMAL' | 'FULL';
}

export interface PostgresStorageConfig {
  readonly kind: 'postgres';
  /** postgresql://user:password@host:port/database */
  readonly url: string;
  /** The schema holding the ledger's tables (created if absent). */
  readonly schema: string;
  /** The server cancels a statement running longer; 0 for none. */
  readonly statementTimeoutMs?: number;
  /** How long a request waits for a pooled connection before it is answered 503. */
  readonly acquireTimeoutMs?: number;
  readonly poolSize?: number;
}

export interface OpenStorageOptions {
  /** Told each connection error the store recovers from by itself (PostgreSQL: a connection the server ended). */
  readonly onConnectionError?: (error: Error) => void;
}

/** A SQL database for what the ledger keeps besides its events. */
export type SqlStorageConfig = SqliteStorageConfig | PostgresStorageConfig;

export interface EventStoreDbStorageConfig {
  readonly kind: 'eventstoredb';
  /** The connection string, e.g. esdb://localhost:2113?tls=false. */
  readonly url: string;
  /** Where read models, their checkpoints, policy facts and idempotency keys live: the server keeps only events. */
  readonly readModels: SqlStorageConfig;
}

/** Which store holds the ledger. */
export type StorageConfig = SqlStorageConfig | EventStoreDbStorageConfig;

/** Everything the ledger keeps, in one database so it commits and survives together. */
export interface LedgerStorage {
  readonly eventStore: EventStore;
  readonly idempotencyKeys: IdempotencyKeyStore;
  readonly projections: ProjectionStore;
  /** Which process runs the read models and policies. */
  readonly leases: LeaseStore;
  /** The Merkle tree over the log and its signed checkpoints; absent where the events live elsewhere (EventStoreDB). */
  readonly evidence?: EvidenceTables;
  close(): Promise<void>;
}

/** The store could not be opened: the message says what to check, in one line. */
export class StorageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}

/** Where the ledger is, for a log line; a password in a URL is never shown. */
export function describeStorage(config: StorageConfig): string {
  if (config.kind === 'sqlite') return `sqlite at ${config.path}`;
  if (config.kind === 'eventstoredb')
    return `eventstoredb at ${redactConnectionString(config.url)}, read models in ${describeStorage(config.readModels)}`;
  return `postgres at ${redactPassword(config.url)} (schema ${config.schema})`;
}

export async function openLedgerStorage(config: StorageConfig, options: OpenStorageOptions = {}): Promise<LedgerStorage> {
  if (config.kind === 'eventstoredb') return openEventStoreDbStorage(config, options);
  if (config.kind === 'postgres') {
    let eventStore: PostgresEventStore;
    try {
      eventStore = await PostgresEventStore.connect({
        connectionString: config.url,
        schema: config.schema,
        statementTimeoutMs: config.statementTimeoutMs,
        acquireTimeoutMs: config.acquireTimeoutMs,
        poolSize: config.poolSize,
        onConnectionError: options.onConnectionError,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new StorageUnavailableError(
        `cannot open the PostgreSQL store at ${redactPassword(config.url)}: ${reason}; check LEDGER_POSTGRES_URL and that the server runs`,
      );
    }
    const sql = postgresSqlRunner(eventStore.pool);
    return {
      eventStore,
      idempotencyKeys: new SqlIdempotencyKeyStore(sql),
      projections: new PostgresProjectionStore(eventStore.pool),
      leases: new SqlLeaseStore(sql),
      evidence: new SqlEvidenceTables(sql),
      close: () => eventStore.close(),
    };
  }
  let eventStore: SqliteEventStore;
  try {
    refuseUnwritable(config.path);
    eventStore = SqliteEventStore.open({ path: config.path, synchronous: config.synchronous });
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new StorageUnavailableError(
      `cannot open the SQLite store at ${config.path}: ${reason}; check LEDGER_SQLITE_PATH names a file in a folder this process may write, on a disk with space`,
    );
  }
  const projections = new SqliteProjectionStore(eventStore.database);
  const sql = sqliteSqlRunner(eventStore.database);
  return {
    eventStore,
    idempotencyKeys: new SqlIdempotencyKeyStore(sql),
    projections,
    leases: new SqlLeaseStore(sql),
    evidence: new SqlEvidenceTables(sql),
    close: async () => {
      await projections.close();
      await eventStore.close();
    },
  };
}

/**
 * SQLite opens a file it may only read without complaint, and fails at the first write: a start-up on such a file (or
 * in such a folder, where the journal files go) is refused instead. access(2) says so even to root for a read-only
 * filesystem or an immutable file, which permissions do not stop.
 */
function refuseUnwritable(file: string): void {
  if (file === ':memory:') return;
  for (const candidate of [file, `${file}-wal`, `${file}-shm`, path.dirname(file)]) {
    if (!existsSync(candidate)) continue;
    try {
      accessSync(candidate, constants.W_OK);
    } catch (error) {
      throw new Error(`${candidate} is not writable (${(error as NodeJS.ErrnoException).code ?? 'refused'})`);
    }
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * Events on the EventStoreDB server; the rest in a SQL database of its own.
 * That database is opened as a SQL ledger would be (same migrations, so read
 * models commit with their checkpoints the same way), and must hold no events
 * of its own: read models whose checkpoints were SQL positions would skip or
 * repeat EventStoreDB's commit positions.
 */
async function openEventStoreDbStorage(config: EventStoreDbStorageConfig, options: OpenStorageOptions): Promise<LedgerStorage> {
  const sql = await openLedgerStorage(config.readModels, options);
  if ((await sql.eventStore.headPosition()) > 0) {
    await sql.close();
    throw new StorageUnavailableError(
      `the read-model store ${describeStorage(config.readModels)} holds a ${config.readModels.kind} ledger's own events; give the EventStoreDB read models a database of their own (LEDGER_READ_MODEL_STORE, LEDGER_SQLITE_PATH or LEDGER_POSTGRES_SCHEMA)`,
    );
  }
  let eventStore: EventStoreDbEventStore;
  try {
    eventStore = await EventStoreDbEventStore.connect({ url: config.url });
  } catch (error) {
    await sql.close();
    if (error instanceof EventStoreDbUnavailableError) throw new StorageUnavailableError(error.message);
    throw error;
  }
  return {
    eventStore,
    idempotencyKeys: sql.idempotencyKeys,
    projections: sql.projections,
    leases: sql.leases,
    close: async () => {
      await eventStore.close();
      await sql.close();
    },
  };
}
