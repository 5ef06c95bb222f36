import type { ReadModelReader } from '@ledger/event-store';

import { afterSql, type SortDirection } from './listing';
import { allOf, raw, sql, type SqlFragment } from './sql-fragment';

export interface ListingPageRequest {
  /** The listed rows as a SELECT (one row per item, with the id, sort and filter columns). */
  readonly listed: SqlFragment;
  readonly filters: readonly SqlFragment[];
  /** The sort key as SQL over the listed columns. */
  readonly sortColumn: string;
  readonly idColumn: string;
  readonly direction: SortDirection;
  /** The sort value and id of the row the cursor names. */
  readonly after?: readonly [string, string];
  readonly limit: number;
}

/**
 * A page of a listing in one statement (one snapshot, on either store): the
 * rows after the cursor in the order asked for that match the filters, one more
 * than the page to tell whether another follows, and the total of the matches.
 */
export async function listingPage<Row extends object>(
  db: ReadModelReader,
  { listed, filters, sortColumn, idColumn, direction, after, limit }: ListingPageRequest,
): Promise<{ rows: Row[]; more: boolean; total: number }> {
  const way = raw(direction === 'asc' ? 'ASC' : 'DESC');
  const onPage = allOf([...(after === undefined ? [] : [afterSql(sortColumn, idColumn, direction, after)]), ...filters]);
  const statement = sql`WITH listed AS (${listed}), page AS (
      SELECT listed.*, ${raw(sortColumn)} AS sort_value FROM listed WHERE ${onPage}
      ORDER BY ${raw(sortColumn)} ${way}, ${raw(idColumn)} ${way} LIMIT ${limit + 1}
    )
    SELECT counted.total, p.* FROM (SELECT COUNT(*) AS total FROM listed WHERE ${allOf(filters)}) counted
    LEFT JOIN page p ON 1 = 1
    ORDER BY p.sort_value ${way}, ${raw(`p.${idColumn}`)} ${way}`;
  const found = await db.all<Row & { total: number } & Record<string, unknown>>(statement.text, statement.params);
  const rows = found.filter((row) => row[idColumn] !== null);
  return { rows: rows.slice(0, limit), more: rows.length > limit, total: Number(found[0]?.total ?? 0) };
}
