import type { Department } from '@ledger/domain';

import { decodeListingCursor, encodeListingCursor, type ListingOrder, searchKey } from '../shared/listing';
import { decodeClientCursor, encodeClientCursor } from './clients.cursor';
import type { ClientSummary } from './clients.projection';

/** What the directory sorts by; the client id breaks ties. */
export const CLIENT_SORT_KEYS = ['clientId', 'company', 'wonAt', 'lastOrderAt'] as const;
export type ClientSortKey = (typeof CLIENT_SORT_KEYS)[number];
export type ClientsOrder = ListingOrder<ClientSortKey>;

/** What shapes a page of the directory, beside the bounds. */
export interface ClientsListing {
  readonly status?: 'active' | 'lost';
  readonly owningDepartment?: Department;
  readonly ownerId?: string;
  /** Case-insensitive, within the company or the client id; empty searches nothing. */
  readonly search?: string;
  /** Default client id, ascending. */
  readonly orderBy?: ClientsOrder;
}

export const DEFAULT_CLIENTS_ORDER: ClientsOrder = { key: 'clientId', direction: 'asc' };

export const clientsOrderOf = (listing: ClientsListing): ClientsOrder => listing.orderBy ?? DEFAULT_CLIENTS_ORDER;
export const clientsSearchOf = (listing: ClientsListing): string | undefined => (listing.search ? listing.search : undefined);

/**
 * The directory as it always listed: client id order, no search. Its cursors
 * stay the client-id cursors callers already hold, good under any filter and
 * bound as before; every other listing's cursor is tied to its sort, filters
 * and search.
 */
function isOriginalListing(listing: ClientsListing): boolean {
  const order = clientsOrderOf(listing);
  return order.key === 'clientId' && order.direction === 'asc' && clientsSearchOf(listing) === undefined;
}

const shapeOf = (listing: ClientsListing) => {
  const order = clientsOrderOf(listing);
  return [
    order.key,
    order.direction,
    listing.status ?? null,
    listing.owningDepartment ?? null,
    listing.ownerId ?? null,
    clientsSearchOf(listing) ?? null,
  ];
};

/** A client's value for the sort key, as the SQL sorts it (the company in lower case, none as ''). */
export function clientSortValue(client: Pick<ClientSummary, 'clientId' | 'company' | 'wonAt' | 'lastOrderAt'>, key: ClientSortKey): string {
  switch (key) {
    case 'clientId':
      return client.clientId;
    case 'company':
      return searchKey(client.company ?? '');
    case 'wonAt':
      return client.wonAt;
    case 'lastOrderAt':
      return client.lastOrderAt;
  }
}

/** The cursor to read on after this client. */
export function encodeClientsCursor(listing: ClientsListing, client: ClientSummary): string {
  if (isOriginalListing(listing)) return encodeClientCursor(client.clientId);
  return encodeListingCursor('clients', shapeOf(listing), [clientSortValue(client, clientsOrderOf(listing).key), client.clientId]);
}

/** The sort value and client id the cursor names; InvalidCursorError for a cursor this listing did not give out. */
export function decodeClientsCursor(listing: ClientsListing, cursor: string): [value: string, clientId: string] {
  if (!isOriginalListing(listing)) return decodeListingCursor(cursor, 'clients', shapeOf(listing));
  const clientId = decodeClientCursor(cursor);
  return [clientId, clientId];
}
