import type { FailureCode } from '@ledger/domain';
import { asStoreFault, type StoreFaultKind } from '@ledger/event-store';

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
  /** The event store keeps no Merkle tree over the log (EventStoreDB), so it gives no checkpoints or proofs. */
  'EVIDENCE_NOT_KEPT',
  /** No signed checkpoint of the tree size asked for (or none made yet). */
  'CHECKPOINT_NOT_FOUND',
  /** No event at the position, or with the id, asked for. */
  'EVENT_NOT_FOUND',
  /** The event lies beyond the checkpoint's tree: make a newer checkpoint (POST /v1/audit/checkpoints) and ask against it. */
  'EVENT_NOT_IN_CHECKPOINT',
  /** The log no longer holds an event the Merkle tree hashed (truncated or edited beneath it): no checkpoint is signed over it. */
  'LOG_REWRITTEN',
  /** A range of positions or tree sizes that runs backwards, or is larger than one answer holds. */
  'EVIDENCE_RANGE_INVALID',
  /** The database cannot be reached (restarting, stopped, connection lost): retry (a command with its Idempotency-Key). */
  'STORE_UNAVAILABLE',
  /** The database answered too slowly (statement or connection-pool timeout): retry (a command with its Idempotency-Key). */
  'STORE_TIMEOUT',
  /** The connection was lost while the command committed: it may have been kept; retry with the same Idempotency-Key. */
  'STORE_OUTCOME_UNKNOWN',
  /** The database's disk is full: nothing was written; retry once space is freed. */
  'STORE_FULL',
  /** The database refuses writes (a read-only file or filesystem): nothing was written. */
  'STORE_READ_ONLY',
] as const;
export type ApplicationFailureCode = (typeof APPLICATION_FAILURE_CODES)[number];

export type LedgerFailureCode = FailureCode | ApplicationFailureCode;

export interface LedgerFailure {
  readonly code: LedgerFailureCode;
  readonly message: string;
  readonly field?: string;
  /** Each invalid part when there are several (an import's bad rows); `field` names the part, `code` its own failure. */
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly message: string; readonly code?: string }>;
  /** REVISION_MISMATCH: the stream's revision now (absent for a stream not begun), for the answer's ETag. */
  readonly revision?: number;
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

/** Each kind of database fault's failure: what the client is told (the database's own words go to no one). */
const STORE_FAULT_FAILURES: Readonly<Record<StoreFaultKind, LedgerFailure>> = {
  unavailable: {
    code: 'STORE_UNAVAILABLE',
    message: 'the database cannot be reached just now: retry shortly (a command with the same Idempotency-Key, so it is kept once)',
  },
  timeout: {
    code: 'STORE_TIMEOUT',
    message: 'the database did not answer in time: retry shortly (a command with the same Idempotency-Key, so it is kept once)',
  },
  'outcome-unknown': {
    code: 'STORE_OUTCOME_UNKNOWN',
    message:
      'the connection to the database was lost while the command was committing, so it may or may not have been kept: retry it with the same Idempotency-Key, which appends it at most once',
  },
  full: { code: 'STORE_FULL', message: "the database's disk is full; nothing was written: retry once space is freed" },
  'read-only': { code: 'STORE_READ_ONLY', message: 'the database refuses writes (read-only); nothing was written' },
};

/** The failure codes of database faults: answered 503 (507 when full) with Retry-After, and counted in /metrics. */
export const STORE_FAULT_CODES: ReadonlySet<LedgerFailureCode> = new Set(
  Object.values(STORE_FAULT_FAILURES).map((failure) => failure.code),
);

/**
 * The failure a transport answers for an error: the ledger's own, or a database fault's; undefined for anything else
 * (a bug, answered as an internal error). Both transports map through this, so a code is decided once.
 */
export function ledgerFailureOf(error: unknown): LedgerFailure | undefined {
  if (error instanceof LedgerError) return error.failure;
  const fault = asStoreFault(error);
  return fault ? STORE_FAULT_FAILURES[fault.kind] : undefined;
}
