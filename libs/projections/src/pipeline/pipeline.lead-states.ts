import type { AnswerContext } from '../shared/projection';
import { joined, raw, sql, type SqlFragment } from '../shared/sql-fragment';

/** Which leads the states are wanted for, and whether their department is (it costs a look-up per lead). */
export interface LeadStatesWanted {
  readonly repId?: string;
  readonly withDepartment: boolean;
}

/**
 * Common table expressions ending with `states`: one row per lead that exists
 * within the bounds, as the log folded up to them would hold it, with the columns
 * `owner_id, department, contacted_at, outcome, closed_at, win_ms, lost_reason`:
 * the lead's first contact within the bounds (by position) names its owner and
 * its business time; its department is the owner's as of the last join within
 * the bounds before that contact; its outcome is the last closing within the
 * bounds after that contact (null while open); `win_ms` is the milliseconds
 * from first contact to the closing. Materialized: the counts and the medians
 * both read it, and the expressions it is made of are not worth copying into both.
 */
export function leadStates(context: AnswerContext, wanted: LeadStatesWanted): SqlFragment {
  return context.asOf === undefined && context.asKnownAt === undefined ? liveLeadStates(wanted) : boundedLeadStates(context, wanted);
}

/** The live states: every lead's stored row is its fold over the whole log. */
function liveLeadStates(wanted: LeadStatesWanted): SqlFragment {
  const rep = wanted.repId === undefined ? raw('') : sql` AND l.owner_id = ${wanted.repId}`;
  return sql`states AS MATERIALIZED (SELECT l.owner_id, ${departmentAt(raw('1 = 1'), 'l.owner_id', 'l.first_position', wanted)} AS department,
      l.first_contacted_at AS contacted_at, CASE WHEN l.closed_position > l.first_position THEN l.outcome END AS outcome,
      l.closed_at, l.closed_ms - l.first_contacted_ms AS win_ms, l.lost_reason
    FROM {leads} l WHERE l.first_position IS NOT NULL${rep})`;
}

/**
 * The states within historical bounds, in one pass over the leads. Most need
 * only their stored row: their first contact lies within the bounds, and their
 * last closing does too or was their only one. The others look at the facts
 * (an index probe each, in a CASE branch only they take): the first contact
 * within the bounds, when the bounds leave out the first one but not every
 * one; the last closing within them after that contact.
 */
function boundedLeadStates(context: AnswerContext, wanted: LeadStatesWanted): SqlFragment {
  const firstKnown = within(context, 'l', 'first_contacted_at', 'first_recorded_at');
  // A lead whose first contact is known can only be another rep's when it is not.
  const rep = wanted.repId === undefined ? raw('') : sql` AND (l.owner_id = ${wanted.repId} OR NOT (${firstKnown}))`;
  const firsts = sql`firsts AS (SELECT l.lead_id, l.owner_id, l.first_contacted_at, l.first_contacted_ms,
      l.closings, l.closed_position, l.outcome, l.closed_at, l.closed_ms, l.closed_recorded_at, l.lost_reason,
      CASE WHEN ${firstKnown} THEN 1 ELSE 0 END AS first_known,
      CASE WHEN ${firstKnown} THEN l.first_position
        ELSE (SELECT MIN(b.position) FROM {contacts} b WHERE b.lead_id = l.lead_id AND ${within(context, 'b')}) END AS position
    FROM {leads} l WHERE l.first_position IS NOT NULL AND ${within(context, 'l', 'earliest_contacted_at', 'earliest_recorded_at')}${rep})`;
  const contactColumn = (stored: string, fact: string) =>
    raw(
      `CASE WHEN f.first_known = 1 THEN f.${stored} ELSE (SELECT c.${fact} FROM {contacts} c WHERE c.lead_id = f.lead_id AND c.position = f.position) END`,
    );
  const heads = sql`heads AS (SELECT f.lead_id, f.position, f.closings, f.closed_position, f.outcome, f.closed_at, f.closed_ms, f.closed_recorded_at, f.lost_reason,
      ${contactColumn('owner_id', 'rep_id')} AS owner_id, ${contactColumn('first_contacted_at', 'occurred_at')} AS contacted_at,
      ${contactColumn('first_contacted_ms', 'occurred_ms')} AS contacted_ms
    FROM firsts f WHERE f.position IS NOT NULL)`;
  const storedCloses = sql`h.closed_position > h.position AND ${within(context, 'h', 'closed_at', 'closed_recorded_at')}`;
  const closes = sql`closes AS (SELECT h.*, CASE WHEN ${storedCloses} THEN 1 ELSE 0 END AS stored_closing,
      CASE WHEN ${storedCloses} THEN NULL WHEN h.closings > 1
        THEN (SELECT MAX(e.position) FROM {closings} e WHERE e.lead_id = h.lead_id AND e.position > h.position AND ${within(context, 'e')}) END AS closing_position
    FROM heads h${wanted.repId === undefined ? raw('') : sql` WHERE h.owner_id = ${wanted.repId}`})`;
  const closing = (stored: string, fact: string) =>
    raw(`CASE WHEN c.stored_closing = 1 THEN ${stored} WHEN c.closing_position IS NOT NULL
      THEN (SELECT ${fact} FROM {closings} k WHERE k.lead_id = c.lead_id AND k.position = c.closing_position) END`);
  const states = sql`states AS MATERIALIZED (SELECT c.owner_id, ${departmentAt(within(context, 'j'), 'c.owner_id', 'c.position', wanted)} AS department, c.contacted_at,
      ${closing('c.outcome', 'k.outcome')} AS outcome, ${closing('c.closed_at', 'k.occurred_at')} AS closed_at,
      ${closing('c.closed_ms', 'k.occurred_ms')} - c.contacted_ms AS win_ms, ${closing('c.lost_reason', 'k.lost_reason')} AS lost_reason
    FROM closes c)`;
  return joined([firsts, heads, closes, states], ',\n');
}

/** The owner's department as of a position: the last join (`j`, within the bounds) before it; NULL when not wanted. */
function departmentAt(joinWithin: SqlFragment, owner: string, position: string, wanted: LeadStatesWanted): SqlFragment {
  if (!wanted.withDepartment) return raw('NULL');
  return sql`(SELECT j.department FROM {employee_joins} j
    WHERE j.employee_id = ${raw(owner)} AND j.position < ${raw(position)} AND ${joinWithin} ORDER BY j.position DESC LIMIT 1)`;
}

/** The historical bounds on an alias's time columns, as one condition (always true when there are none). */
function within(context: AnswerContext, alias: string, occurredAt = 'occurred_at', recordedAt = 'recorded_at'): SqlFragment {
  const conditions: SqlFragment[] = [];
  if (context.asOf !== undefined) conditions.push(sql`${raw(`${alias}.${occurredAt}`)} <= ${context.asOf}`);
  if (context.asKnownAt !== undefined) conditions.push(sql`${raw(`${alias}.${recordedAt}`)} <= ${context.asKnownAt}`);
  return joined(conditions, ' AND ', '1 = 1');
}
