import type { Operation } from '@ledger/ledger';

import type { ProblemCode } from './problem-details';

/**
 * The problems each operation may answer, in one place: what the OpenAPI
 * document lists per route (by status, with the codes of each) and what a
 * client generated from it can switch on. Every route may answer the codes of
 * its kind; the table adds each operation's own, the ledger's rules it runs.
 */

/** Any route: the credentials, the rate limit, the request timeout, the database, a bad query parameter, a bug. */
const ANY_ROUTE: readonly ProblemCode[] = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'TOO_MANY_REQUESTS',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'REQUEST_TIMEOUT',
  'STORE_UNAVAILABLE',
  'STORE_TIMEOUT',
];

/** A command: its body, its headers (Idempotency-Key, If-Match), a concurrent change, a write the database refuses, its business time. */
const ANY_COMMAND: readonly ProblemCode[] = [
  ...ANY_ROUTE,
  'MALFORMED_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'CONCURRENCY_CONFLICT',
  'REVISION_MISMATCH',
  'STORE_OUTCOME_UNKNOWN',
  'STORE_READ_ONLY',
  'STORE_FULL',
  'OCCURRED_AT_INVALID',
  'OCCURRED_AT_IN_FUTURE',
  'OCCURRED_AT_TOO_EARLY',
  'OCCURRED_AT_BACKWARDS',
];

/** A read of the read models: a position they have not reached in time (minPosition), a stopped projection. */
const ANY_READ: readonly ProblemCode[] = [...ANY_ROUTE, 'READ_MODEL_BEHIND', 'PROJECTION_UNAVAILABLE'];

const MONEY: readonly ProblemCode[] = [
  'MONEY_AMOUNT_NOT_INTEGER',
  'MONEY_AMOUNT_NEGATIVE',
  'MONEY_AMOUNT_UNSAFE',
  'CURRENCY_UNKNOWN',
  'ORDER_TOTAL_NOT_POSITIVE',
];
/** A command on a won client. */
const ON_CLIENT: readonly ProblemCode[] = ['CLIENT_NOT_FOUND', 'CLIENT_LOST'];

const command = (...own: ProblemCode[]): readonly ProblemCode[] => [...ANY_COMMAND, ...own];
const read = (...own: ProblemCode[]): readonly ProblemCode[] => [...ANY_READ, ...own];

/** Each operation's problems; one not listed (a new operation) is documented with its kind's alone. */
const OPERATION_PROBLEMS: Partial<Record<Operation, readonly ProblemCode[]>> = {
  addEmployee: command('EMPLOYEE_ALREADY_ACTIVE'),
  removeEmployee: command('EMPLOYEE_NOT_FOUND', 'EMPLOYEE_UNKNOWN'),
  setCommissionPlan: command('COMMISSION_RATE_OUT_OF_RANGE', 'COMMISSION_PLAN_NOT_AFTER_CURRENT'),
  contactLead: command('LEAD_COMPANY_REQUIRED', 'LEAD_CLOSED', 'EMPLOYEE_UNKNOWN', 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT'),
  loseLead: command('LEAD_NOT_FOUND', 'LEAD_CLOSED'),
  winClient: command(
    'LEAD_NOT_FOUND',
    'LEAD_NOT_CONTACTED',
    'LEAD_CLOSED',
    'CLIENT_ALREADY_WON',
    'EMPLOYEE_UNKNOWN',
    'EMPLOYEE_NOT_IN_SALES_DEPARTMENT',
    ...MONEY,
  ),
  placeReorder: command(...ON_CLIENT, 'ORDER_ALREADY_PLACED', 'EMPLOYEE_UNKNOWN', ...MONEY),
  handOffClient: command(...ON_CLIENT, 'HANDOFF_NOT_FROM_SALES', 'EMPLOYEE_UNKNOWN', 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT'),
  escalateKeyAccount: command(...ON_CLIENT, 'ALREADY_KEY_ACCOUNT', 'EMPLOYEE_UNKNOWN', 'KEY_ACCOUNT_OWNER_INELIGIBLE'),
  loseClient: command(...ON_CLIENT),
  client: read('CLIENT_NOT_FOUND'),
  clients: read('CURSOR_INVALID'),
  lead: read('LEAD_NOT_FOUND'),
  clientEvents: read('CLIENT_NOT_FOUND'),
  pipeline: read(),
  retention: read(),
  revenue: read(),
  events: read(),
  handoffs: read(),
  verifyLog: read('CHAIN_NOT_KEPT'),
  makeCheckpoint: [...ANY_ROUTE, 'EVIDENCE_NOT_KEPT', 'LOG_REWRITTEN'],
  checkpoints: [...ANY_ROUTE, 'EVIDENCE_NOT_KEPT'],
  inclusionProof: [...ANY_ROUTE, 'EVIDENCE_NOT_KEPT', 'CHECKPOINT_NOT_FOUND', 'EVENT_NOT_FOUND', 'EVENT_NOT_IN_CHECKPOINT'],
  consistencyProof: [...ANY_ROUTE, 'EVIDENCE_NOT_KEPT', 'CHECKPOINT_NOT_FOUND', 'EVIDENCE_RANGE_INVALID'],
  evidenceBundle: [
    ...ANY_ROUTE,
    'EVIDENCE_NOT_KEPT',
    'CHECKPOINT_NOT_FOUND',
    'CLIENT_NOT_FOUND',
    'EVENT_NOT_IN_CHECKPOINT',
    'EVIDENCE_RANGE_INVALID',
  ],
  importHistory: [...ANY_COMMAND, 'IMPORT_INVALID'],
  projectionStatus: read(),
  policyStatus: read(),
  rebuildProjection: [...ANY_ROUTE, 'PROJECTION_NOT_FOUND'],
  checkReadModels: [...ANY_ROUTE, 'PROJECTION_NOT_FOUND', 'PROJECTION_UNAVAILABLE'],
  metrics: read(),
};

/** The problems an operation may answer; `writes` tells a command from a read for one the table does not list. */
export function problemsOf(operation: string, { writes }: { writes: boolean }): readonly ProblemCode[] {
  const own = OPERATION_PROBLEMS[operation as Operation];
  return [...new Set(own ?? (writes ? ANY_COMMAND : ANY_READ))];
}
