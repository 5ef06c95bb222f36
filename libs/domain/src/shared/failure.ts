/**
 * Stable failure codes. Clients match on these, so a code is never renamed;
 * transports map each one to a status exactly once.
 */
export const FAILURE_CODES = [
  'MONEY_AMOUNT_NOT_INTEGER',
  'MONEY_AMOUNT_NEGATIVE',
  /** Over the largest amount one order may carry (MAX_ORDER_AMOUNT); the code's name dates from when that bound was 2^53 − 1. */
  'MONEY_AMOUNT_UNSAFE',
  'CURRENCY_UNKNOWN',
  'OCCURRED_AT_INVALID',
  'OCCURRED_AT_BACKWARDS',
  'OCCURRED_AT_IN_FUTURE',
  'OCCURRED_AT_TOO_EARLY',
  'EMPLOYEE_NOT_FOUND',
  'EMPLOYEE_ALREADY_ACTIVE',
  'EMPLOYEE_UNKNOWN',
  'EMPLOYEE_NOT_IN_SALES_DEPARTMENT',
  'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT',
  'KEY_ACCOUNT_OWNER_INELIGIBLE',
  'COMMISSION_RATE_OUT_OF_RANGE',
  'COMMISSION_PLAN_NOT_AFTER_CURRENT',
  'LEAD_NOT_FOUND',
  'LEAD_NOT_CONTACTED',
  'LEAD_CLOSED',
  'LEAD_COMPANY_REQUIRED',
  'CLIENT_NOT_FOUND',
  'CLIENT_ALREADY_WON',
  'CLIENT_LOST',
  'ORDER_TOTAL_NOT_POSITIVE',
  'ORDER_ALREADY_PLACED',
  'HANDOFF_NOT_FROM_SALES',
  'ALREADY_KEY_ACCOUNT',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

export interface DomainFailure {
  readonly code: FailureCode;
  readonly message: string;
  /** The request field the failure is about, when there is one. */
  readonly field?: string;
}

export const failure = (code: FailureCode, message: string, field?: string): DomainFailure =>
  field === undefined ? { code, message } : { code, message, field };
