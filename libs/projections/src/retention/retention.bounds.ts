import type { Period } from '../shared/calendar';
import type { AnswerContext } from '../shared/projection';
import { allOf, raw, sql, type SqlFragment } from '../shared/sql-fragment';
import { nextMonthName, type ZonedCalendar } from '../shared/time-zone';
import type { ZoneMonthsSql } from '../shared/zone-months-sql';
import { monthOffsetSql } from './retention.rollups';

/**
 * What an answer counts, as SQL conditions: the clients won in the period, and
 * the facts within the historical bounds. A cohort month wholly inside the period
 * can be read from the rollups; one the period cuts is read from the facts.
 *
 * The rollups' months are the company zone's (`stored`). An answer in another
 * zone (`otherZone`: its months as SQL) counts every cohort from the facts,
 * placing each time in that zone's months: no cohort is whole, one range of
 * won_at is cut.
 */
export class RetentionBounds {
  /** The month of asOf: the rollups serve the months before it, the facts that month. */
  readonly asOfMonth: string | undefined;
  /** When that month starts, ISO 8601 UTC. */
  readonly asOfMonthStart: string | undefined;
  /** The won_at ranges [from, to) of the cohorts the period cuts: their clients are counted from the facts. */
  readonly cutCohorts: ReadonlyArray<readonly [string, string]>;
  /** The whole cohorts: from this month (inclusive) to that one (exclusive), either end open. */
  private readonly wholeFrom: string | undefined;
  private readonly wholeTo: string | undefined;

  constructor(
    readonly context: AnswerContext,
    readonly period: Period,
    readonly stored: ZonedCalendar,
    readonly otherZone?: ZoneMonthsSql,
  ) {
    if (otherZone !== undefined) {
      // '~' sorts after every ISO time.
      this.cutCohorts = [[period.from ?? '', period.to ?? '~']];
      return;
    }
    this.asOfMonth = context.asOf === undefined ? undefined : stored.monthOf(context.asOf);
    this.asOfMonthStart = this.asOfMonth === undefined ? undefined : stored.monthStart(this.asOfMonth);
    const fromMonth = period.from === undefined ? undefined : stored.monthOf(period.from);
    this.wholeFrom = fromMonth === undefined || period.from! <= stored.monthStart(fromMonth) ? fromMonth : nextMonthName(fromMonth);
    this.wholeTo = period.to === undefined ? undefined : stored.monthOf(period.to);
    const months = [period.from, period.to].filter((time): time is string => time !== undefined).map((time) => stored.monthOf(time));
    this.cutCohorts = [...new Set(months)]
      .filter((month) => !this.holdsWholly(month))
      .map((month) => {
        const { start, end } = stored.month(month);
        return [maxText(period.from ?? start, start), minText(period.to ?? end, end)] as const;
      })
      .filter(([from, to]) => from < to);
  }

  /** Whether every time of the month ("YYYY-MM") lies in the period, as `wholeCohort` says in SQL. */
  holdsWholly(month: string): boolean {
    return (this.wholeFrom === undefined || month >= this.wholeFrom) && (this.wholeTo === undefined || month < this.wholeTo);
  }

  /** The cohort (a "YYYY-MM" column) lies wholly in the period. */
  wholeCohort(cohort: string): SqlFragment {
    if (this.otherZone !== undefined) return raw('1 = 0');
    const conditions: SqlFragment[] = [];
    if (this.wholeFrom !== undefined) conditions.push(sql`${raw(cohort)} >= ${this.wholeFrom}`);
    if (this.wholeTo !== undefined) conditions.push(sql`${raw(cohort)} < ${this.wholeTo}`);
    return allOf(conditions);
  }

  /** The cohort of the client `c` in the answer's zone. */
  cohortOf(): SqlFragment {
    return this.otherZone === undefined ? raw('c.cohort') : this.otherZone.monthOf('c.won_at');
  }

  /** Months from the cohort of the client `c` to the month of its order `o` (`order`) or of its loss (`loss`), in the answer's zone. */
  offsetOf(fact: 'order' | 'loss'): SqlFragment {
    if (this.otherZone === undefined) return monthOffsetSql('c.cohort', fact === 'order' ? 'o.month' : 'c.lost_month');
    return sql`${this.otherZone.monthNumberOf(fact === 'order' ? 'o.occurred_at' : 'c.lost_at')} - ${this.otherZone.monthNumberOf('c.won_at')}`;
  }

  /** The client `c` was won within the bounds. */
  clientWon(): SqlFragment {
    return this.within('c.won_at', 'c.recorded_at');
  }

  /** The order `o` is within the bounds. */
  order(): SqlFragment {
    return this.within('o.occurred_at', 'o.recorded_at');
  }

  /** The client `c` was lost within the bounds. */
  clientLost(): SqlFragment {
    return allOf([raw('c.lost_at IS NOT NULL'), this.within('c.lost_at', 'c.lost_recorded_at')]);
  }

  /** Business time and record time columns within asOf and asKnownAt. */
  within(occurredAt: string, recordedAt: string): SqlFragment {
    const conditions: SqlFragment[] = [];
    if (this.context.asOf !== undefined) conditions.push(sql`${raw(occurredAt)} <= ${this.context.asOf}`);
    if (this.context.asKnownAt !== undefined) conditions.push(sql`${raw(recordedAt)} <= ${this.context.asKnownAt}`);
    return allOf(conditions);
  }

  /** The client `c` was won in the period (and, if given, by that time: only the nearer end is said, so that an index reads no further). */
  wonInPeriod(by?: string): SqlFragment {
    const conditions: SqlFragment[] = [];
    if (this.period.from !== undefined) conditions.push(sql`c.won_at >= ${this.period.from}`);
    // won_at < to already keeps won_at <= by when to <= by; won_at <= by keeps won_at < to when by < to.
    if (by !== undefined && (this.period.to === undefined || by < this.period.to)) conditions.push(sql`c.won_at <= ${by}`);
    else if (this.period.to !== undefined) conditions.push(sql`c.won_at < ${this.period.to}`);
    return allOf(conditions);
  }

  /** The epochs asKnownAt knows whole: every fact in them was recorded by then (SQL for `epoch IN (...)`). */
  knownEpochs(): SqlFragment {
    return sql`SELECT epoch FROM {epochs} WHERE recorded_max <= ${this.context.asKnownAt!}`;
  }

  /** The epochs asKnownAt cuts: some of their facts were recorded by then, some after (rows of first and last position). */
  cutEpochs(): SqlFragment {
    return sql`SELECT first_position, last_position FROM {epochs} WHERE recorded_min <= ${this.context.asKnownAt!} AND recorded_max > ${this.context.asKnownAt!}`;
  }
}

const maxText = (a: string, b: string) => (a > b ? a : b);
const minText = (a: string, b: string) => (a < b ? a : b);
