import type { ProblemCode } from './problem-details';

/**
 * What is wrong with one field of a request, as a stable code with its
 * parameters, so a form can say it in its own language ("at most {max}
 * characters"). The same codes on REST and GraphQL, whichever check found the
 * fault (the request's rules, GraphQL's own type coercion, the ledger's
 * rules); a rule of the ledger names its own failure code (e.g.
 * MONEY_AMOUNT_NEGATIVE) instead. README lists them.
 */
export const FIELD_CODES = {
  REQUIRED: 'the field is missing, null or empty',
  UNKNOWN_FIELD: 'the request has no such field',
  WRONG_TYPE: 'the value is not of the field’s type; params.expected: string, integer, number, boolean, object or list',
  TOO_LONG: 'text longer than params.max characters',
  TOO_SHORT: 'text shorter than params.min characters',
  TOO_LARGE: 'a number above params.max',
  TOO_SMALL: 'a number below params.min',
  TOO_MANY_ITEMS: 'a list of more than params.max items',
  EMPTY_LIST: 'a list with no item',
  INVALID_FORMAT: 'text not of the field’s shape; params.pattern is the regular expression it must match, when there is one',
  NOT_ONE_OF: 'a value not among params.allowed',
  INVALID_TIME: 'not an ISO 8601 time with a zone (Z or ±hh:mm)',
  INVALID_DAY_OR_TIME: 'neither a day (2024-06-30) nor an ISO 8601 time with a zone',
  NOT_AFTER: 'a period’s end not after its start, named by params.field',
  INVALID: 'the value is refused for another reason (the message says which)',
} as const;

/** A field code, or the failure code of the ledger's rule that refused the field. */
export type FieldCode = keyof typeof FIELD_CODES | ProblemCode;

export type FieldParams = Readonly<Record<string, unknown>>;

export interface FieldFault {
  readonly code: FieldCode;
  readonly params: FieldParams;
}

const fault = (code: FieldCode, params: FieldParams = {}): FieldFault => ({ code, params });
const expected = (type: string) => fault('WRONG_TYPE', { expected: type });

/**
 * The code of each class-validator constraint (by the name it reports),
 * built from the constraint's own figures (a MaxLength's max), so the code
 * and the check never disagree.
 */
const CONSTRAINT_FAULTS: Readonly<Record<string, (constraints: readonly unknown[]) => FieldFault>> = {
  isDefined: () => fault('REQUIRED'),
  isNotEmpty: () => fault('REQUIRED'),
  whitelistValidation: () => fault('UNKNOWN_FIELD'),
  isString: () => expected('string'),
  isInt: () => expected('integer'),
  isNumber: () => expected('number'),
  isBoolean: () => expected('boolean'),
  isArray: () => expected('list'),
  nestedValidation: () => expected('object'),
  maxLength: ([max]) => fault('TOO_LONG', { max }),
  minLength: ([min]) => fault('TOO_SHORT', { min }),
  max: ([max]) => fault('TOO_LARGE', { max }),
  min: ([min]) => fault('TOO_SMALL', { min }),
  arrayMaxSize: ([max]) => fault('TOO_MANY_ITEMS', { max }),
  arrayNotEmpty: () => fault('EMPTY_LIST'),
  matches: ([pattern]) => fault('INVALID_FORMAT', { pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isIn: ([allowed]) => fault('NOT_ONE_OF', { allowed }),
  isZonedTime: () => fault('INVALID_TIME'),
  isReportTime: () => fault('INVALID_DAY_OR_TIME'),
  isKnownCurrency: () => fault('CURRENCY_UNKNOWN'),
  isNotBeforeFrom: () => fault('NOT_AFTER', { field: 'from' }),
};

/** A class-validator constraint's code; its figures as the decorator declared them. */
export const constraintFault = (constraint: string, constraints: readonly unknown[] = []): FieldFault =>
  CONSTRAINT_FAULTS[constraint]?.(constraints) ?? fault('INVALID');

/** A field refused by a rule of the ledger (or an import's row by its own check): that failure's code is the field's. */
export const ruleFault = (code: ProblemCode): FieldFault => fault(code);

export const requiredFault = (): FieldFault => fault('REQUIRED');
export const unknownFieldFault = (): FieldFault => fault('UNKNOWN_FIELD');
export const invalidFormatFault = (pattern?: string): FieldFault => fault('INVALID_FORMAT', pattern === undefined ? {} : { pattern });
export const wrongTypeFault = (type: string): FieldFault => expected(type);
export const notOneOfFault = (allowed: readonly string[]): FieldFault => fault('NOT_ONE_OF', { allowed });
