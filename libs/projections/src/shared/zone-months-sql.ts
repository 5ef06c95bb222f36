import { raw, sql, type SqlFragment } from './sql-fragment';
import { nextMonthName, type ZonedCalendar } from './time-zone';

/**
 * The month of a zone that a time column falls in, as portable SQL (neither
 * SQLite nor PostgreSQL is asked about zones): a balanced CASE over the starts
 * of the zone's months from `first` to `last`, so each row costs about log2 of
 * the months in comparisons of text. Times before the first month count in it,
 * times after the last in the last. Every literal is made here from a
 * calendar's own names and ISO times, never from a request.
 */
export class ZoneMonthsSql {
  private readonly months: string[] = [];
  private readonly starts: string[] = [];

  constructor(calendar: ZonedCalendar, first: string, last: string) {
    for (let month = first; month <= last; month = nextMonthName(month)) {
      this.months.push(month);
      this.starts.push(calendar.monthStart(month));
    }
    if (this.months.length === 0) throw new Error(`no months from ${first} to ${last}`);
  }

  /** The month ("2024-03") of the time column. */
  monthOf(column: string): SqlFragment {
    return this.tree(column, 0, this.months.length - 1, (index) => `'${this.months[index]}'`);
  }

  /** The month's number (year × 12 + month) of the time column: subtract two for months between. */
  monthNumberOf(column: string): SqlFragment {
    return this.tree(column, 0, this.months.length - 1, (index) => {
      const month = this.months[index]!;
      return String(Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)));
    });
  }

  private tree(column: string, low: number, high: number, value: (index: number) => string): SqlFragment {
    if (low === high) return raw(value(low));
    const middle = (low + high + 1) >> 1;
    return sql`CASE WHEN ${raw(column)} < ${raw(`'${this.starts[middle]}'`)} THEN ${this.tree(column, low, middle - 1, value)} ELSE ${this.tree(column, middle, high, value)} END`;
  }
}
