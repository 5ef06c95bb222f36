import type { EventStore } from './event-store';
import type { IdempotencyKeyStore } from './idempotency-key-store';
import type { ProjectionStore } from './projection-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { SqliteIdempotencyKeyStore } from './sqlite/sqlite-idempotency-key-store';
import { SqliteProjectionStore } from './sqlite/sqlite-projection-store';

/** Which store holds the ledger; PostgreSQL and EventStoreDB join as adapters land. */
export type StorageConfig = {
  readonly kind: 'sqlite';
  /** A file path, or ':memory:' for a throwaway ledger. */
  readonly path: string;
  readonly synchronous: 'NORMAL' | 'FULL';
};

/** Everything the ledger keeps, in one database so it commits and survives together. */
export interface LedgerStorage {
  readonly eventStore: EventStore;
  readonly idempotencyKeys: IdempotencyKeyStore;
  readonly projections: ProjectionStore;
  close(): Promise<void>;
}

export async function openLedgerStorage(config: StorageConfig): Promise<LedgerStorage> {
  const eventStore = SqliteEventStore.open({ path: config.path, synchronous: config.synchronous });
  return {
    eventStore,
    idempotencyKeys: new SqliteIdempotencyKeyStore(eventStore.database),
    projections: new SqliteProjectionStore(eventStore.database),
    close: () => eventStore.close(),
  };
}
