import { createHash } from 'node:crypto';

import { raw, sql, type SqlFragment } from './sql-fragment';

/**
 * What the paged listings (clients, employees, leads) share: a sort key with a
 * direction and the row's id as tie-break (keyset paging, so a page never skips
 * or repeats a row as others are added), a case-insensitive search over text
 * kept in lower case, and opaque cursors tied to the listing that gave them out.
 */
export type SortDirection = 'asc' | 'desc';

export interface ListingOrder<Key extends string> {
  readonly key: Key;
  readonly direction: SortDirection;
}

/** Text as the listings search it: lower case, stored beside the text and applied to the search, so every store compares alike. */
export const searchKey = (text: string): string => text.toLowerCase();

/** The search as a condition on a column holding searchKey text: a case-insensitive substring, `%` and `_` meaning themselves. */
export function containsSql(column: string, search: string): SqlFragment {
  const escaped = searchKey(search).replace(/[\\%_]/g, (character) => `\\${character}`);
  return sql`${raw(column)} LIKE ${`%${escaped}%`} ESCAPE '\\'`;
}

/** `ORDER BY` for the sort column then the id, both in the order's direction. */
export function orderSql(sortColumn: string, idColumn: string, direction: SortDirection): SqlFragment {
  const way = direction === 'asc' ? 'ASC' : 'DESC';
  return raw(sortColumn === idColumn ? `${idColumn} ${way}` : `${sortColumn} ${way}, ${idColumn} ${way}`);
}

/** The rows after the one a cursor names, in the order orderSql gives. */
export function afterSql(
  sortColumn: string,
  idColumn: string,
  direction: SortDirection,
  [value, id]: readonly [string, string],
): SqlFragment {
  const beyond = raw(direction === 'asc' ? '>' : '<');
  if (sortColumn === idColumn) return sql`${raw(idColumn)} ${beyond} ${id}`;
  return sql`${raw(sortColumn)} ${beyond} ${value} OR (${raw(sortColumn)} = ${value} AND ${raw(idColumn)} ${beyond} ${id})`;
}

/** What a paged listing's query carries beside its filters and search. */
export interface ListingQuery<Key extends string> {
  readonly orderBy?: ListingOrder<Key>;
  /** The nextCursor of the previous page (opaque); absent for the first page. */
  readonly after?: string;
  readonly limit?: number;
}

/**
 * A listing's paging: its name (its cursors carry it), default order and page sizes, what else
 * shapes a page (filters and search: another one refuses the cursor), and each item's sort value and id.
 */
export function listingPaging<Query extends ListingQuery<Key>, Item, Key extends string>(listing: {
  readonly name: string;
  readonly defaultOrder: ListingOrder<Key>;
  readonly pageSizes: { readonly defaultSize: number; readonly maximum: number };
  readonly tiedTo: (query: Query) => readonly unknown[];
  readonly sortValue: (item: Item, key: Key) => string;
  readonly idOf: (item: Item) => string;
}) {
  const orderOf = (query: Query): ListingOrder<Key> => query.orderBy ?? listing.defaultOrder;
  const shapeOf = (query: Query) => {
    const { key, direction } = orderOf(query);
    return [key, direction, ...listing.tiedTo(query)];
  };
  /** An item's place in the order the query asks for: its sort value, then its id. */
  const sortKeyOf = (query: Query) => {
    const { key } = orderOf(query);
    return (item: Item): [value: string, id: string] => [listing.sortValue(item, key), listing.idOf(item)];
  };
  const encode = (query: Query, item: Item): string => encodeListingCursor(listing.name, shapeOf(query), sortKeyOf(query)(item));
  /** The sort value and id a cursor names; InvalidCursorError for one this listing did not give out. */
  const decode = (query: Query, cursor: string): [value: string, id: string] => decodeListingCursor(cursor, listing.name, shapeOf(query));
  return {
    orderOf,
    sortKeyOf,
    encode,
    decode,
    /** The page a query asks for: its direction, the sort value and id its cursor names, its size. */
    pageOf: (query: Query) => ({
      direction: orderOf(query).direction,
      after: query.after === undefined ? undefined : decode(query, query.after),
      limit: pageSize(query.limit, listing.pageSizes),
    }),
    /** The cursor after the page's last item; null on the last page. */
    nextCursor: (query: Query, page: readonly Item[], more: boolean): string | null => (more ? encode(query, page.at(-1)!) : null),
  };
}

export type ListingPaging<Query extends ListingQuery<Key>, Item, Key extends string> = ReturnType<typeof listingPaging<Query, Item, Key>>;

/** A page size clamped to 1..maximum, the default when absent. */
export function pageSize(limit: number | undefined, { defaultSize, maximum }: { defaultSize: number; maximum: number }): number {
  if (limit === undefined || !Number.isFinite(limit)) return defaultSize;
  return Math.min(maximum, Math.max(1, Math.floor(limit)));
}

/** A cursor that this code did not make (mistyped, cut short, or from another listing, sort, filter or search). */
export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super(`after is not a cursor this listing gave out: pass nextCursor from the previous page unchanged`);
    this.name = 'InvalidCursorError';
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Far above any row's key and id; refuses absurd input before decoding it. */
export const MAX_CURSOR_LENGTH = 1_024;

/**
 * A listing's cursor: opaque (base64url of JSON), naming the listing, a
 * fingerprint of what shaped the page (sort, filters, search) and the last
 * row's sort value and id. A cursor of another listing, or of the same listing
 * sorted, filtered or searched otherwise, is refused rather than read in a way
 * its page did not mean.
 */
export function encodeListingCursor(listing: string, shape: unknown, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([listing, fingerprintOf(shape), ...values]), 'utf8').toString('base64url');
}

/** The sort value and id a cursor names; throws InvalidCursorError for anything encodeListingCursor did not make for this listing and shape. */
export function decodeListingCursor(cursor: string, listing: string, shape: unknown): [value: string, id: string] {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor))
    throw new InvalidCursorError(String(cursor));
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(cursor);
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 4 ||
    decoded.some((value) => typeof value !== 'string') ||
    decoded[0] !== listing ||
    decoded[1] !== fingerprintOf(shape)
  ) {
    throw new InvalidCursorError(cursor);
  }
  const values = decoded.slice(2) as [string, string];
  // Decoding is lenient (stray bits): only a cursor that encodes back to itself is one of ours.
  if (encodeListingCursor(listing, shape, values) !== cursor) throw new InvalidCursorError(cursor);
  return values;
}

const fingerprintOf = (shape: unknown): string => createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 12);
