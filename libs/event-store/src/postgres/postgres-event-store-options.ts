import type { SqlLogOptions } from '../sql-log';

/**
 * How a PostgreSQL event store connects and behaves, and its defaults. Besides polling
 * (pollIntervalMs), a caught-up subscription is woken by NOTIFY from other processes' appends.
 */
export interface PostgresEventStoreOptions extends SqlLogOptions {
  /** e.g. postgresql://user@127.0.0.1:5432/ledger */
  readonly connectionString: string;
  /** The schema the ledger's tables live in, created if absent; `public` by default. */
  readonly schema?: string;
  readonly poolSize?: number;
  /** The server cancels a statement running longer (statement_timeout); 0 for none. */
  readonly statementTimeoutMs?: number;
  /** How long a request waits for a free pooled connection (or a new one to connect) before failing; 0 waits for ever. */
  readonly acquireTimeoutMs?: number;
  /** Told each connection error the store recovers from by itself (a connection lost, the LISTEN connection re-established). */
  readonly onConnectionError?: (error: Error) => void;
}

/** Both well below the API's request timeout, so a slow database answers 503 before the request times out. */
export const DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS = 10_000;
export const DEFAULT_POSTGRES_ACQUIRE_TIMEOUT_MS = 5_000;
export const DEFAULT_POSTGRES_POOL_SIZE = 10;
