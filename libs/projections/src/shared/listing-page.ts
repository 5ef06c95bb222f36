import type { ReadModelReader } from '@ledger/event-store';

import { afterSql, type ListingPaging, type ListingQuery } from './listing';
import { allOf, raw, sql, type SqlFragment } from './sql-fragment';

export interface ListingPageRequest<Row, Item, Key extends string> {
  /** The listed rows as a SELECT (one row per item, with the id, sort and filter columns). */
  readonly listed: SqlFragment;
  readonly filters: readonly SqlFragment[];
  /** Each sort key as SQL over the listed columns. */
  readonly sortColumns: Readonly<Record<Key, string>>;
  readonly idColumn: string;
  /** The item a listed row stands for. */
  readonly itemOf: (row: Row) => Item;
}

/**
 * The page of a listing a query asks for, in one statement (one snapshot, on either store): the
 * rows after the cursor in the order asked for that match the filters, one more than the page to
 * tell whether another follows, and the total of the matches; with the cursor after the page.
 */
export async function listingPage<Query extends ListingQuery<Key>, Row extends object, Item, Key extends string>(
  db: ReadModelReader,
  paging: ListingPaging<Query, Item, Key>,
  query: Query,
  { listed, filters, sortColumns, idColumn, itemOf }: ListingPageRequest<Row, Item, Key>,
): Promise<{ items: Item[]; nextCursor: string | null; total: number }> {
  const sortColumn = sortColumns[paging.orderOf(query).key];
  const { direction, after, limit } = paging.pageOf(query);
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
  const items = rows.slice(0, limit).map(itemOf);
  return { items, nextCursor: paging.nextCursor(query, items, rows.length > limit), total: Number(found[0]?.total ?? 0) };
}
