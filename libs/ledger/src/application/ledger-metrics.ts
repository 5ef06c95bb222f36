/**
 * What the application layer tells about its own work, for whoever measures it
 * (the API exports it to Prometheus). A port: the ledger names the facts, the
 * edge decides how to count them.
 */
export interface LedgerMetrics {
  /** One write to the store committed `events` events in `seconds`. */
  appended(events: number, seconds: number): void;
  /** A command refused for a concurrent change: 409 CONCURRENCY_CONFLICT, or 412 REVISION_MISMATCH (If-Match). */
  conflict(code: 'CONCURRENCY_CONFLICT' | 'REVISION_MISMATCH'): void;
  /**
   * A retry answered with what its first attempt did, appending nothing: by the
   * stored answer of its Idempotency-Key, or by finding the first attempt's events.
   */
  idempotentReplay(via: 'stored-answer' | 'event-id'): void;
}

export const LEDGER_METRICS = Symbol('LEDGER_METRICS');

/** Where nothing measures (the CLI, tests that do not ask). */
export const UNMEASURED: LedgerMetrics = {
  appended: () => undefined,
  conflict: () => undefined,
  idempotentReplay: () => undefined,
};
