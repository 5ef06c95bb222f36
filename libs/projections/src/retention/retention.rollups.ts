import type { SqlValue } from '@ledger/event-store';

import { raw, sql, type SqlFragment } from '../shared/sql-fragment';

/**
 * The cohort rollups are summed from the facts in SQL, every few hundred events:
 * a reorder or a loss names its client, not the client's cohort, and apply reads
 * nothing. What the rollups hold is exactly the facts up to `rollup_mark.through`;
 * answers add the facts after the mark, so when the sums run changes no answer.
 */

/** 1 / 256 events roll up, picked by a hash of the position (no pattern of event types starves it); a small ledger, 1 / 4, so tests meet both parts. */
export function rollUpDue(position: number): boolean {
  const hash = Math.imul(position, 0x9e3779b1) >>> 0;
  return position < 2_048 ? hash >>> 30 === 0 : hash >>> 24 === 0;
}

/**
 * The log in stretches of positions ("epochs"), by which the rollups are parted:
 * an asKnownAt takes whole the epochs it knows all of, and reads the facts of the
 * one or two it cuts (16 positions each below position 4,096, so that small
 * ledgers and their tests have many; 32,768 each above).
 */
export function recordEpoch(position: number): number {
  return position < 4_096 ? Math.floor(position / 16) : 256 + Math.floor((position - 4_096) / 32_768);
}

/** `recordEpoch` in SQL, of an integer position column. */
const epochSql = (position: string) => `CASE WHEN ${position} < 4096 THEN ${position} / 16 ELSE 256 + (${position} - 4096) / 32768 END`;

/** The calendar month number (year × 12 + month) of a "YYYY-MM" column. */
const monthNumber = (expression: string) =>
  `(CAST(substr(${expression}, 1, 4) AS INTEGER) * 12 + CAST(substr(${expression}, 6, 2) AS INTEGER))`;

/** Calendar months from a cohort ("YYYY-MM") to a month ("YYYY-MM"), as SQL. */
export const monthOffsetSql = (cohort: string, month: string): SqlFragment => raw(`${monthNumber(month)} - ${monthNumber(cohort)}`);

/**
 * 1 when the order `o` is its client's first of its calendar month (no order of
 * the client in that month at an earlier position), else 0: the order that counts
 * the client as retained that month.
 */
export const firstOfMonthSql = raw(`CASE WHEN EXISTS (SELECT 1 FROM {orders} f
  WHERE f.client_id = o.client_id AND f.month = o.month AND f.position < o.position)
  THEN 0 ELSE 1 END`);

export const ORDERS_OF_CLIENTS = raw('{orders} o JOIN {clients} c ON c.client_id = o.client_id');
export const CLIENTS = raw('{clients} c');

/**
 * The orders meeting the conditions (as `o`, joined with their client as `c`),
 * summed per cohort, month offset, currency and epoch: clients won (first
 * orders), clients first ordering in the month, revenue.
 */
export function orderCellsSql(conditions: SqlFragment, sources = ORDERS_OF_CLIENTS): SqlFragment {
  const offset = monthOffsetSql('c.cohort', 'o.month');
  return sql`SELECT c.cohort AS cohort, ${offset} AS month_offset, o.currency AS currency, ${raw(epochSql('o.position'))} AS epoch,
    MAX(o.month) AS month, SUM(CASE WHEN o.kind = 'first' THEN 1 ELSE 0 END) AS won, SUM(${firstOfMonthSql}) AS retained, SUM(o.amount) AS amount
  FROM ${sources}
  WHERE ${conditions}
  GROUP BY c.cohort, ${offset}, o.currency, ${raw(epochSql('o.position'))}`;
}

/** The losses (of the clients `c`) meeting the conditions (which must require a loss), counted per cohort, month offset and epoch. */
export function lossCellsSql(conditions: SqlFragment, sources = CLIENTS): SqlFragment {
  const offset = monthOffsetSql('c.cohort', 'c.lost_month');
  return sql`SELECT c.cohort AS cohort, ${offset} AS month_offset, ${raw(epochSql('c.lost_position'))} AS epoch, MAX(c.lost_month) AS month, COUNT(*) AS lost
  FROM ${sources} WHERE ${conditions}
  GROUP BY c.cohort, ${offset}, ${raw(epochSql('c.lost_position'))}`;
}

const ROLLED_THROUGH = raw('(SELECT COALESCE(MAX(through), 0) FROM {rollup_mark})');

/** The statements that add the facts after the mark to the rollups (the mark then moves to the position every fact is written up to). */
export function rollUpStatements(): Array<[string, SqlValue[]]> {
  // "WHERE 1 = 1" before ON CONFLICT: SQLite would otherwise read its ON as a join's.
  const orders = sql`INSERT INTO {cohort_months} (cohort, month_offset, currency, epoch, month, won, retained, amount)
    SELECT * FROM (${orderCellsSql(sql`o.position > ${ROLLED_THROUGH}`)}) AS rolled WHERE 1 = 1
    ON CONFLICT (cohort, month_offset, currency, epoch) DO UPDATE SET
      won = {cohort_months}.won + excluded.won, retained = {cohort_months}.retained + excluded.retained, amount = {cohort_months}.amount + excluded.amount`;
  const losses = sql`INSERT INTO {cohort_losses} (cohort, month_offset, epoch, month, lost)
    SELECT * FROM (${lossCellsSql(sql`c.lost_position > ${ROLLED_THROUGH}`)}) AS rolled WHERE 1 = 1
    ON CONFLICT (cohort, month_offset, epoch) DO UPDATE SET lost = {cohort_losses}.lost + excluded.lost`;
  return [orders, losses].map((statement) => [statement.text, [...statement.params]]);
}
