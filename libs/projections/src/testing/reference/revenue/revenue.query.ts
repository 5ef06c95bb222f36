import { commissionOn, type CommissionPlan, type Department } from '@ledger/domain';

import type { RevenueAnswer, RevenueQuery, RevenueRow } from '../../../revenue/revenue.query';
import { DAY_MS, dayOf, inPeriod, monthOf, type Period, roundTo } from '../../../shared/calendar';
import type { QueryContext } from '../../../shared/projection';
import { compareText } from '../../../shared/text-order';
import { calendarOf } from '../../../shared/time-zone';
import { type RevenueDay, revenueDocuments, type RevenueOrder } from './revenue.projection';

export function queryRevenue({ model }: QueryContext, query: RevenueQuery): RevenueAnswer {
  const groupBy = query.groupBy ?? 'department';
  // Days are UTC days: in another zone, every order is credited to its own month there.
  const calendar = calendarOf(query.timeZone);
  const { days, plans } = revenueDocuments(model);
  const plansOf = new Map<string, readonly CommissionPlan[]>();
  for (const [department, doc] of plans.entries()) plansOf.set(department, doc.plans);
  const plansSignature = JSON.stringify([...plansOf].sort(([a], [b]) => compareText(a, b)));

  const rows = new Map<string, RowSums>();
  const ratios = new Map<string, { month: string; currency: string; sales: bigint; client: bigint }>();
  const addRow = (month: string, sum: Sum) => {
    if (query.department !== undefined && sum.department !== query.department) return;
    const key = groupBy === 'department' ? sum.department : sum.employeeId;
    const rowKey = `${month}|${key}|${sum.currency}`;
    let row = rows.get(rowKey);
    if (!row) {
      row = { month, key, currency: sum.currency, newRevenue: 0n, repeatRevenue: 0n, commission: 0n, orders: 0 };
      rows.set(rowKey, row);
    }
    addTo(row, sum);
  };
  const add = (month: string, sum: Sum) => {
    countRatio(ratios, month, sum.department, sum.currency, sum.newRevenue + sum.repeatRevenue);
    addRow(month, sum);
  };

  // Days the period cuts count order by order; whole days by their sums; whole months by theirs.
  const wholeMonths = new Map<string, RevenueDay[]>();
  const firstDay = query.period.from === undefined ? undefined : dayOf(query.period.from);
  const lastDay = query.period.to === undefined ? undefined : dayOf(query.period.to);
  const monthInPeriod = new Map<string, boolean>();
  for (const [day, doc] of days.entries()) {
    // Whole days outside the period are skipped without looking at their orders.
    if ((firstDay !== undefined && day < firstDay) || (lastDay !== undefined && day > lastDay)) continue;
    if (!calendar.isUtc) {
      for (const order of doc.orders) if (inPeriod(order[0], query.period)) add(calendar.monthOf(order[0]), sumOf(order, plansOf));
      continue;
    }
    const month = monthOf(day);
    let wholeMonth = monthInPeriod.get(month);
    if (wholeMonth === undefined) monthInPeriod.set(month, (wholeMonth = wholeMonthIn(month, query.period)));
    if (wholeMonth) {
      const ofMonth = wholeMonths.get(month);
      if (ofMonth) ofMonth.push(doc);
      else wholeMonths.set(month, [doc]);
    } else if (wholeDayIn(day, query.period)) {
      for (const sum of daySums(doc, plansOf, plansSignature)) add(month, sum);
    } else {
      for (const order of doc.orders) if (inPeriod(order[0], query.period)) add(month, sumOf(order, plansOf));
    }
  }
  for (const [month, docs] of wholeMonths) {
    const sums = monthSums(days, month, docs, plansOf, plansSignature);
    for (const sum of sums.byDepartment) countRatio(ratios, month, sum.department, sum.currency, sum.newRevenue + sum.repeatRevenue);
    for (const sum of groupBy === 'department' ? sums.byDepartment : sums.byEmployee) addRow(month, sum);
  }
  return {
    groupBy,
    timeZone: calendar.timeZone,
    rows: [...rows.values()].sort(byMonthKeyCurrency).map((row): RevenueRow => ({
      ...row,
      newRevenue: String(row.newRevenue),
      repeatRevenue: String(row.repeatRevenue),
      commission: String(row.commission),
    })),
    salesToClientRatio: [...ratios.values()]
      .sort((a, b) => compareText(a.month, b.month) || compareText(a.currency, b.currency))
      .map(({ month, currency, sales, client }) => ({
        month,
        currency,
        salesRevenue: String(sales),
        clientRevenue: String(client),
        ratio: client === 0n ? null : roundTo(Number(sales) / Number(client), 4),
      })),
  };
}

/** Orders of one credited department, employee (blank when summed over all of them) and currency, summed; commission rounded per order, as always. */
interface Sum {
  readonly department: Department;
  readonly employeeId: string;
  readonly currency: string;
  newRevenue: bigint;
  repeatRevenue: bigint;
  commission: bigint;
  orders: number;
}

/** A row being added up, its sums exact. */
interface RowSums extends Omit<Sum, 'department' | 'employeeId'> {
  readonly month: string;
  readonly key: string;
}

function addTo(target: Omit<Sum, 'department' | 'employeeId' | 'currency'>, sum: Sum): void {
  target.newRevenue += sum.newRevenue;
  target.repeatRevenue += sum.repeatRevenue;
  target.commission += sum.commission;
  target.orders += sum.orders;
}

/** A sum of nothing yet; every Sum is made here, in one shape, which keeps the loops over them fast. */
const emptySum = (department: Department, employeeId: string, currency: string): Sum => ({
  department,
  employeeId,
  currency,
  newRevenue: 0n,
  repeatRevenue: 0n,
  commission: 0n,
  orders: 0,
});

/** Sums per department, employee (or, with `overEmployees`, all of them) and currency; the inputs are never changed. */
function summed(sums: Iterable<Sum>, overEmployees = false): Sum[] {
  const byGroup = new Map<string, Sum>();
  for (const sum of sums) {
    const employeeId = overEmployees ? '' : sum.employeeId;
    const key = `${sum.department}|${employeeId}|${sum.currency}`;
    let total = byGroup.get(key);
    if (!total) byGroup.set(key, (total = emptySum(sum.department, employeeId, sum.currency)));
    addTo(total, sum);
  }
  return [...byGroup.values()];
}

/**
 * Sums remembered beside the documents, so a query over years of history adds
 * up a few sums per month instead of every order. A day's are valid while it
 * has as many orders as when summed (orders are only ever added), a month's
 * while it has as many days and orders; either only while the commission plans
 * are the same (a plan recorded late changes past commission).
 */
const summedDays = new WeakMap<RevenueDay, { readonly orders: number; readonly plans: string; readonly sums: readonly Sum[] }>();
interface MonthSums {
  readonly extent: string;
  readonly plans: string;
  readonly byEmployee: readonly Sum[];
  readonly byDepartment: readonly Sum[];
}
const summedMonths = new WeakMap<object, Map<string, MonthSums>>();

function daySums(doc: RevenueDay, plansOf: ReadonlyMap<string, readonly CommissionPlan[]>, plansSignature: string): readonly Sum[] {
  const remembered = summedDays.get(doc);
  if (remembered && remembered.orders === doc.orders.length && remembered.plans === plansSignature) return remembered.sums;
  const sums = summed(doc.orders.map((order) => sumOf(order, plansOf)));
  summedDays.set(doc, { orders: doc.orders.length, plans: plansSignature, sums });
  return sums;
}

function monthSums(
  days: object,
  month: string,
  docs: readonly RevenueDay[],
  plansOf: ReadonlyMap<string, readonly CommissionPlan[]>,
  plansSignature: string,
): MonthSums {
  let ofModel = summedMonths.get(days);
  if (!ofModel) summedMonths.set(days, (ofModel = new Map<string, MonthSums>()));
  const extent = `${docs.length}:${docs.reduce((orders, doc) => orders + doc.orders.length, 0)}`;
  const remembered = ofModel.get(month);
  if (remembered && remembered.extent === extent && remembered.plans === plansSignature) return remembered;
  const byEmployee = summed(docs.flatMap((doc) => daySums(doc, plansOf, plansSignature)));
  const byDepartment = summed(byEmployee, true);
  const sums = { extent, plans: plansSignature, byEmployee, byDepartment };
  ofModel.set(month, sums);
  return sums;
}

function sumOf(
  [occurredAt, kind, department, employeeId, currency, amount]: RevenueOrder,
  plansOf: ReadonlyMap<string, readonly CommissionPlan[]>,
): Sum {
  const sum = emptySum(department, employeeId, currency);
  if (kind === 'new') sum.newRevenue = BigInt(amount);
  else sum.repeatRevenue = BigInt(amount);
  sum.commission = BigInt(commissionOn(amount, planAt(plansOf.get(department), occurredAt)));
  sum.orders = 1;
  return sum;
}

/** Whether the whole UTC day lies in the period (from inclusive, to exclusive). */
function wholeDayIn(day: string, period: Period): boolean {
  const start = `${day}T00:00:00.000Z`;
  if (period.from !== undefined && period.from > start) return false;
  return period.to === undefined || period.to >= new Date(Date.parse(start) + DAY_MS).toISOString();
}

/** Whether the whole UTC calendar month ("2024-03") lies in the period. */
function wholeMonthIn(month: string, period: Period): boolean {
  const start = `${month}-01T00:00:00.000Z`;
  if (period.from !== undefined && period.from > start) return false;
  if (period.to === undefined) return true;
  const next = new Date(start);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return period.to >= next.toISOString();
}

function countRatio(
  ratios: Map<string, { month: string; currency: string; sales: bigint; client: bigint }>,
  month: string,
  department: Department,
  currency: string,
  amount: bigint,
): void {
  const ratioKey = `${month}|${currency}`;
  let ratio = ratios.get(ratioKey);
  if (!ratio) ratios.set(ratioKey, (ratio = { month, currency, sales: 0n, client: 0n }));
  if (department === 'sales') ratio.sales += amount;
  else if (department === 'client') ratio.client += amount;
}

/** The plan in force at a business time; plans are sorted and their times are normalised ISO text. */
function planAt(plans: readonly CommissionPlan[] | undefined, at: string): CommissionPlan | undefined {
  if (!plans) return undefined;
  let inForce: CommissionPlan | undefined;
  for (const plan of plans) {
    if (plan.effectiveFrom > at) break;
    inForce = plan;
  }
  return inForce;
}

const byMonthKeyCurrency = (a: RowSums, b: RowSums) =>
  compareText(a.month, b.month) || compareText(a.key, b.key) || compareText(a.currency, b.currency);
