import { MAX_ORDER_AMOUNT, MAX_RATE_BASIS_POINTS } from '@ledger/domain';

/**
 * The rule of each command field that is not the domain's own (the id
 * alphabet, the enumerations, the currency list, the money and rate bounds
 * live in @ledger/domain): declared here once, read by the API's request
 * classes (validation and both schemas) and by the import's row checks.
 */

export interface TextRule {
  readonly maxLength: number;
  /** A blank value is accepted (a note); otherwise it is refused as empty. */
  readonly allowEmpty?: boolean;
}

export interface IntegerRule {
  readonly minimum: number;
  readonly maximum: number;
}

export const TEXT_RULES = {
  employeeName: { maxLength: 200 },
  company: { maxLength: 200 },
  contactOutcome: { maxLength: 200 },
  contactNote: { maxLength: 4000, allowEmpty: true },
  competitor: { maxLength: 200 },
  reason: { maxLength: 1000 },
  /** A list's search: text within a name, company or id; empty searches nothing. */
  search: { maxLength: 200, allowEmpty: true },
} as const satisfies Record<string, TextRule>;

export const INTEGER_RULES = {
  /** Checked here too, not only by the domain, so a request hears of every malformed field at once. */
  rateBasisPoints: { minimum: 0, maximum: MAX_RATE_BASIS_POINTS },
  orderAmount: { minimum: 0, maximum: MAX_ORDER_AMOUNT },
} as const satisfies Record<string, IntegerRule>;
