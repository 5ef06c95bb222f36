import { commissionOn, type CommissionPlan, type Department } from '@ledger/domain';
import { dayOf, inPeriod, monthOf, roundTo, type Period } from '../shared/calendar';
import type { QueryContext } from '../shared/projection';
import { revenueDocuments } from './revenue.projection';

export interface RevenueQuery {
  readonly period: Period;
  /** What a row's key is: the credited department (default) or employee. */
  readonly groupBy?: 'department' | 'rep';
  /** Only orders credited to this department. */
  readonly department?: Department;
}

export interface RevenueRow {
  /** Calendar month (UTC) of the orders, "2024-03". */
  readonly month: string;
  /** A department, or an employee id when grouped by rep. */
  readonly key: string;
  readonly currency: string;
  /** First orders, minor units. */
  newRevenue: number;
  /** Reorders, minor units. */
  repeatRevenue: number;
  /** Each order's amount times the rate of its department's plan in force at its business time, rounded half to even. */
  commission: number;
  orders: number;
}

export interface SalesToClientRatio {
  readonly month: string;
  readonly currency: string;
  readonly salesRevenue: number;
  readonly clientRevenue: number;
  /** salesRevenue / clientRevenue, four decimals; null while the client department has no revenue. */
  readonly ratio: number | null;
}

export interface RevenueAnswer {
  readonly groupBy: 'department' | 'rep';
  readonly rows: RevenueRow[];
  readonly salesToClientRatio: SalesToClientRatio[];
}

export function queryRevenue({ model }: QueryContext, query: RevenueQuery): RevenueAnswer {
  const groupBy = query.groupBy ?? 'department';
  const { days, plans } = revenueDocuments(model);
  const plansOf = new Map<string, readonly CommissionPlan[]>();
  for (const [department, doc] of plans.entries()) plansOf.set(department, doc.plans);

  const rows = new Map<string, RevenueRow>();
  const ratios = new Map<string, { month: string; currency: string; sales: number; client: number }>();
  const firstDay = query.period.from === undefined ? undefined : dayOf(query.period.from);
  const lastDay = query.period.to === undefined ? undefined : dayOf(query.period.to);
  for (const [day, { orders }] of days.entries()) {
    // Whole days outside the period are skipped without looking at their orders.
    if ((firstDay !== undefined && day < firstDay) || (lastDay !== undefined && day > lastDay)) continue;
    for (const [occurredAt, kind, department, employeeId, currency, amount] of orders) {
      if (!inPeriod(occurredAt, query.period)) continue;
      const month = monthOf(occurredAt);
      countRatio(ratios, month, department, currency, amount);
      if (query.department !== undefined && department !== query.department) continue;
      const key = groupBy === 'department' ? department : employeeId;
      const rowKey = `${month}|${key}|${currency}`;
      let row = rows.get(rowKey);
      if (!row) {
        row = { month, key, currency, newRevenue: 0, repeatRevenue: 0, commission: 0, orders: 0 };
        rows.set(rowKey, row);
      }
      if (kind === 'new') row.newRevenue += amount;
      else row.repeatRevenue += amount;
      row.commission += commissionOn(amount, planAt(plansOf.get(department), occurredAt));
      row.orders += 1;
    }
  }
  return {
    groupBy,
    rows: [...rows.values()].sort(byMonthKeyCurrency),
    salesToClientRatio: [...ratios.values()]
      .sort((a, b) => compare(a.month, b.month) || compare(a.currency, b.currency))
      .map(({ month, currency, sales, client }) => ({
        month,
        currency,
        salesRevenue: sales,
        clientRevenue: client,
        ratio: client === 0 ? null : roundTo(sales / client, 4),
      })),
  };
}

function countRatio(
  ratios: Map<string, { month: string; currency: string; sales: number; client: number }>,
  month: string,
  department: Department,
  currency: string,
  amount: number,
): void {
  const ratioKey = `${month}|${currency}`;
  let ratio = ratios.get(ratioKey);
  if (!ratio) ratios.set(ratioKey, (ratio = { month, currency, sales: 0, client: 0 }));
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

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byMonthKeyCurrency = (a: RevenueRow, b: RevenueRow) => compare(a.month, b.month) || compare(a.key, b.key) || compare(a.currency, b.currency);
