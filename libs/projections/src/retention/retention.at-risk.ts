import type { ReadModelReader } from '@ledger/event-store';

import { allOf, joined, raw, sql, type SqlFragment } from '../shared/sql-fragment';
import { RetentionBounds } from './retention.bounds';

export const AT_RISK_LISTED = 100;

/** Per cohort, the count of its clients at risk; the longest-silent clients at risk, at most AT_RISK_LISTED. */
export type AtRiskRow =
  | { kind: 'cohort'; cohort: string; clients: number; client_id: null; last_order_at: null }
  | { kind: 'client'; cohort: null; clients: null; client_id: string; last_order_at: string };

/**
 * The clients at risk at the answer's moment: won in the period, not lost, and
 * whose latest order (the first order included) within the bounds is at or before
 * `silentSince` (the answer's moment less atRiskDays). Live, only the list (the
 * cells count them); under bounds, counted per cohort too.
 */
export async function clientsAtRisk(db: ReadModelReader, bounds: RetentionBounds, silentSince: string): Promise<AtRiskRow[]> {
  const { asOf, asKnownAt } = bounds.context;
  const statement =
    asOf === undefined && asKnownAt === undefined
      ? // Read in the order of the index of clients by latest order: the list stops at its hundredth.
        sql`SELECT 'client' AS kind, NULL AS cohort, NULL AS clients, client_id, last_order_at FROM (
          SELECT c.client_id, c.last_order_at FROM {clients} c WHERE c.lost_at IS NULL AND c.last_order_at <= ${silentSince} AND ${bounds.wonInPeriod()}
          ORDER BY c.last_order_at, c.client_id LIMIT ${AT_RISK_LISTED}
        ) AS listed`
      : atRiskThen(bounds, silentSince);
  return db.all<AtRiskRow>(statement.text, statement.params);
}

/** The parts of the answer under bounds: clients at risk (their cohorts), the exact longest silent, those to look up. */
interface Parts {
  readonly counted: SqlFragment[];
  readonly exact: SqlFragment[];
  readonly lookedUp: SqlFragment[];
}

/**
 * Under bounds. A client whose stored latest order of all is by the cut-off is at
 * risk; one whose every order lies within the bounds has that order as its latest
 * then; any other is at risk when no order within the bounds follows the cut-off.
 * The list takes the longest silent of the first kind (the stored latest order is
 * exact, the index orders them) and looks up the latest order then only of the
 * others won before the hundredth of those (no later one can come before it).
 * An asKnownAt from the latest record time on bounds nothing: that is asked first
 * (the one-row `known` leads each join), and the parts without it answer then.
 */
function atRiskThen(bounds: RetentionBounds, silentSince: string): SqlFragment {
  const ctes: SqlFragment[] = [];
  let parts: Parts;
  if (bounds.context.asKnownAt === undefined) {
    parts = partsThen(bounds, silentSince, raw(''), raw('1 = 1'));
  } else {
    ctes.push(
      sql`known AS (SELECT CASE WHEN COALESCE(MAX(recorded_max), '') <= ${bounds.context.asKnownAt} THEN 1 ELSE 0 END AS whole FROM {epochs})`,
    );
    const unbounded = new RetentionBounds(
      { at: bounds.context.at, asOf: bounds.context.asOf },
      bounds.period,
      bounds.stored,
      bounds.otherZone,
    );
    const [whole, cut] = [
      partsThen(unbounded, silentSince, raw('known CROSS JOIN '), raw('known.whole = 1')),
      partsThen(bounds, silentSince, raw('known CROSS JOIN '), raw('known.whole = 0')),
    ];
    parts = {
      counted: [...whole.counted, ...cut.counted],
      exact: [...whole.exact, ...cut.exact],
      lookedUp: [...whole.lookedUp, ...cut.lookedUp],
    };
  }
  const lookedUp =
    parts.lookedUp.length > 0 ? joined(parts.lookedUp, ' UNION ALL ') : raw('SELECT NULL AS client_id, NULL AS last_order_at WHERE 1 = 0');
  ctes.push(
    sql`exact AS (SELECT client_id, last_order_at FROM (${joined(parts.exact, ' UNION ALL ')}) AS exact_parts ORDER BY last_order_at, client_id LIMIT ${AT_RISK_LISTED})`,
    sql`bar AS (SELECT CASE WHEN COUNT(*) < ${AT_RISK_LISTED} THEN '~' ELSE MAX(last_order_at) END AS latest FROM exact)`,
    sql`looked_up AS MATERIALIZED (${lookedUp})`,
  );
  return sql`WITH ${joined(ctes, ', ')}
    SELECT 'cohort' AS kind, cohort, COUNT(*) AS clients, NULL AS client_id, NULL AS last_order_at FROM (${joined(parts.counted, ' UNION ALL ')}) AS silent GROUP BY cohort
    UNION ALL
    SELECT 'client', NULL, NULL, client_id, last_order_at FROM (
      SELECT client_id, last_order_at FROM (
        SELECT client_id, last_order_at FROM exact
        UNION ALL
        SELECT client_id, last_order_at FROM looked_up WHERE last_order_at <= ${silentSince}
      ) AS candidates ORDER BY last_order_at, client_id LIMIT ${AT_RISK_LISTED}
    ) AS listed`;
}

/** The parts for these bounds, of the clients `c` read after `lead` (a one-row guard's join, or nothing) where `guard` holds. */
function partsThen(bounds: RetentionBounds, silentSince: string, lead: SqlFragment, guard: SqlFragment): Parts {
  const { asOf, asKnownAt } = bounds.context;
  const exactOf = (
    conditions: SqlFragment,
  ) => sql`SELECT * FROM (SELECT c.client_id AS client_id, c.last_order_at AS last_order_at FROM ${lead}{clients} c
    WHERE ${guard} AND ${conditions} ORDER BY c.last_order_at, c.client_id LIMIT ${AT_RISK_LISTED}) AS exact_part`;
  if (asOf === undefined && asKnownAt === undefined) {
    // Every fact counts: the stored latest order and loss answer.
    const silent = sql`c.lost_at IS NULL AND c.last_order_at <= ${silentSince} AND ${bounds.wonInPeriod()}`;
    return {
      counted: [sql`SELECT ${bounds.cohortOf()} AS cohort FROM ${lead}{clients} c WHERE ${guard} AND ${silent}`],
      exact: [exactOf(silent)],
      lookedUp: [],
    };
  }
  const everyOrderKnown = bounds.within('c.last_order_at', 'c.last_recorded_at');
  const someOrderLater = joined(
    [
      ...(asOf === undefined ? [] : [sql`c.last_order_at > ${asOf}`]),
      ...(asKnownAt === undefined ? [] : [sql`c.last_recorded_at > ${asKnownAt}`]),
    ],
    ' OR ',
  );
  const lostLater = joined(
    [
      ...(asOf === undefined ? [] : [sql`c.lost_at > ${asOf}`]),
      ...(asKnownAt === undefined ? [] : [sql`(c.lost_at IS NOT NULL AND c.lost_recorded_at > ${asKnownAt})`]),
    ],
    ' OR ',
  );
  // Won within the bounds and the period, by the cut-off.
  const wonThen = allOf([bounds.clientWon(), bounds.wonInPeriod(silentSince)]);
  const orderedSince = sql`EXISTS (SELECT 1 FROM {orders} o WHERE o.client_id = c.client_id AND o.occurred_at > ${silentSince} AND ${bounds.order()})`;
  const latestThen = sql`(SELECT MAX(o.occurred_at) FROM {orders} o WHERE o.client_id = c.client_id AND ${bounds.order()})`;
  // Latest order after the cut-off, and some order beyond the bounds (as of a time alone, one after it says both, for the index to read).
  const orderedLater =
    asKnownAt === undefined ? sql`c.last_order_at > ${asOf!}` : sql`c.last_order_at > ${silentSince} AND (${someOrderLater})`;
  // Not lost at all, or lost beyond the bounds: each part on its own, so that each reads the index of the clients by latest order.
  const notLostThen = [raw('c.lost_at IS NULL'), lostLater];
  return {
    counted: notLostThen.flatMap((notLost) => [
      sql`SELECT ${bounds.cohortOf()} AS cohort FROM ${lead}{clients} c WHERE ${guard} AND (${notLost}) AND c.last_order_at <= ${silentSince} AND ${wonThen}`,
      sql`SELECT ${bounds.cohortOf()} FROM ${lead}{clients} c WHERE ${guard} AND (${notLost}) AND ${orderedLater} AND ${wonThen} AND NOT ${orderedSince}`,
    ]),
    exact: notLostThen.map((notLost) =>
      exactOf(sql`(${notLost}) AND c.last_order_at <= ${silentSince} AND ${everyOrderKnown} AND ${bounds.wonInPeriod()}`),
    ),
    // Those to look up are read by the time they were won (their loss compared unindexed, "|| ''").
    lookedUp: [sql`(c.lost_at || '') IS NULL`, lostLater].map(
      (notLost) => sql`SELECT c.client_id AS client_id, ${latestThen} AS last_order_at FROM bar CROSS JOIN ${lead}{clients} c
        WHERE ${guard} AND c.won_at <= bar.latest AND (${notLost}) AND (${someOrderLater}) AND ${wonThen}`,
    ),
  };
}
