import type { EventStore } from './event-store';
import type { IdempotencyKeyStore } from './idempotency-key-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { PostgresIdempotencyKeyStore } from './postgres/postgres-idempotency-key-store';
import { PostgresProjectionStore } from './postgres/postgres-projection-store';
import type { ProjectionStore } from './projection-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { SqliteIdempotencyKeyStore } from './sqlite/sqlite-idempotency-key-store';
import { SqliteProjectionStore } from './sqlite/sqlite-projection-store';

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
}

/** Which store holds the ledger. */
export type StorageConfig = SqliteStorageConfig | PostgresStorageConfig;

/** Everything the ledger keeps, in one database so it commits and survives together. */
export interface LedgerStorage {
  readonly eventStore: EventStore;
  readonly idempotencyKeys: IdempotencyKeyStore;
  readonly projections: ProjectionStore;
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
  return `postgres at ${redactPassword(config.url)} (schema ${config.schema})`;
}

export async function openLedgerStorage(config: StorageConfig): Promise<LedgerStorage> {
  if (config.kind === 'postgres') {
    let eventStore: PostgresEventStore;
    try {
      eventStore = await PostgresEventStore.connect({ connectionString: config.url, schema: config.schema });
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new StorageUnavailableError(`cannot open the PostgreSQL store at ${redactPassword(config.url)}: ${reason}; check LEDGER_POSTGRES_URL and that the server runs`);
    }
    return {
      eventStore,
      idempotencyKeys: new PostgresIdempotencyKeyStore(eventStore.pool),
      projections: new PostgresProjectionStore(eventStore.pool),
      close: () => eventStore.close(),
    };
  }
  const eventStore = SqliteEventStore.open({ path: config.path, synchronous: config.synchronous });
  return {
    eventStore,
    idempotencyKeys: new SqliteIdempotencyKeyStore(eventStore.database),
    projections: new SqliteProjectionStore(eventStore.database),
    close: () => eventStore.close(),
  };
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
