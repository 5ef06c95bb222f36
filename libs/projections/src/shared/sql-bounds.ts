import type { SqlValue } from '@ledger/event-store';

import type { Period } from './calendar';
import type { AnswerContext } from './projection';
import { allOf, raw, sql, type SqlFragment } from './sql-fragment';

/** Adds a condition with its parameters to a query being built. */
export type AddCondition = (condition: string, ...params: SqlValue[]) => void;

/** A half-open business-time period [from, to) on a time column. */
export function periodBounds(column: string, period: Period, filter: AddCondition): void {
  if (period.from !== undefined) filter(`${column} >= ?`, period.from);
  if (period.to !== undefined) filter(`${column} < ?`, period.to);
}

/**
 * The historical bounds on a fact: what occurred by `asOf` (business time) and
 * what was recorded by `asKnownAt` (record time). Every fact row carries both
 * times, under these column names unless given others.
 */
export function historicalBounds(
  context: AnswerContext,
  filter: AddCondition,
  columns: { occurredAt?: string; recordedAt?: string } = {},
): void {
  if (context.asOf !== undefined) filter(`${columns.occurredAt ?? 'occurred_at'} <= ?`, context.asOf);
  if (context.asKnownAt !== undefined) filter(`${columns.recordedAt ?? 'recorded_at'} <= ?`, context.asKnownAt);
}

/** The same bounds as an SQL fragment: a fact whose times are in these columns occurred by `asOf` and was recorded by `asKnownAt`. */
export function withinBounds(context: AnswerContext, occurredAt: string, recordedAt: string): SqlFragment {
  const conditions: SqlFragment[] = [];
  if (context.asOf !== undefined) conditions.push(sql`${raw(occurredAt)} <= ${context.asOf}`);
  if (context.asKnownAt !== undefined) conditions.push(sql`${raw(recordedAt)} <= ${context.asKnownAt}`);
  return allOf(conditions);
}
