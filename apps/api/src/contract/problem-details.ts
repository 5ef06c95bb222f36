import type { LedgerFailure, LedgerFailureCode } from '@ledger/ledger';

import { redactUrl } from '../http/redact-url';
import { type FieldFault, type FieldParams, ruleFault } from './field-codes';

/** RFC 9457 problem details, with the ledger's stable failure code beside the standard members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  /** The request's X-Request-Id, so a support ticket can quote it from the body alone. */
  requestId?: string;
}

export interface FieldError {
  /** The field as the transport names it (GraphQL: under its argument, `input.total.amount`; a header by its name). */
  field: string;
  /** The field relative to the input, the same on REST and GraphQL (`total.amount`): what a form matches on. */
  path: string;
  message: string;
  /** What is wrong with this field (contract/field-codes.ts), or a ledger failure code for a rule of the ledger or an import's row. */
  code: string;
  /** The figures the message is made of (`{max: 200}`), for a translated message. */
  params: FieldParams;
}

/** One field's error; `path` defaults to `field` (REST names fields relative to the body already). */
export const fieldError = (field: string, message: string, { code, params }: FieldFault, path = field): FieldError => ({
  field,
  path,
  message,
  code,
  params,
});

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problems of the transport itself, beside the ledger's failure codes. */
export type TransportProblemCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | 'TOO_MANY_REQUESTS'
  | 'REQUEST_TIMEOUT';

export type ProblemCode = LedgerFailureCode | TransportProblemCode;

/**
 * Each failure code's HTTP status, in one place. A Record over the union: a
 * new code that is not mapped here does not compile.
 */
export const STATUS_OF: Readonly<Record<ProblemCode, number>> = {
  // The value itself is invalid, whatever the ledger holds.
  MONEY_AMOUNT_NOT_INTEGER: 400,
  MONEY_AMOUNT_NEGATIVE: 400,
  MONEY_AMOUNT_UNSAFE: 400,
  CURRENCY_UNKNOWN: 400,
  OCCURRED_AT_INVALID: 400,
  OCCURRED_AT_IN_FUTURE: 400,
  OCCURRED_AT_TOO_EARLY: 400,
  COMMISSION_RATE_OUT_OF_RANGE: 400,
  ORDER_TOTAL_NOT_POSITIVE: 400,
  LEAD_COMPANY_REQUIRED: 400,
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  CURSOR_INVALID: 400,
  EVIDENCE_RANGE_INVALID: 400,
  // The resource the path names does not exist.
  EMPLOYEE_NOT_FOUND: 404,
  LEAD_NOT_FOUND: 404,
  CLIENT_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  PROJECTION_NOT_FOUND: 404,
  CHECKPOINT_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  // A rule of the ledger refuses the command in the state it is in.
  OCCURRED_AT_BACKWARDS: 409,
  EMPLOYEE_ALREADY_ACTIVE: 409,
  EMPLOYEE_UNKNOWN: 409,
  EMPLOYEE_NOT_IN_SALES_DEPARTMENT: 409,
  EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT: 409,
  KEY_ACCOUNT_OWNER_INELIGIBLE: 409,
  COMMISSION_PLAN_NOT_AFTER_CURRENT: 409,
  LEAD_NOT_CONTACTED: 409,
  LEAD_CLOSED: 409,
  CLIENT_ALREADY_WON: 409,
  CLIENT_LOST: 409,
  ORDER_ALREADY_PLACED: 409,
  HANDOFF_NOT_FROM_SALES: 409,
  ALREADY_KEY_ACCOUNT: 409,
  CONCURRENCY_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  // The checkpoint asked against was made before the event: a newer one covers it.
  EVENT_NOT_IN_CHECKPOINT: 409,
  // The log was rewritten beneath the Merkle tree: the tree stays as it was and no checkpoint is signed over the rewrite.
  LOG_REWRITTEN: 409,
  REVISION_MISMATCH: 412,
  // A file whose rows are each checked: every bad row listed in errors, nothing applied.
  IMPORT_INVALID: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  // The request took longer than LEDGER_REQUEST_TIMEOUT_MS; a command may still complete.
  REQUEST_TIMEOUT: 503,
  // A read model stopped after a failure of its code; the log is intact and a rebuild restores it.
  PROJECTION_UNAVAILABLE: 503,
  // A read asked for a position (minPosition) the read models had not stored within LEDGER_READ_WAIT_MS: retry.
  READ_MODEL_BEHIND: 503,
  // The database is restarting, stopped, too slow or refusing writes: nothing was done (or, STORE_OUTCOME_UNKNOWN, perhaps
  // something: retried with its Idempotency-Key the command is kept once). Answered with Retry-After.
  STORE_UNAVAILABLE: 503,
  STORE_TIMEOUT: 503,
  STORE_OUTCOME_UNKNOWN: 503,
  STORE_READ_ONLY: 503,
  // RFC 4918's Insufficient Storage: the database's disk is full.
  STORE_FULL: 507,
  // This deployment's store (EventStoreDB) keeps no hash chain: verification is not something it offers.
  CHAIN_NOT_KEPT: 501,
  // Nor a Merkle tree: no checkpoints, proofs or evidence bundles.
  EVIDENCE_NOT_KEPT: 501,
};

/** Seconds a client should wait before retrying, per code answered with Retry-After. */
export const RETRY_AFTER_SECONDS: Readonly<Partial<Record<ProblemCode, number>>> = {
  STORE_UNAVAILABLE: 1,
  STORE_TIMEOUT: 1,
  STORE_OUTCOME_UNKNOWN: 1,
  STORE_READ_ONLY: 10,
  STORE_FULL: 30,
};

/** The problem's `type` URI, which answers a page describing it (http/problems.controller.ts). */
export const problemType = (code: ProblemCode): string => `/problems/${code.toLowerCase().replace(/_/g, '-')}`;

/** `instance` is the request's URL, with any credential in its query redacted: a problem never echoes one. */
export function problem(
  code: ProblemCode,
  detail: string,
  { instance, ...extra }: { instance?: string; errors?: FieldError[] } = {},
): ProblemDetails {
  const status = STATUS_OF[code];
  return {
    type: problemType(code),
    title: humanise(code),
    status,
    detail,
    code,
    ...(instance === undefined ? {} : { instance: redactUrl(instance) }),
    ...extra,
  };
}

/** A refusal of the ledger as problem details, on either transport: its invalid fields each with their code. */
export function failureProblem({ code, message, field, errors }: LedgerFailure, options: { instance?: string } = {}): ProblemDetails {
  const fields = errors
    ? errors.map((part) => fieldError(part.field, part.message, ruleFault((part.code ?? code) as ProblemCode)))
    : field
      ? [fieldError(field, message, ruleFault(code))]
      : undefined;
  return problem(code, message, { ...options, ...(fields ? { errors: fields } : {}) });
}

const humanise = (code: string): string => {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The codes (of these, or all) that may come with each status: what the OpenAPI document lists per answer. */
export function problemCodesByStatus(codes: readonly ProblemCode[] = Object.keys(STATUS_OF) as ProblemCode[]): Map<number, ProblemCode[]> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) byStatus.set(STATUS_OF[code], [...(byStatus.get(STATUS_OF[code]) ?? []), code]);
  return byStatus;
}
