import type { ReadModelReader } from '@ledger/event-store';

import { exactText } from '../shared/exact-sums';
import { allOf, joined, raw, sql, type SqlFragment } from '../shared/sql-fragment';
import type { RetentionBounds } from './retention.bounds';
import { lossCellsSql, orderCellsSql } from './retention.rollups';

/**
 * Part of a cohort's figures at one month offset: clients won, clients ordering,
 * revenue in `currency` (null on a row that counts clients without one), clients lost.
 */
export interface CohortCell {
  readonly cohort: string;
  readonly month_offset: number;
  readonly currency: string | null;
  readonly won: number;
  readonly retained: number;
  /** Exact decimal text (see exact-sums). */
  readonly amount: string;
  readonly lost: number;
  /** Live only: clients not lost that ordered after the at-risk cut-off (the rest of those not lost are at risk). */
  readonly active: number;
}

const THROUGH = raw('(SELECT through FROM mark)');
const MARK = raw('SELECT COALESCE(MAX(through), 0) AS through FROM {rollup_mark}');

/**
 * Every cohort's cells within the bounds, in one statement (the rollups and the
 * facts after their mark are read at the same moment). Of the cohorts the period
 * holds whole: the rollups for the months before asOf's and the epochs asKnownAt
 * knows whole; the facts after the mark, of asOf's month and of the epochs
 * asKnownAt cuts. Of the cohorts the period cuts: the facts.
 * A client is counted as ordering in a month where its first order of that month
 * falls, or (where the parts hold every order of the month) once per part.
 */
export async function cohortCells(db: ReadModelReader, bounds: RetentionBounds, silentSince: string): Promise<CohortCell[]> {
  const rows: SqlFragment[] = [
    sql`SELECT cohort, month_offset, currency, won, retained, amount, 0 AS lost, 0 AS active FROM {cohort_months} WHERE ${rolled(bounds)}`,
    sql`SELECT cohort, month_offset, NULL, 0, 0, 0, lost, 0 FROM {cohort_losses} WHERE ${rolled(bounds)}`,
    ...factsOfWholeCohorts(bounds),
  ];
  const byClient = ordersByClient(bounds);
  const losses = lossesByClient(bounds);
  if (byClient) {
    rows.push(
      sql`SELECT cohort, month_offset, currency, SUM(CASE WHEN kind = 'first' THEN 1 ELSE 0 END), 0, SUM(amount), 0, 0 FROM facts GROUP BY cohort, month_offset, currency`,
    );
    rows.push(sql`SELECT cohort, month_offset, NULL, 0, COUNT(DISTINCT client_id), 0, 0, 0 FROM facts GROUP BY cohort, month_offset`);
  }
  if (bounds.context.asOf === undefined && bounds.context.asKnownAt === undefined) {
    // Live, the clients at risk are those not lost less those that ordered since the cut-off: fewer to count, as silent ones pile up over the years.
    rows.push(sql`SELECT ${bounds.cohortOf()}, 0, NULL, 0, 0, 0, 0, COUNT(*) FROM {clients} c
      WHERE c.lost_at IS NULL AND c.last_order_at > ${silentSince} AND ${bounds.wonInPeriod()} GROUP BY 1`);
  }
  if (losses) rows.push(sql`SELECT cohort, month_offset, NULL, 0, 0, 0, COUNT(*), 0 FROM fact_losses GROUP BY cohort, month_offset`);
  const ctes = [
    sql`mark AS (${MARK})`,
    ...(bounds.context.asKnownAt === undefined ? [] : [sql`cut AS (${bounds.cutEpochs()})`]),
    ...(byClient ? [sql`facts AS MATERIALIZED (${byClient})`] : []),
    ...(losses ? [sql`fact_losses AS (${losses})`] : []),
  ];
  // The parts' rows as they come (the caller adds them up): few, and mostly one per cell already.
  const statement = sql`WITH ${joined(ctes, ', ')} SELECT cohort, month_offset, currency, won, retained, ${raw(exactText('amount'))} AS amount, lost, active
    FROM (${joined(rows, ' UNION ALL ')}) AS cells`;
  return db.all<CohortCell>(statement.text, statement.params);
}

/** The rollup rows the bounds take whole. */
function rolled(bounds: RetentionBounds): SqlFragment {
  const conditions = [bounds.wholeCohort('cohort')];
  if (bounds.asOfMonth !== undefined) conditions.push(sql`month < ${bounds.asOfMonth}`);
  if (bounds.context.asKnownAt !== undefined) conditions.push(sql`epoch IN (${bounds.knownEpochs()})`);
  return allOf(conditions);
}

/**
 * The facts of whole cohorts the rollups do not answer for, before asOf's month
 * (which `ordersByClient` reads whole): after the mark, and those up to the mark
 * in the epochs asKnownAt cuts. (A client counts as ordering in a month at its
 * first order of the month, wherever that falls.)
 */
function factsOfWholeCohorts(bounds: RetentionBounds): SqlFragment[] {
  const whole = bounds.wholeCohort('c.cohort');
  // Times are compared unindexed ("|| ''"): the position is what picks these few facts out.
  const unindexed = (column: string) => `${column} || ''`;
  const ordersAfter = allOf([
    whole,
    bounds.within(unindexed('o.occurred_at'), unindexed('o.recorded_at')),
    bounds.within(unindexed('c.won_at'), unindexed('c.recorded_at')),
    ...before(bounds.asOfMonthStart, unindexed('o.occurred_at')),
  ]);
  const lossesAfter = allOf([
    whole,
    bounds.within(unindexed('c.lost_at'), unindexed('c.lost_recorded_at')),
    bounds.within(unindexed('c.won_at'), unindexed('c.recorded_at')),
    ...before(bounds.asOfMonthStart, unindexed('c.lost_at')),
  ]);
  const parts = [
    sql`SELECT cohort, month_offset, currency, won, retained, amount, 0, 0 FROM (${orderCellsSql(sql`o.position > ${THROUGH} AND ${ordersAfter}`)}) AS after_mark`,
    sql`SELECT cohort, month_offset, NULL, 0, 0, 0, lost, 0 FROM (${lossCellsSql(sql`c.lost_position > ${THROUGH} AND ${lossesAfter}`)}) AS lost_after_mark`,
  ];
  if (bounds.context.asKnownAt !== undefined) {
    // Of the epochs asKnownAt cuts, those recorded by then: the positions pick these out (each cut epoch leads its join).
    const inCut = (position: string) =>
      sql`${raw(position)} BETWEEN cut.first_position AND cut.last_position AND ${raw(position)} <= ${THROUGH}`;
    const lateOrders = orderCellsSql(
      sql`${inCut('o.position')} AND ${ordersAfter}`,
      raw('cut CROSS JOIN {orders} o JOIN {clients} c ON c.client_id = o.client_id'),
    );
    const lateLosses = lossCellsSql(sql`${inCut('c.lost_position')} AND ${lossesAfter}`, raw('cut CROSS JOIN {clients} c'));
    parts.push(
      sql`SELECT cohort, month_offset, currency, won, retained, amount, 0, 0 FROM (${lateOrders}) AS known_in_cut`,
      sql`SELECT cohort, month_offset, NULL, 0, 0, 0, lost, 0 FROM (${lateLosses}) AS lost_in_cut`,
    );
  }
  return parts;
}

/**
 * The orders read whole, within the bounds, as rows: those of asOf's month in
 * whole cohorts, and every order of the clients of the cohorts the period cuts.
 * Undefined when there are none to read.
 */
function ordersByClient(bounds: RetentionBounds): SqlFragment | undefined {
  const columns = sql`${bounds.cohortOf()} AS cohort, ${bounds.offsetOf('order')} AS month_offset, o.currency AS currency, o.kind AS kind, o.client_id AS client_id, o.amount AS amount`;
  const inBounds = allOf([bounds.order(), bounds.clientWon()]);
  const parts: SqlFragment[] = [];
  if (bounds.asOfMonthStart !== undefined) {
    parts.push(sql`SELECT ${columns} FROM {orders} o JOIN {clients} c ON c.client_id = o.client_id
      WHERE o.occurred_at >= ${bounds.asOfMonthStart} AND ${bounds.wholeCohort('c.cohort')} AND ${inBounds}`);
  }
  for (const [from, to] of bounds.cutCohorts) {
    parts.push(
      sql`SELECT ${columns} FROM {clients} c JOIN {orders} o ON o.client_id = c.client_id WHERE c.won_at >= ${from} AND c.won_at < ${to} AND ${inBounds}`,
    );
  }
  return parts.length === 0 ? undefined : joined(parts, ' UNION ALL ');
}

/** The losses read whole, parted as `ordersByClient` parts the orders: rows of cohort and month offset. */
function lossesByClient(bounds: RetentionBounds): SqlFragment | undefined {
  const columns = sql`${bounds.cohortOf()} AS cohort, ${bounds.offsetOf('loss')} AS month_offset`;
  const inBounds = allOf([bounds.clientLost(), bounds.clientWon()]);
  const parts: SqlFragment[] = [];
  if (bounds.asOfMonthStart !== undefined) {
    parts.push(
      sql`SELECT ${columns} FROM {clients} c WHERE c.lost_at >= ${bounds.asOfMonthStart} AND ${bounds.wholeCohort('c.cohort')} AND ${inBounds}`,
    );
  }
  for (const [from, to] of bounds.cutCohorts)
    parts.push(sql`SELECT ${columns} FROM {clients} c WHERE c.won_at >= ${from} AND c.won_at < ${to} AND ${inBounds}`);
  return parts.length === 0 ? undefined : joined(parts, ' UNION ALL ');
}

const before = (monthStart: string | undefined, time: string): SqlFragment[] =>
  monthStart === undefined ? [] : [sql`${raw(time)} < ${monthStart}`];
