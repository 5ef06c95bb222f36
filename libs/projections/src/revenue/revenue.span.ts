import type { SqlValue } from '@ledger/event-store';

import type { Period } from '../shared/calendar';
import type { AnswerContext } from '../shared/projection';
import { type CalendarUnit, nextDayName, nextMonthName, type ZonedCalendar } from '../shared/time-zone';

/** A calendar month ("2024-03") or day ("2024-03-05") of business time in the rollups' zone, as a half-open range [start, end). */
export type Unit = CalendarUnit;

/** SQL conditions with their parameters. */
export interface Conditions {
  readonly conditions: string[];
  readonly params: SqlValue[];
}

/** The later of two names of months or days, either absent (a "2024-03" month sorts before its days). */
const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a > b ? a : b);
const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined || a < b ? a : b);

/**
 * What of business time a query can count: the period's orders up to asOf, as
 * days (the first and last that can hold any) and as the months that lie wholly in it.
 */
export class Span {
  private constructor(
    private readonly period: Period,
    private readonly context: AnswerContext,
    private readonly firstDay: string | undefined,
    private readonly lastDay: string | undefined,
    /** Whole months: from this one (inclusive) to that one (exclusive), either end open. */
    private readonly wholeFrom: string | undefined,
    private readonly wholeTo: string | undefined,
  ) {}

  /** The span of the period up to asOf, in months and days of the calendar; undefined when nothing can be in it. */
  static of(period: Period, context: AnswerContext, calendar: ZonedCalendar): Span | undefined {
    const { from, to } = period;
    const firstDay = from === undefined ? undefined : calendar.dayOf(from);
    const lastDay = earlier(
      to === undefined ? undefined : calendar.dayOf(new Date(Date.parse(to) - 1).toISOString()),
      context.asOf === undefined ? undefined : calendar.dayOf(context.asOf),
    );
    if (firstDay !== undefined && lastDay !== undefined && firstDay > lastDay) return undefined;
    const fromMonth = from === undefined ? undefined : calendar.monthOf(from);
    const wholeFrom = fromMonth === undefined ? undefined : from! <= calendar.monthStart(fromMonth) ? fromMonth : nextMonthName(fromMonth);
    const wholeTo = earlier(
      to === undefined ? undefined : calendar.monthOf(to),
      context.asOf === undefined ? undefined : calendar.monthOf(context.asOf),
    );
    return new Span(period, context, firstDay, lastDay, wholeFrom, wholeTo);
  }

  /** Whether the unit lies wholly in the period. */
  wholly(unit: Unit): boolean {
    return (
      (this.period.from === undefined || this.period.from <= unit.start) && (this.period.to === undefined || unit.end <= this.period.to)
    );
  }

  /** The monthly rollup's rows of the whole months; undefined when there are none. */
  wholeMonths(): Conditions | undefined {
    if (this.wholeFrom !== undefined && this.wholeTo !== undefined && this.wholeFrom >= this.wholeTo) return undefined;
    const found: Conditions = { conditions: [], params: [] };
    if (this.wholeFrom !== undefined) add(found, 'month >= ?', this.wholeFrom);
    if (this.wholeTo !== undefined) add(found, 'month < ?', this.wholeTo);
    return found;
  }

  /** The months the span holds only part of (at the period's ends, or asOf's), counted by day. */
  cutMonths(): string[] {
    const whole = (month: string) =>
      (this.wholeFrom === undefined || month >= this.wholeFrom) && (this.wholeTo === undefined || month < this.wholeTo);
    const lastMonth = this.lastDay?.slice(0, 7);
    const cut: string[] = [];
    if (this.firstDay !== undefined) {
      for (
        let month = this.firstDay.slice(0, 7);
        !whole(month) && (lastMonth === undefined || month <= lastMonth);
        month = nextMonthName(month)
      )
        cut.push(month);
    }
    if (lastMonth !== undefined && this.wholeTo !== undefined) {
      for (let month = later(this.wholeTo, this.firstDay?.slice(0, 7))!; month <= lastMonth; month = nextMonthName(month))
        if (!cut.includes(month)) cut.push(month);
    }
    return cut;
  }

  /** The daily rollup's rows from one month to another (inclusive), within the span. */
  dayConditions(firstMonth: string, lastMonth: string): Conditions {
    const found: Conditions = { conditions: [], params: [] };
    add(found, 'day >= ?', later(firstMonth, this.firstDay)!);
    add(found, 'day < ?', earlier(nextMonthName(lastMonth), this.lastDay === undefined ? undefined : nextDayName(this.lastDay))!);
    return found;
  }

  /** The orders from one time to another (half-open) that the answer counts: in the period, by asOf, recorded by asKnownAt. */
  orderConditions(start: string, end: string): Conditions {
    const found: Conditions = { conditions: [], params: [] };
    add(found, 'occurred_at >= ?', later(start, this.period.from)!);
    add(found, 'occurred_at < ?', earlier(end, this.period.to)!);
    if (this.context.asOf !== undefined) add(found, 'occurred_at <= ?', this.context.asOf);
    if (this.context.asKnownAt !== undefined) add(found, 'recorded_at <= ?', this.context.asKnownAt);
    return found;
  }
}

function add(found: Conditions, condition: string, param: SqlValue): void {
  found.conditions.push(condition);
  found.params.push(param);
}
