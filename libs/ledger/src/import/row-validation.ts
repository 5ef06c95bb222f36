import {
  CONTACT_CHANNELS,
  DEPARTMENTS,
  type FailureCode,
  ID_RULE,
  isId,
  type Money,
  money as checkedMoney,
  parseZonedTime,
  ROLES,
} from '@ledger/domain';

import { INTEGER_RULES, type IntegerRule, TEXT_RULES, type TextRule } from '../input/input-rules';

/**
 * A small typed validator for imported rows. The rules are not its own: each
 * field's comes from the domain or from input-rules.ts, as the API's request
 * classes take theirs, and it answers in the API's words. Each check reports
 * every problem it finds and returns the value it could read, so one row gets
 * all its field errors at once.
 */

/** Why a row or one of its fields is refused: the domain's codes, or the transport's for shape and syntax. */
export type ImportRowCode = FailureCode | 'VALIDATION_FAILED' | 'MALFORMED_JSON' | 'MALFORMED_ROW' | 'EVENT_MISMATCH';

export interface FieldIssue {
  readonly code: ImportRowCode;
  readonly message: string;
  /** The row's field, e.g. `firstOrder.total.amount`; absent for the row as a whole. */
  readonly field?: string;
}

/** Reads `value` at `field`, pushing what is wrong with it; the result is only trustworthy when nothing was pushed. */
export interface Check<T> {
  (value: unknown, field: string, issues: FieldIssue[]): T;
  /** The field may be left out. */
  readonly optional?: boolean;
}

const check = <T>(run: (value: unknown, field: string, issues: FieldIssue[]) => T, optional = false): Check<T> =>
  Object.assign(run, { optional });

const fail = (issues: FieldIssue[], field: string, message: string, code: ImportRowCode = 'VALIDATION_FAILED'): void => {
  issues.push({ code, message, field });
};

export const id = check<string>((value, field, issues) => {
  if (!isId(value)) fail(issues, field, `${field} ${ID_RULE}`);
  return value as string;
});

export const text = ({ maxLength, allowEmpty = false }: TextRule) =>
  check<string>((value, field, issues) => {
    if (typeof value !== 'string') fail(issues, field, `${field} must be a string`);
    else if (!allowEmpty && value.trim().length === 0) fail(issues, field, `${field} should not be empty`);
    else if (value.length > maxLength) fail(issues, field, `${field} must be shorter than or equal to ${maxLength} characters`);
    return value as string;
  });

export const oneOf = <V extends string>(values: readonly V[]) =>
  check<V>((value, field, issues) => {
    if (!(values as readonly unknown[]).includes(value))
      fail(issues, field, `${field} must be one of the following values: ${values.join(', ')}`);
    return value as V;
  });

export const integer = ({ minimum, maximum }: IntegerRule) =>
  check<number>((value, field, issues) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) fail(issues, field, `${field} must be an integer number`);
    else if (value < minimum || value > maximum) fail(issues, field, `${field} must be from ${minimum} to ${maximum}`);
    return value as number;
  });

/** An ISO 8601 time with a zone on a real calendar day, normalised to ISO UTC. */
export const zonedTime = check<string>((value, field, issues) => {
  const at = typeof value === 'string' ? parseZonedTime(value) : Number.NaN;
  if (Number.isNaN(at)) {
    fail(
      issues,
      field,
      `${field} must be an ISO 8601 time with a zone (Z or ±hh:mm), e.g. 2024-06-30T09:00:00Z, got ${JSON.stringify(value)}`,
      'OCCURRED_AT_INVALID',
    );
    return value as string;
  }
  return new Date(at).toISOString();
});

/** `{amount, currency}`: integer minor units of an ISO 4217 currency, as the domain's Money wants it. */
export const money = check<Money>((value, field, issues) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(issues, field, `${field} must be an object {amount, currency}`);
    return value as Money;
  }
  const { amount, currency, ...rest } = value as Record<string, unknown>;
  for (const key of Object.keys(rest)) fail(issues, `${field}.${key}`, `property ${field}.${key} should not exist`);
  // The amount and the currency are each checked, so a row with both wrong hears of both.
  const amountChecked = checkedMoney(amount, 'EUR', field);
  if (!amountChecked.ok) issues.push(amountChecked.failure);
  const currencyChecked = checkedMoney(0, currency, field);
  if (!currencyChecked.ok) issues.push(currencyChecked.failure);
  return { amount: amount as number, currency: currency as string };
});

/** Absent or null reads as null: a note left out and a null note are the same row. */
export const nullable = <T>(inner: Check<T>) =>
  check<T | null>((value, field, issues) => (value === undefined || value === null ? null : inner(value, field, issues)), true);

type Shape = Record<string, Check<unknown>>;
export type Shaped<S extends Shape> = { -readonly [K in keyof S]: S[K] extends Check<infer T> ? T : never };

/**
 * An object with exactly these fields, read in the order of the shape (so the
 * result's JSON is canonical whatever order the row wrote them in). Unknown
 * fields are refused, as the REST API refuses them: a typo must not pass unseen.
 */
export const object = <S extends Shape>(shape: S) =>
  check<Shaped<S>>((value, field, issues) => {
    const prefix = field === '' ? '' : `${field}.`;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      fail(issues, field || 'row', `${field || 'the row'} must be a JSON object`);
      return {} as Shaped<S>;
    }
    const input = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(shape)) {
      const at = `${prefix}${key}`;
      if (input[key] === undefined && !inner.optional) {
        fail(issues, at, key === 'occurredAt' ? 'occurredAt is required: imported history keeps its business time' : `${at} is required`);
        continue;
      }
      result[key] = inner(input[key], at, issues);
    }
    for (const key of Object.keys(input)) if (!(key in shape)) fail(issues, `${prefix}${key}`, `property ${prefix}${key} should not exist`);
    return result as Shaped<S>;
  });

const occurredAt = zonedTime;

/**
 * Each command an import row may carry, by its operation name (the GraphQL
 * mutation and the access table's name), with the REST body's fields and the
 * path parameters (employeeId, leadId, clientId) as fields too.
 */
export const COMMAND_SHAPES = {
  addEmployee: object({
    employeeId: id,
    name: text(TEXT_RULES.employeeName),
    department: oneOf(DEPARTMENTS),
    role: oneOf(ROLES),
    occurredAt,
  }),
  removeEmployee: object({ employeeId: id, reason: nullable(text(TEXT_RULES.reason)), occurredAt }),
  setCommissionPlan: object({
    department: oneOf(DEPARTMENTS),
    rateBasisPoints: integer(INTEGER_RULES.rateBasisPoints),
    effectiveFrom: zonedTime,
    occurredAt,
  }),
  contactLead: object({
    leadId: id,
    repId: id,
    company: nullable(text(TEXT_RULES.company)),
    channel: oneOf(CONTACT_CHANNELS),
    outcome: text(TEXT_RULES.contactOutcome),
    note: nullable(text(TEXT_RULES.contactNote)),
    occurredAt,
  }),
  loseLead: object({ leadId: id, reason: text(TEXT_RULES.reason), occurredAt }),
  winClient: object({ clientId: id, leadId: id, repId: id, firstOrder: object({ orderId: id, total: money }), occurredAt }),
  placeReorder: object({ clientId: id, orderId: id, total: money, takenBy: id, occurredAt }),
  handOffClient: object({ clientId: id, toManagerId: id, reason: text(TEXT_RULES.reason), occurredAt }),
  escalateKeyAccount: object({ clientId: id, ownerId: id, reason: text(TEXT_RULES.reason), occurredAt }),
  loseClient: object({ clientId: id, reason: text(TEXT_RULES.reason), competitor: nullable(text(TEXT_RULES.competitor)), occurredAt }),
};

export type CommandType = keyof typeof COMMAND_SHAPES;
export const COMMAND_TYPES = Object.keys(COMMAND_SHAPES) as CommandType[];
export const isCommandType = (value: unknown): value is CommandType => typeof value === 'string' && Object.hasOwn(COMMAND_SHAPES, value);

/** A validated command row: its operation name and its fields, times normalised to ISO UTC. */
type Checked<C> = C extends Check<infer T> ? T : never;
export type ImportCommand = { [K in CommandType]: { type: K } & Checked<(typeof COMMAND_SHAPES)[K]> }[CommandType];

/** One order of the orders CSV, validated: the first order of a client wins it, later ones are reorders. */
export interface ImportOrder {
  readonly type: 'order';
  readonly client: string;
  readonly orderId: string;
  readonly occurredAt: string;
  readonly total: Money;
  readonly rep: string;
}

/** Validates a command row (its `type` already known); answers the command or the issues. */
export function validateCommand(type: CommandType, fields: Record<string, unknown>): { command?: ImportCommand; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value = COMMAND_SHAPES[type](fields, '', issues);
  return issues.length > 0 ? { issues } : { command: { type, ...value } as ImportCommand, issues };
}

export const ORDER_COLUMNS = ['client', 'orderId', 'occurredAt', 'amount', 'currency', 'rep'] as const;
export type OrderColumn = (typeof ORDER_COLUMNS)[number];

/** Amounts in a CSV are text: only whole numbers are read as numbers, so "12.50" is refused as not an integer. */
const amountOf = (cell: string): unknown =>
  /^-?\d+$/.test(cell) ? Number(cell) : /^-?(\d+\.?\d*|\.\d+)$/.test(cell) ? Number(cell) : cell;

/** Validates one orders-CSV record by its column names. */
export function validateOrder(cells: Readonly<Record<OrderColumn, string>>): { order?: ImportOrder; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const client = id(cells.client, 'client', issues);
  const orderId = id(cells.orderId, 'orderId', issues);
  const at = zonedTime(cells.occurredAt, 'occurredAt', issues);
  const amount = checkedMoney(amountOf(cells.amount), 'EUR', 'total');
  if (!amount.ok) issues.push({ ...amount.failure, field: 'amount' });
  const currency = checkedMoney(0, cells.currency, 'total');
  if (!currency.ok) issues.push({ ...currency.failure, field: 'currency' });
  const rep = id(cells.rep, 'rep', issues);
  if (issues.length > 0) return { issues };
  return {
    order: {
      type: 'order',
      client,
      orderId,
      occurredAt: at,
      total: { amount: amountOf(cells.amount) as number, currency: cells.currency },
      rep,
    },
    issues,
  };
}
