import type { Department } from '@ledger/domain';

import { roundTo } from '../shared/calendar';
import { compareText } from '../shared/text-order';
import type { RevenueAnswer, RevenueRow, SalesToClientRatio } from './revenue.query';

/** What is added up for a row: revenue and commission (minor units, exact at any size) and orders. */
export interface RevenueSums {
  readonly newRevenue: bigint;
  readonly repeatRevenue: bigint;
  readonly commission: bigint;
  readonly orders: number;
}

interface RowSums {
  readonly month: string;
  readonly key: string;
  readonly currency: string;
  newRevenue: bigint;
  repeatRevenue: bigint;
  commission: bigint;
  orders: number;
}

/** Where sums are credited: their month, department, employee (absent when summed over employees) and currency. */
export interface Credit {
  readonly month: string;
  readonly department: string;
  readonly employeeId?: string;
  readonly currency: string;
}

/**
 * The answer being added up, from rollups and orders alike: rows per month,
 * key and currency (only the asked department's orders), and the sales to
 * client ratio per month and currency (every department's, whatever is asked).
 */
export class RevenueTally {
  private readonly rows = new Map<string, RowSums>();
  private readonly ratios = new Map<string, { month: string; currency: string; sales: bigint; client: bigint }>();

  constructor(
    private readonly groupBy: 'department' | 'rep',
    private readonly department: Department | undefined,
    private readonly timeZone: string,
  ) {}

  /** Whether the department's orders make rows (and so whether their commission matters). */
  makesRows(department: string): boolean {
    return this.department === undefined || department === this.department;
  }

  add(credit: Credit, sums: RevenueSums): void {
    const { month, department, currency } = credit;
    const ratioKey = `${month}|${currency}`;
    let ratio = this.ratios.get(ratioKey);
    if (!ratio) this.ratios.set(ratioKey, (ratio = { month, currency, sales: 0n, client: 0n }));
    if (department === 'sales') ratio.sales += sums.newRevenue + sums.repeatRevenue;
    else if (department === 'client') ratio.client += sums.newRevenue + sums.repeatRevenue;
    this.addToRow(credit, sums);
  }

  /** Commission of orders already counted (their revenue came with a rollup). */
  addCommission(credit: Credit, commission: bigint): void {
    this.addToRow(credit, { newRevenue: 0n, repeatRevenue: 0n, commission, orders: 0 });
  }

  answer(): RevenueAnswer {
    return {
      groupBy: this.groupBy,
      timeZone: this.timeZone,
      rows: [...this.rows.values()]
        .sort((a, b) => compareText(a.month, b.month) || compareText(a.key, b.key) || compareText(a.currency, b.currency))
        .map((row): RevenueRow => ({
          ...row,
          newRevenue: String(row.newRevenue),
          repeatRevenue: String(row.repeatRevenue),
          commission: String(row.commission),
        })),
      salesToClientRatio: [...this.ratios.values()]
        .sort((a, b) => compareText(a.month, b.month) || compareText(a.currency, b.currency))
        .map(({ month, currency, sales, client }): SalesToClientRatio => ({
          month,
          currency,
          salesRevenue: String(sales),
          clientRevenue: String(client),
          ratio: client === 0n ? null : roundTo(Number(sales) / Number(client), 4),
        })),
    };
  }

  private addToRow({ month, department, employeeId, currency }: Credit, sums: RevenueSums): void {
    if (!this.makesRows(department)) return;
    const key = this.groupBy === 'department' ? department : employeeId;
    if (key === undefined) throw new Error('revenue per rep needs sums per employee');
    const rowKey = `${month}|${key}|${currency}`;
    let row = this.rows.get(rowKey);
    if (!row) this.rows.set(rowKey, (row = { month, key, currency, newRevenue: 0n, repeatRevenue: 0n, commission: 0n, orders: 0 }));
    row.newRevenue += sums.newRevenue;
    row.repeatRevenue += sums.repeatRevenue;
    row.commission += sums.commission;
    row.orders += sums.orders;
  }
}
