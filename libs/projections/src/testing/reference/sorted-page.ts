import { type ListingPaging, type ListingQuery, searchKey, type SortDirection } from '../../shared/listing';
import { compareText } from '../../shared/text-order';

/** Whether a listing's search matches text, as containsSql does in SQL. */
export const containsText = (text: string | null, search: string): boolean => text !== null && searchKey(text).includes(searchKey(search));

type SortKey = readonly [value: string, id: string];

/** Compares two rows' keys as orderSql orders them: code-unit order of the value, then of the id. */
function compareKeys(direction: SortDirection): (a: SortKey, b: SortKey) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => sign * (compareText(a[0], b[0]) || compareText(a[1], b[1]));
}

/**
 * A listing's page as the SQL reads it: the matches sorted by their key, those
 * after the row the cursor names, `limit` of them, and whether more follow.
 */
export function sortedPage<Row>(
  matches: readonly Row[],
  keyOf: (row: Row) => SortKey,
  { direction, after, limit }: { direction: SortDirection; after?: SortKey; limit: number },
): { page: Row[]; more: boolean; total: number } {
  const compare = compareKeys(direction);
  const sorted = [...matches].sort((a, b) => compare(keyOf(a), keyOf(b)));
  let start = 0;
  if (after !== undefined) while (start < sorted.length && compare(keyOf(sorted[start]!), after) <= 0) start++;
  return { page: sorted.slice(start, start + limit), more: start + limit < sorted.length, total: sorted.length };
}

/** The page of the matches a listing's query asks for, as listingPage reads it from SQL, with the cursor after it. */
export function listingPageOf<Query extends ListingQuery<Key>, Item extends object, Key extends string>(
  paging: ListingPaging<Query, Item, Key>,
  query: Query,
  matches: readonly Item[],
): { items: Item[]; nextCursor: string | null; total: number } {
  const { page, more, total } = sortedPage(matches, paging.sortKeyOf(query), paging.pageOf(query));
  // Copies: the answer must not share the model's documents.
  const items = page.map((item) => ({ ...item }));
  return { items, nextCursor: paging.nextCursor(query, items, more), total };
}
