import type { ReadModelReader } from '@ledger/event-store';

import { DAY_MS, daysBetween, monthsBetween, type Period, roundTo } from '../shared/calendar';
import { toBigInt } from '../shared/exact-sums';
import type { AnswerContext } from '../shared/projection';
import { calendarOf, type ZonedCalendar } from '../shared/time-zone';
import { ZoneMonthsSql } from '../shared/zone-months-sql';
import { clientsAtRisk } from './retention.at-risk';
import { RetentionBounds } from './retention.bounds';
import { type CohortCell, cohortCells } from './retention.cohorts';

export const DEFAULT_AT_RISK_DAYS = 90;

export interface RetentionQuery {
  /** Cohorts of the clients won in this period. */
  readonly period: Period;
  /** A client not lost and without an order for this many days is at risk. */
  readonly atRiskDays?: number;
  /** The IANA zone whose months the cohorts and offsets are (default: the company's, the rollups' zone). */
  readonly timeZone?: string;
}

export interface RetentionCohort {
  /** The calendar month the cohort's clients were won in, in the answer's time zone. */
  readonly cohort: string;
  readonly clients: number;
  /** Clients with any order in month cohort + k, for k = 0 up to the answer's month. */
  readonly retained: number[];
  /** retained[k] as a percentage of the cohort's clients, one decimal. */
  readonly retainedPct: number[];
  /** Order revenue per month offset, per currency (minor units, exact decimal strings). */
  readonly revenue: Record<string, string[]>;
  /** revenue[k] as a percentage of the cohort month's revenue, per currency, one decimal. */
  readonly revenueRetainedPct: Record<string, number[]>;
  /** Clients lost (ClientLost) so far. */
  readonly churned: number;
  /** Clients not lost without an order for atRiskDays or more. */
  readonly atRisk: number;
}

export interface ClientAtRisk {
  readonly clientId: string;
  readonly lastOrderAt: string;
  readonly daysWithoutOrder: number;
}

export interface RetentionAnswer {
  /** The IANA zone the months are in. */
  readonly timeZone: string;
  /** The month the offsets run up to: that of the asOf time, or the current month. */
  readonly throughMonth: string;
  readonly atRiskDays: number;
  readonly cohorts: RetentionCohort[];
  /** The longest-silent clients at risk first, at most 100; atRiskTotal counts them all. */
  readonly clientsAtRisk: ClientAtRisk[];
  readonly atRiskTotal: number;
}

/** What the cells of one cohort add up to. */
interface CohortTotals {
  won: number;
  lost: number;
  active: number;
  atRisk: number;
  retained: Map<number, number>;
  revenue: Map<string, Map<number, bigint>>;
  lastOrderOffset: number;
}

/**
 * The cohorts in the answer's zone. In the company's (the rollups'), from the
 * rollups and the facts they do not hold; in another, every cohort from the
 * facts (see RetentionBounds): the clients won in the period and their orders.
 */
export async function queryRetention(
  db: ReadModelReader,
  query: RetentionQuery,
  context: AnswerContext,
  stored: ZonedCalendar = calendarOf(undefined),
): Promise<RetentionAnswer> {
  const atRiskDays = query.atRiskDays ?? DEFAULT_AT_RISK_DAYS;
  const answerIn = calendarOf(query.timeZone ?? stored.timeZone);
  const throughMonth = answerIn.monthOf(context.at);
  const otherZone = answerIn === stored ? undefined : await zoneMonthsOfFacts(db, answerIn, throughMonth);
  const bounds = new RetentionBounds(context, query.period, stored, otherZone);
  const silentSince = new Date(Date.parse(context.at) - atRiskDays * DAY_MS).toISOString();
  // Live, the cells count the clients at risk (as those not lost less the active ones); under bounds, the clients at risk do.
  const live = context.asOf === undefined && context.asKnownAt === undefined;
  const [cells, atRisk] = await Promise.all([cohortCells(db, bounds, silentSince), clientsAtRisk(db, bounds, silentSince)]);

  const totals = new Map<string, CohortTotals>();
  const totalsOf = (cohort: string) => {
    let found = totals.get(cohort);
    if (!found)
      totals.set(cohort, (found = { won: 0, lost: 0, active: 0, atRisk: 0, retained: new Map(), revenue: new Map(), lastOrderOffset: 0 }));
    return found;
  };
  for (const cell of cells) addCell(totalsOf(cell.cohort), cell);
  if (live) for (const cohort of totals.values()) cohort.atRisk = cohort.won - cohort.lost - cohort.active;
  const listed: ClientAtRisk[] = [];
  for (const row of atRisk) {
    if (row.kind === 'cohort') totalsOf(row.cohort).atRisk = row.clients;
    else
      listed.push({
        clientId: row.client_id,
        lastOrderAt: row.last_order_at,
        daysWithoutOrder: Math.floor(daysBetween(row.last_order_at, context.at)),
      });
  }
  const cohorts = [...totals.keys()]
    .filter((cohort) => totals.get(cohort)!.won > 0)
    .sort()
    .map((cohort) => cohortFigures(cohort, totals.get(cohort)!, throughMonth));
  const atRiskTotal = cohorts.reduce((sum, cohort) => sum + cohort.atRisk, 0);
  // The database orders the list as the text of times and ids sorts, as JS compares them.
  listed.sort((a, b) => (a.lastOrderAt < b.lastOrderAt ? -1 : a.lastOrderAt > b.lastOrderAt ? 1 : a.clientId < b.clientId ? -1 : 1));
  return { timeZone: answerIn.timeZone, throughMonth, atRiskDays, cohorts, clientsAtRisk: listed, atRiskTotal };
}

/** The zone's months from the first win to the latest order or loss stored, as SQL. */
async function zoneMonthsOfFacts(db: ReadModelReader, calendar: ZonedCalendar, fallback: string): Promise<ZoneMonthsSql> {
  const [extent] = await db.all<{ first_won: string | null; last_order: string | null; last_lost: string | null }>(
    'SELECT MIN(won_at) AS first_won, MAX(last_order_at) AS last_order, MAX(lost_at) AS last_lost FROM {clients}',
  );
  const times = [extent?.first_won, extent?.last_order, extent?.last_lost].filter((time): time is string => typeof time === 'string');
  if (times.length === 0) return new ZoneMonthsSql(calendar, fallback, fallback);
  times.sort();
  return new ZoneMonthsSql(calendar, calendar.monthOf(times[0]!), calendar.monthOf(times.at(-1)!));
}

function addCell(totals: CohortTotals, cell: CohortCell): void {
  totals.won += cell.won;
  totals.lost += cell.lost;
  totals.active += cell.active;
  if (cell.retained > 0) {
    totals.retained.set(cell.month_offset, (totals.retained.get(cell.month_offset) ?? 0) + cell.retained);
    totals.lastOrderOffset = Math.max(totals.lastOrderOffset, cell.month_offset);
  }
  if (cell.currency === null) return;
  let byOffset = totals.revenue.get(cell.currency);
  if (!byOffset) totals.revenue.set(cell.currency, (byOffset = new Map<number, bigint>()));
  byOffset.set(cell.month_offset, (byOffset.get(cell.month_offset) ?? 0n) + toBigInt(cell.amount));
  totals.lastOrderOffset = Math.max(totals.lastOrderOffset, cell.month_offset);
}

function cohortFigures(cohort: string, totals: CohortTotals, throughMonth: string): RetentionCohort {
  const length = Math.max(0, monthsBetween(cohort, throughMonth), totals.lastOrderOffset) + 1;
  const retained = Array.from({ length }, (_, offset) => totals.retained.get(offset) ?? 0);
  const currencies = [...totals.revenue.keys()].sort();
  const sums = new Map(
    currencies.map((currency) => [currency, Array.from({ length }, (_, offset) => totals.revenue.get(currency)!.get(offset) ?? 0n)]),
  );
  return {
    cohort,
    clients: totals.won,
    retained,
    retainedPct: retained.map((count) => roundTo((count / totals.won) * 100, 1)),
    revenue: Object.fromEntries([...sums].map(([currency, amounts]) => [currency, amounts.map(String)])),
    revenueRetainedPct: Object.fromEntries(
      [...sums].map(([currency, amounts]) => {
        const base = Number(amounts[0]!);
        return [currency, amounts.map((amount) => (base === 0 ? 0 : roundTo((Number(amount) / base) * 100, 1)))];
      }),
    ),
    churned: totals.lost,
    atRisk: totals.atRisk,
  };
}
