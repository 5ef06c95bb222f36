import type { Department } from '@ledger/domain';
import type { ReadModelReader } from '@ledger/event-store';

import type { Period } from '../shared/calendar';
import { exactText, toBigInt } from '../shared/exact-sums';
import type { AnswerContext } from '../shared/projection';
import { calendarOf, type ZonedCalendar } from '../shared/time-zone';
import { KnownPlans } from './revenue.plans';
import { UNSETTLED_REVENUE_ORDERS } from './revenue.projection';
import { Span, type Unit } from './revenue.span';
import { type Credit, RevenueTally } from './revenue.tally';

export interface RevenueQuery {
  readonly period: Period;
  /** What a row's key is: the credited department (default) or employee. */
  readonly groupBy?: 'department' | 'rep';
  /** Only orders credited to this department. */
  readonly department?: Department;
  /** The IANA zone whose months the rows are (default: the company's, the rollups' zone). */
  readonly timeZone?: string;
}

export interface RevenueRow {
  /** Calendar month of the orders in the answer's time zone, "2024-03". */
  readonly month: string;
  /** A department, or an employee id when grouped by rep. */
  readonly key: string;
  readonly currency: string;
  /** First orders, minor units (exact decimal string). */
  readonly newRevenue: string;
  /** Reorders, minor units (exact decimal string). */
  readonly repeatRevenue: string;
  /** Each order's amount times the rate of its department's plan in force at its business time, rounded half to even; minor units (exact decimal string). */
  readonly commission: string;
  readonly orders: number;
}

export interface SalesToClientRatio {
  readonly month: string;
  readonly currency: string;
  /** Minor units (exact decimal string). */
  readonly salesRevenue: string;
  /** Minor units (exact decimal string). */
  readonly clientRevenue: string;
  /** salesRevenue / clientRevenue, four decimals; null while the client department has no revenue. */
  readonly ratio: number | null;
}

export interface RevenueAnswer {
  readonly groupBy: 'department' | 'rep';
  /** The IANA zone the months are in. */
  readonly timeZone: string;
  readonly rows: RevenueRow[];
  readonly salesToClientRatio: SalesToClientRatio[];
}

/**
 * Months wholly in the period come from a monthly rollup; per department, the
 * other whole days from the daily rollup; the rest from the orders, whose
 * commission is rounded here. A historical answer takes a month or day of a
 * department from a rollup only when the rollup holds exactly the answer's
 * orders and commission there: all of them occurred by asOf and were recorded by
 * asKnownAt, and no plan unknown under the bounds is in force yet. Otherwise it
 * goes a level down; a month or day none of whose orders was recorded by
 * asKnownAt is skipped. The rollups' commission leaves out the orders since the
 * last settlement: theirs is rounded here too.
 *
 * The rollups' months and days are the company zone's (`stored`). An answer in
 * another zone takes a rollup's month or day only when it lies wholly in one
 * month of that zone (a month of a zone with the same offsets then); the others
 * go a level down, so such an answer reads the daily rollup and, per month edge,
 * the orders of the one stored day the edge cuts (per employee, the orders of
 * the period, as there is no daily rollup per employee).
 */
export async function queryRevenue(
  db: ReadModelReader,
  query: RevenueQuery,
  context: AnswerContext,
  stored: ZonedCalendar = calendarOf(undefined),
): Promise<RevenueAnswer> {
  const groupBy = query.groupBy ?? 'department';
  const answerIn = calendarOf(query.timeZone ?? stored.timeZone);
  const tally = new RevenueTally(groupBy, query.department, answerIn.timeZone);
  const span = Span.of(query.period, context, stored);
  if (span === undefined) return tally.answer();
  const plans = await KnownPlans.read(db, context);
  /** Months and days of a department whose sums came from a rollup ("2024-03|sales", "2024-03-05|sales"). */
  const fromRollups = new Set<string>();

  /** Counts the rollup's months or days that hold exactly the answer's orders of a department; answers the others, which hold some. */
  const count = (rows: readonly RollupRow[], unitOf: (name: string) => Unit): Array<{ unit: Unit; department: string }> => {
    const left: Array<{ unit: Unit; department: string }> = [];
    for (const group of byUnitAndDepartment(rows)) {
      // Every order of it recorded after asKnownAt: none of them is known.
      if (context.asKnownAt !== undefined && group.firstRecordedAt > context.asKnownAt) continue;
      const unit = unitOf(group.unit);
      const unknownPlanFrom = tally.makesRows(group.department) ? plans.unknownFrom(group.department) : undefined;
      const month = answerIn === stored ? unit.month : oneMonthOf(unit, answerIn);
      const exact =
        month !== undefined &&
        span.wholly(unit) &&
        (context.asOf === undefined || unit.end <= context.asOf) &&
        (context.asKnownAt === undefined || group.lastRecordedAt <= context.asKnownAt) &&
        (unknownPlanFrom === undefined || unit.end <= unknownPlanFrom);
      if (!exact) {
        left.push({ unit, department: group.department });
        continue;
      }
      fromRollups.add(`${group.unit}|${group.department}`);
      for (const row of group.rows) tally.add(creditOf(row, month), sumsOf(row));
    }
    return left;
  };

  // Per employee, only months are summed: what a month cannot give comes from the orders.
  const [monthly, daily] =
    groupBy === 'rep'
      ? (['monthly_employee_totals', undefined] as const)
      : (['monthly_department_totals', 'daily_department_totals'] as const);
  const monthsLeft = new Wanted();
  for (const month of span.cutMonths()) monthsLeft.wantEvery(month);
  const wholeMonths = span.wholeMonths();
  if (wholeMonths !== undefined) {
    const rows = await db.all<RollupRow>(rollupSql(monthly, 'month', wholeMonths.conditions), wholeMonths.params);
    for (const { unit, department } of count(rows, (name) => stored.month(name))) monthsLeft.want(unit.name, department);
  }

  let ordersWanted = monthsLeft;
  if (daily !== undefined) {
    ordersWanted = new Wanted();
    for (const [first, last] of monthsLeft.runs((name) => stored.month(name))) {
      const { conditions, params } = span.dayConditions(first, last);
      const rows = (await db.all<RollupRow>(rollupSql(daily, 'day', conditions), params)).filter((row) =>
        monthsLeft.has(row.unit.slice(0, 7), row.department),
      );
      for (const { unit, department } of count(rows, (name) => stored.day(name))) ordersWanted.want(unit.name, department);
    }
  }

  const unitOfOrders = daily === undefined ? (name: string) => stored.month(name) : (name: string) => stored.day(name);
  for (const [first, last] of ordersWanted.runs(unitOfOrders)) {
    const { conditions, params } = span.orderConditions(unitOfOrders(first).start, unitOfOrders(last).end);
    const orders = await db.all<StoredOrder>(
      `SELECT occurred_at, month, day, kind, department, employee_id, currency, amount FROM {orders} WHERE ${conditions.join(' AND ')}`,
      params,
    );
    for (const order of orders) {
      if (!ordersWanted.has(daily === undefined ? order.month : order.day, order.department)) continue;
      const commission = tally.makesRows(order.department) ? plans.commissionOn(order.department, order.occurred_at, order.amount) : 0;
      tally.add(creditOfOrder(order, answerIn), {
        newRevenue: order.kind === 'new' ? BigInt(order.amount) : 0n,
        repeatRevenue: order.kind === 'repeat' ? BigInt(order.amount) : 0n,
        commission: BigInt(commission),
        orders: 1,
      });
    }
  }

  // The rollups' commission leaves out the orders after the last settlement.
  if (fromRollups.size > 0) {
    const employee = groupBy === 'rep' ? ' employee_id,' : '';
    const unsettled = await db.all<UnsettledOrder>(
      `SELECT occurred_at, month, day, department,${employee} currency, amount FROM {orders} WHERE ${UNSETTLED_REVENUE_ORDERS}`,
    );
    for (const order of unsettled) {
      const counted = fromRollups.has(`${order.month}|${order.department}`) || fromRollups.has(`${order.day}|${order.department}`);
      if (counted && tally.makesRows(order.department))
        tally.addCommission(creditOfOrder(order, answerIn), BigInt(plans.commissionOn(order.department, order.occurred_at, order.amount)));
    }
  }
  return tally.answer();
}

/** A rollup's row: per department, or per employee. */
interface RollupRow {
  unit: string;
  department: string;
  employee_id?: string;
  currency: string;
  /** The sums as exact decimal text (see exact-sums). */
  new_revenue: string;
  repeat_revenue: string;
  commission: string;
  orders: number;
  first_recorded_at: string;
  last_recorded_at: string;
}

interface UnsettledOrder {
  occurred_at: string;
  /** Month and day in the company zone (the rollups'). */
  month: string;
  day: string;
  department: string;
  /** Read when answering per employee. */
  employee_id?: string;
  currency: string;
  /** One order's amount: at most MAX_ORDER_AMOUNT, a safe integer. */
  amount: number;
}

interface StoredOrder extends UnsettledOrder {
  kind: 'new' | 'repeat';
}

function rollupSql(table: string, unit: 'month' | 'day', conditions: readonly string[]): string {
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const employee = table === 'monthly_employee_totals' ? ' employee_id,' : '';
  const sums = ['new_revenue', 'repeat_revenue', 'commission'].map((column) => `${exactText(column)} AS ${column}`).join(', ');
  return `SELECT ${unit} AS unit, department,${employee} currency, ${sums}, orders, first_recorded_at, last_recorded_at FROM {${table}}${where}`;
}

interface UnitOfDepartment {
  readonly unit: string;
  readonly department: string;
  readonly rows: RollupRow[];
  /** When the first and the last of its orders were recorded. */
  firstRecordedAt: string;
  lastRecordedAt: string;
}

/** A rollup's rows per month or day and department. */
function byUnitAndDepartment(rows: readonly RollupRow[]): UnitOfDepartment[] {
  const groups = new Map<string, UnitOfDepartment>();
  for (const row of rows) {
    const key = `${row.unit}|${row.department}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        unit: row.unit,
        department: row.department,
        rows: [row],
        firstRecordedAt: row.first_recorded_at,
        lastRecordedAt: row.last_recorded_at,
      });
      continue;
    }
    group.rows.push(row);
    if (row.first_recorded_at < group.firstRecordedAt) group.firstRecordedAt = row.first_recorded_at;
    if (row.last_recorded_at > group.lastRecordedAt) group.lastRecordedAt = row.last_recorded_at;
  }
  return [...groups.values()];
}

/** Months or days whose orders are wanted: every department's, or some departments'. */
class Wanted {
  private readonly wanted = new Map<string, Set<string> | 'every'>();

  wantEvery(name: string): void {
    this.wanted.set(name, 'every');
  }

  want(name: string, department: string): void {
    const known = this.wanted.get(name);
    if (known === 'every') return;
    if (known) known.add(department);
    else this.wanted.set(name, new Set([department]));
  }

  has(name: string, department: string): boolean {
    const known = this.wanted.get(name);
    return known === 'every' || known?.has(department) === true;
  }

  /** The wanted units in runs of consecutive ones, each as [first, last]: a query each. */
  runs(unitOf: (name: string) => Unit): Array<[string, string]> {
    const found: Array<[string, string]> = [];
    for (const name of [...this.wanted.keys()].sort()) {
      const last = found.at(-1);
      if (last && unitOf(last[1]).next === name) last[1] = name;
      else found.push([name, name]);
    }
    return found;
  }
}

const creditOf = (row: RollupRow, month: string): Credit => ({
  month,
  department: row.department,
  employeeId: row.employee_id,
  currency: row.currency,
});
/** The month of the answer's zone a rollup's month or day lies in; undefined when it spans two. */
function oneMonthOf(unit: Unit, calendar: ZonedCalendar): string | undefined {
  const month = calendar.monthOf(unit.start);
  return calendar.monthOf(new Date(Date.parse(unit.end) - 1).toISOString()) === month ? month : undefined;
}

const creditOfOrder = (order: UnsettledOrder, calendar: ZonedCalendar): Credit => ({
  month: calendar.monthOf(order.occurred_at),
  department: order.department,
  employeeId: order.employee_id,
  currency: order.currency,
});
const sumsOf = (row: RollupRow) => ({
  newRevenue: toBigInt(row.new_revenue),
  repeatRevenue: toBigInt(row.repeat_revenue),
  commission: toBigInt(row.commission),
  orders: row.orders,
});
