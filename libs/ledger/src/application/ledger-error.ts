import type { FailureCode } from '@ledger/domain';

/** Failures of the application layer itself, beside the domain's rule failures. */
export const APPLICATION_FAILURE_CODES = [
  'CONCURRENCY_CONFLICT',
  'REVISION_MISMATCH',
  'IDEMPOTENCY_KEY_REUSED',
  'PROJECTION_NOT_FOUND',
  'PROJECTION_UNAVAILABLE',
  /** The read models had not stored the position a read asked for (minPosition) within LEDGER_READ_WAIT_MS. */
  'READ_MODEL_BEHIND',
  /** A paging cursor the listing did not give out (mistyped, cut short, or from another listing). */
  'CURSOR_INVALID',
  /** No valid credentials came with the request. */
  'UNAUTHENTICATED',
  /** The caller's role or department does not allow the operation. */
  'FORBIDDEN',
  /** An imported file has invalid rows (each listed in errors); nothing of it was applied. */
  'IMPORT_INVALID',
  /** The event store keeps no hash chain (EventStoreDB), so the log cannot be verified by one. */
  'CHAIN_NOT_KEPT',
] as const;
export type ApplicationFailureCode = (typeof APPLICATION_FAILURE_CODES)[number];

export type LedgerFailureCode = FailureCode | ApplicationFailureCode;

export interface LedgerFailure {
  readonly code: LedgerFailureCode;
  readonly message: string;
  readonly field?: string;
  /** Each invalid part when there are several (an import's bad rows); `field` names the part, `code` its own failure. */
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly message: string; readonly code?: string }>;
}

/**
 * The one exception the ledger throws for a refused command or a missing
 * resource; each transport maps its code once (no per-handler translation).
 */
export class LedgerError extends Error {
  constructor(readonly failure: LedgerFailure) {
    super(failure.message);
    this.name = 'LedgerError';
  }
}
