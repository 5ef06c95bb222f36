import { DAY_MS, daysBetween, inPeriod, monthsBetween, roundTo } from '../../../shared/calendar';
import type { QueryContext } from '../../../shared/projection';
import { calendarOf, type ZonedCalendar } from '../../../shared/time-zone';
import { type RetentionClient, retentionDocuments } from './retention.projection';

const AT_RISK_LISTED = 100;
import {
  type ClientAtRisk,
  DEFAULT_AT_RISK_DAYS,
  type RetentionAnswer,
  type RetentionCohort,
  type RetentionQuery,
} from '../../../retention/retention.query';

export function queryRetention({ model, at }: QueryContext, query: RetentionQuery): RetentionAnswer {
  const atRiskDays = query.atRiskDays ?? DEFAULT_AT_RISK_DAYS;
  const calendar = calendarOf(query.timeZone);
  const throughMonth = calendar.monthOf(at);
  // Compared as text (normalised ISO times), so no client's time needs parsing.
  const atRiskFrom = new Date(Date.parse(at) - atRiskDays * DAY_MS).toISOString();
  const byCohort = new Map<string, RetentionClient[]>();
  const atRisk: ClientAtRisk[] = [];
  for (const client of retentionDocuments(model).clients.values()) {
    if (!inPeriod(client.wonAt, query.period)) continue;
    const cohort = calendar.monthOf(client.wonAt);
    let members = byCohort.get(cohort);
    if (!members) byCohort.set(cohort, (members = []));
    members.push(client);
    if (isAtRisk(client, atRiskFrom)) {
      atRisk.push({
        clientId: client.clientId,
        lastOrderAt: client.lastOrderAt,
        daysWithoutOrder: Math.floor(daysBetween(client.lastOrderAt, at)),
      });
    }
  }
  const cohorts = [...byCohort.keys()]
    .sort()
    .map((cohort) => cohortFigures(calendar, cohort, byCohort.get(cohort)!, throughMonth, atRiskFrom));
  atRisk.sort((a, b) => (a.lastOrderAt < b.lastOrderAt ? -1 : a.lastOrderAt > b.lastOrderAt ? 1 : a.clientId < b.clientId ? -1 : 1));
  return {
    timeZone: calendar.timeZone,
    throughMonth,
    atRiskDays,
    cohorts,
    clientsAtRisk: atRisk.slice(0, AT_RISK_LISTED),
    atRiskTotal: atRisk.length,
  };
}

/** Not lost, and no order since the cut-off. */
const isAtRisk = (client: RetentionClient, atRiskFrom: string) => client.lostAt === null && client.lastOrderAt <= atRiskFrom;

function cohortFigures(
  calendar: ZonedCalendar,
  cohort: string,
  clients: RetentionClient[],
  throughMonth: string,
  atRiskFrom: string,
): RetentionCohort {
  const offsetsOf = (client: RetentionClient) =>
    client.orders.map(([occurredAt, currency, amount]) => [monthsBetween(cohort, calendar.monthOf(occurredAt)), currency, amount] as const);
  let lastOffset = Math.max(0, monthsBetween(cohort, throughMonth));
  for (const client of clients) for (const [offset] of offsetsOf(client)) lastOffset = Math.max(lastOffset, offset);
  const retained = new Array<number>(lastOffset + 1).fill(0);
  const revenue: Record<string, bigint[]> = {};
  let churned = 0;
  let atRisk = 0;
  for (const client of clients) {
    const orders = offsetsOf(client);
    for (const offset of new Set(orders.map(([offset]) => offset))) retained[offset]! += 1;
    for (const [offset, currency, amount] of orders) {
      (revenue[currency] ??= new Array<bigint>(lastOffset + 1).fill(0n))[offset]! += BigInt(amount);
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
    revenue: Object.fromEntries(currencies.map((currency) => [currency, revenue[currency]!.map(String)])),
    revenueRetainedPct: Object.fromEntries(
      currencies.map((currency) => {
        const base = Number(revenue[currency]![0]!);
        return [currency, revenue[currency]!.map((amount) => (base === 0 ? 0 : roundTo((Number(amount) / base) * 100, 1)))];
      }),
    ),
    churned,
    atRisk,
  };
}
