import { DAY_MS, daysBetween, inPeriod, monthOf, monthsBetween, roundTo, type Period } from '../../../shared/calendar';
import type { QueryContext } from '../../../shared/projection';
import { retentionDocuments, type RetentionClient } from './retention.projection';

export const DEFAULT_AT_RISK_DAYS = 90;
const AT_RISK_LISTED = 100;

export interface RetentionQuery {
  /** Cohorts of the clients won in this period. */
  readonly period: Period;
  /** A client not lost and without an order for this many days is at risk. */
  readonly atRiskDays?: number;
}

export interface RetentionCohort {
  /** The calendar month (UTC) the cohort's clients were won in. */
  readonly cohort: string;
  readonly clients: number;
  /** Clients with any order in month cohort + k, for k = 0 up to the answer's month. */
  readonly retained: number[];
  /** retained[k] as a percentage of the cohort's clients, one decimal. */
  readonly retainedPct: number[];
  /** Order revenue per month offset, per currency (minor units). */
  readonly revenue: Record<string, number[]>;
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
  /** The month the offsets run up to: that of the asOf time, or the current month. */
  readonly throughMonth: string;
  readonly atRiskDays: number;
  readonly cohorts: RetentionCohort[];
  /** The longest-silent clients at risk first, at most 100; atRiskTotal counts them all. */
  readonly clientsAtRisk: ClientAtRisk[];
  readonly atRiskTotal: number;
}

export function queryRetention({ model, at }: QueryContext, query: RetentionQuery): RetentionAnswer {
  const atRiskDays = query.atRiskDays ?? DEFAULT_AT_RISK_DAYS;
  const throughMonth = monthOf(at);
  // Compared as text (normalised ISO times), so no client's time needs parsing.
  const atRiskFrom = new Date(Date.parse(at) - atRiskDays * DAY_MS).toISOString();
  const byCohort = new Map<string, RetentionClient[]>();
  const atRisk: ClientAtRisk[] = [];
  for (const client of retentionDocuments(model).clients.values()) {
    if (!inPeriod(client.wonAt, query.period)) continue;
    let members = byCohort.get(client.cohort);
    if (!members) byCohort.set(client.cohort, (members = []));
    members.push(client);
    if (isAtRisk(client, atRiskFrom)) {
      atRisk.push({ clientId: client.clientId, lastOrderAt: client.lastOrderAt, daysWithoutOrder: Math.floor(daysBetween(client.lastOrderAt, at)) });
    }
  }
  const cohorts = [...byCohort.keys()].sort().map((cohort) => cohortFigures(cohort, byCohort.get(cohort)!, throughMonth, atRiskFrom));
  atRisk.sort((a, b) => (a.lastOrderAt < b.lastOrderAt ? -1 : a.lastOrderAt > b.lastOrderAt ? 1 : a.clientId < b.clientId ? -1 : 1));
  return { throughMonth, atRiskDays, cohorts, clientsAtRisk: atRisk.slice(0, AT_RISK_LISTED), atRiskTotal: atRisk.length };
}

/** Not lost, and no order since the cut-off. */
const isAtRisk = (client: RetentionClient, atRiskFrom: string) => client.lostAt === null && client.lastOrderAt <= atRiskFrom;

function cohortFigures(cohort: string, clients: RetentionClient[], throughMonth: string, atRiskFrom: string): RetentionCohort {
  let lastOffset = Math.max(0, monthsBetween(cohort, throughMonth));
  for (const client of clients) lastOffset = Math.max(lastOffset, client.orderMonths.at(-1) ?? 0);
  const retained = new Array<number>(lastOffset + 1).fill(0);
  const revenue: Record<string, number[]> = {};
  let churned = 0;
  let atRisk = 0;
  for (const client of clients) {
    for (const offset of client.orderMonths) retained[offset]! += 1;
    for (const [offset, currency, amount] of client.revenue) {
      (revenue[currency] ??= new Array<number>(lastOffset + 1).fill(0))[offset]! += amount;
    }
    if (client.lostAt !== null) churned += 1;
    else if (isAtRisk(client, atRiskFrom)) atRisk += 1;
  }
  const currencies = Object.keys(revenue).sort();
  return {
    cohort,
    clients: clients.length,
    retained,
    retainedPct: retained.map((count) => roundTo((count / clients.length) * 100, 1)),
    revenue: Object.fromEntries(currencies.map((currency) => [currency, revenue[currency]!])),
    revenueRetainedPct: Object.fromEntries(
      currencies.map((currency) => {
        const base = revenue[currency]![0]!;
        return [currency, revenue[currency]!.map((amount) => (base === 0 ? 0 : roundTo((amount / base) * 100, 1)))];
      }),
    ),
    churned,
    atRisk,
  };
}
