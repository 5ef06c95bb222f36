import { FIELD_CODES } from './field-codes';
import { type ProblemCode, problemType, RETRY_AFTER_SECONDS, STATUS_OF } from './problem-details';

/**
 * What each problem code means and what a client does about it: the page its
 * `type` URI (/problems/<code>) answers. A Record over the same union as
 * STATUS_OF, so a new code without a description does not compile.
 */
const DESCRIPTIONS: Readonly<Record<ProblemCode, string>> = {
  MONEY_AMOUNT_NOT_INTEGER: 'An amount is not a whole number of minor units (1999 for 19.99).',
  MONEY_AMOUNT_NEGATIVE: 'An amount is below zero.',
  MONEY_AMOUNT_UNSAFE: 'An amount is over the largest one order may carry (10^12 minor units).',
  CURRENCY_UNKNOWN: 'A currency is not an ISO 4217 code the ledger knows, such as EUR.',
  OCCURRED_AT_INVALID: 'occurredAt is not an ISO 8601 time with a zone.',
  OCCURRED_AT_IN_FUTURE: 'occurredAt lies in the future.',
  OCCURRED_AT_TOO_EARLY: 'occurredAt lies before the earliest business time the ledger records.',
  COMMISSION_RATE_OUT_OF_RANGE: 'A commission rate is outside 0–10000 basis points.',
  ORDER_TOTAL_NOT_POSITIVE: 'An order’s total is zero.',
  LEAD_COMPANY_REQUIRED: 'A lead’s first contact must name the company.',
  VALIDATION_FAILED: 'The request is invalid; `errors` lists each field with its code and parameters. Fix them and send again.',
  MALFORMED_JSON: 'The body is not valid JSON, or could not be read as sent.',
  CURSOR_INVALID: 'A paging cursor was not one the listing gave out; start from the first page.',
  EVIDENCE_RANGE_INVALID: 'A range of positions or tree sizes runs backwards, or holds more than one answer gives.',
  EMPLOYEE_NOT_FOUND: 'No employee with this id.',
  LEAD_NOT_FOUND: 'No lead with this id.',
  CLIENT_NOT_FOUND: 'No client with this id (or it had not been won by the time asked).',
  ROUTE_NOT_FOUND: 'No route answers this method and path.',
  PROJECTION_NOT_FOUND: 'No read model of this name.',
  CHECKPOINT_NOT_FOUND: 'No signed checkpoint of this tree size is kept (or none was made yet): GET /v1/audit/checkpoints lists them.',
  EVENT_NOT_FOUND: 'No event at this position, or with this id.',
  OCCURRED_AT_BACKWARDS: 'occurredAt lies before the stream’s last event: history is appended in order.',
  EMPLOYEE_ALREADY_ACTIVE: 'The employee has joined already.',
  EMPLOYEE_UNKNOWN: 'The employee named is not an active employee.',
  EMPLOYEE_NOT_IN_SALES_DEPARTMENT: 'The employee named does not work in sales.',
  EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT: 'The employee named does not work in the client department.',
  KEY_ACCOUNT_OWNER_INELIGIBLE: 'The employee named may not own a key account.',
  COMMISSION_PLAN_NOT_AFTER_CURRENT: 'A new commission plan must take effect after the current one.',
  LEAD_NOT_CONTACTED: 'The lead has not been contacted yet, so it cannot be won.',
  LEAD_CLOSED: 'The lead was won or lost already.',
  CLIENT_ALREADY_WON: 'The client exists already.',
  CLIENT_LOST: 'The client was lost; nothing more is recorded for it.',
  ORDER_ALREADY_PLACED: 'The client has an order with this id already.',
  HANDOFF_NOT_FROM_SALES: 'Only a client the sales department looks after is handed off.',
  ALREADY_KEY_ACCOUNT: 'The client is a key account already.',
  CONCURRENCY_CONFLICT: 'Another command changed the same stream at the same moment, twice: read it again and retry.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used for another request; use a new key for a new request.',
  EVENT_NOT_IN_CHECKPOINT:
    'The event lies beyond the checkpoint’s tree: make a newer checkpoint (POST /v1/audit/checkpoints) and ask against it.',
  LOG_REWRITTEN:
    'The log no longer holds an event the Merkle tree hashed (truncated, or edited beneath it): no checkpoint is signed over it; compare the log with the checkpoints kept outside the database.',
  REVISION_MISMATCH:
    'If-Match named another revision than the stream’s: the answer’s ETag is the revision now; read the resource again, then send that.',
  IMPORT_INVALID: 'An imported file has invalid rows, each listed in `errors`; nothing of it was applied.',
  UNAUTHENTICATED: 'No valid credentials: send Authorization: Bearer <token or API key>.',
  FORBIDDEN: 'The caller’s role, department or ownership does not allow this operation.',
  METHOD_NOT_ALLOWED: 'The path does not take this method.',
  BODY_TOO_LARGE: 'The body is over the size limit.',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not application/json (or its encoding is not supported).',
  TOO_MANY_REQUESTS: 'The caller’s requests this minute are spent: wait Retry-After seconds.',
  INTERNAL_ERROR: 'The server failed; it has been logged under the request id.',
  SERVICE_UNAVAILABLE: 'The service is not ready (starting, stopping or unhealthy): retry shortly.',
  REQUEST_TIMEOUT: 'The request was not answered in time; a command may still complete: retry it with the same Idempotency-Key.',
  PROJECTION_UNAVAILABLE: 'A read model stopped after a failure of its code; the log is intact and a rebuild restores it.',
  READ_MODEL_BEHIND: 'The read models had not stored the position asked for (minPosition) in time: retry.',
  STORE_UNAVAILABLE: 'The database cannot be reached: retry after Retry-After seconds (a command with its Idempotency-Key).',
  STORE_TIMEOUT: 'The database answered too slowly: retry after Retry-After seconds (a command with its Idempotency-Key).',
  STORE_OUTCOME_UNKNOWN: 'The connection was lost while the command committed: retry it with the same Idempotency-Key, kept at most once.',
  STORE_READ_ONLY: 'The database refuses writes; nothing was written.',
  STORE_FULL: 'The database’s disk is full; nothing was written: retry once space is freed.',
  CHAIN_NOT_KEPT: 'This deployment’s event store keeps no hash chain, so the log cannot be verified by one.',
  EVIDENCE_NOT_KEPT: 'This deployment’s event store keeps no Merkle tree over its log: no checkpoints, proofs or evidence bundles.',
};

export interface ProblemEntry {
  readonly type: string;
  readonly code: ProblemCode;
  readonly status: number;
  readonly description: string;
  readonly retryAfterSeconds?: number;
}

/** Every problem code with its status and meaning, in the order of STATUS_OF. */
export const PROBLEM_CATALOGUE: readonly ProblemEntry[] = (Object.keys(STATUS_OF) as ProblemCode[]).map((code) => ({
  type: problemType(code),
  code,
  status: STATUS_OF[code],
  description: DESCRIPTIONS[code],
  ...(RETRY_AFTER_SECONDS[code] === undefined ? {} : { retryAfterSeconds: RETRY_AFTER_SECONDS[code] }),
}));

/** A problem by its type's last segment (`client-lost`) or its code (`CLIENT_LOST`). */
export const problemEntry = (name: string): ProblemEntry | undefined =>
  PROBLEM_CATALOGUE.find((entry) => entry.type === `/problems/${name.toLowerCase()}` || entry.code === name);

/** The field codes a problem's `errors` may carry, beside the ledger's failure codes. */
export const FIELD_CODE_CATALOGUE = Object.entries(FIELD_CODES).map(([code, description]) => ({ code, description }));
