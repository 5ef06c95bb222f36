import type { Period } from '../shared/calendar';
import { joined, raw, sql, type SqlFragment } from '../shared/sql-fragment';
import type { PipelineQuery } from './pipeline.query';

/** Leads without a known department are grouped under this key. */
export const UNKNOWN_DEPARTMENT = 'unknown';

/**
 * The live answer per rep, straight from the leads' stored rows: the counts read
 * the leads index in owner order (it covers them), one row per owner, outcome and
 * lost reason; the medians sort only the wins in the period.
 */
export function liveTallyByRep(query: PipelineQuery): SqlFragment {
  const { period } = query;
  const rep = query.repId === undefined ? raw('') : sql` AND owner_id = ${query.repId}`;
  // A closing logged before the lead's first contact closed nothing.
  const closes = raw('closed_position > first_position');
  const openAtEnd =
    period.to === undefined
      ? sql`CASE WHEN ${closes} THEN 0 ELSE 1 END`
      : sql`CASE WHEN first_contacted_at >= ${period.to} THEN 0 WHEN ${closes} AND closed_at < ${period.to} THEN 0 ELSE 1 END`;
  const closedIn = inPeriod('closed_at', period);
  return sql`WITH counts AS (SELECT owner_id AS key, CASE WHEN outcome = 'lost' THEN COALESCE(lost_reason, '') END AS reason,
        SUM(CASE WHEN ${inPeriod('first_contacted_at', period)} THEN 1 ELSE 0 END) AS contacted,
        SUM(${openAtEnd}) AS open,
        SUM(CASE WHEN outcome = 'won' AND ${closes} AND ${closedIn} THEN 1 ELSE 0 END) AS won,
        SUM(CASE WHEN outcome = 'lost' AND ${closes} AND ${closedIn} THEN 1 ELSE 0 END) AS lost
      FROM {leads} WHERE first_position IS NOT NULL${rep} GROUP BY owner_id, outcome, lost_reason),
    wins AS (SELECT owner_id AS key, closed_ms - first_contacted_ms AS win_ms FROM {leads}
      WHERE outcome = 'won' AND ${closes} AND ${closedIn}${rep}),
    ${rankedWins}
    ${tallyRows}`;
}

/**
 * The answer over lead states (a `states` CTE, see leadStates), for any grouping,
 * filter and bounds: every lead's state is counted once, then its win ranked.
 */
export function tallyOverStates(states: SqlFragment, query: PipelineQuery): SqlFragment {
  const { period } = query;
  const key = raw(query.groupBy === 'department' ? `COALESCE(department, '${UNKNOWN_DEPARTMENT}')` : 'owner_id');
  const department = query.department === undefined ? raw('') : sql` WHERE department = ${query.department}`;
  const openAtEnd =
    period.to === undefined ? raw('outcome IS NULL') : sql`contacted_at < ${period.to} AND (outcome IS NULL OR closed_at >= ${period.to})`;
  return sql`WITH ${states},
    keyed AS (SELECT ${key} AS key, contacted_at, outcome, closed_at, win_ms, lost_reason,
        CASE WHEN ${inPeriod('closed_at', period)} THEN outcome END AS closed_in_period FROM states${department}),
    counts AS (SELECT key, CASE WHEN closed_in_period = 'lost' THEN COALESCE(lost_reason, '') END AS reason,
        SUM(CASE WHEN ${inPeriod('contacted_at', period)} THEN 1 ELSE 0 END) AS contacted,
        SUM(CASE WHEN ${openAtEnd} THEN 1 ELSE 0 END) AS open,
        SUM(CASE WHEN closed_in_period = 'won' THEN 1 ELSE 0 END) AS won,
        SUM(CASE WHEN closed_in_period = 'lost' THEN 1 ELSE 0 END) AS lost
      FROM keyed GROUP BY 1, 2),
    wins AS (SELECT key, win_ms FROM keyed WHERE closed_in_period = 'won'),
    ${rankedWins}
    ${tallyRows}`;
}

/** The wins ranked by time to win, within their group and among all. */
const rankedWins = raw(`ranked AS (SELECT key, win_ms,
        ROW_NUMBER() OVER (PARTITION BY key ORDER BY win_ms) AS key_rank, COUNT(*) OVER (PARTITION BY key) AS key_count,
        ROW_NUMBER() OVER (ORDER BY win_ms) AS all_rank, COUNT(*) OVER () AS all_count
      FROM wins)`);

const middleOf = (rank: string, count: string) => `${rank} IN ((${count} + 1) / 2, ${count} / 2 + 1)`;

/** The rows of TallyRow: the counts, then the middle wins (of a group, of all, or both). */
const tallyRows =
  raw(`SELECT 0 AS part, key, reason, contacted, open, won, lost, NULL AS win_ms, NULL AS key_middle, NULL AS all_middle FROM counts
    UNION ALL
    SELECT 1, key, NULL, NULL, NULL, NULL, NULL, win_ms,
      CASE WHEN ${middleOf('key_rank', 'key_count')} THEN key_rank END, CASE WHEN ${middleOf('all_rank', 'all_count')} THEN all_rank END
    FROM ranked WHERE ${middleOf('key_rank', 'key_count')} OR ${middleOf('all_rank', 'all_count')}`);

/** A half-open period on a time column as one condition (a null time is in no period). */
function inPeriod(column: string, period: Period): SqlFragment {
  const conditions = [raw(`${column} IS NOT NULL`)];
  if (period.from !== undefined) conditions.push(sql`${raw(column)} >= ${period.from}`);
  if (period.to !== undefined) conditions.push(sql`${raw(column)} < ${period.to}`);
  return joined(conditions, ' AND ');
}
