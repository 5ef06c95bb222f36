import { decodeClientCursor } from '../../../clients/clients.cursor';
import {
  clientsOrderOf,
  clientSortValue,
  clientsSearchOf,
  decodeClientsCursor,
  encodeClientsCursor,
} from '../../../clients/clients.listing';
import type { ClientGrouping, ClientSummary } from '../../../clients/clients.projection';
import { type ClientsAnswer, type ClientsQuery, DEFAULT_CLIENTS_PAGE, MAX_CLIENTS_PAGE } from '../../../clients/clients.query';
import type { QueryContext } from '../../../shared/projection';
import { containsText, sortedPage } from '../sorted-page';
import { clientsDocuments, firstAbove } from './clients.projection';

/**
 * A page of the directory: a binary search for the cursor, then the page read
 * off the clients in id order (with filters, up to the page's end and one match
 * beyond it, to tell whether another page follows). The total comes from the
 * counts per status, department and owner.
 */
export function queryClients({ model }: QueryContext, query: ClientsQuery): ClientsAnswer {
  const limit = pageSize(query.limit);
  const { index } = clientsDocuments(model);
  const clients = index.all();
  const order = clientsOrderOf(query);
  if (order.key !== 'clientId' || order.direction !== 'asc' || clientsSearchOf(query) !== undefined) {
    return sortedOrSearched(clients, query, limit);
  }
  const start = query.after === undefined ? 0 : firstAbove(clients, decodeClientCursor(query.after));
  const matches = matcher(query);
  if (matches === undefined) {
    const page = clients.slice(start, start + limit);
    return answer(page, start + page.length < clients.length, clients.length, query);
  }
  let total = 0;
  for (const group of index.counts()) if (matches(group)) total += group.count;
  // From the first page every match is ahead, so the scan stops at the total; a later page looks one match beyond itself.
  const wanted = start === 0 ? Math.min(limit, total) : limit;
  const page: ClientSummary[] = [];
  let at = start;
  for (; at < clients.length && page.length < wanted; at++) if (matches(clients[at]!)) page.push(clients[at]!);
  let more = start === 0 ? total > page.length : false;
  if (start > 0 && page.length === limit) for (; at < clients.length && !more; at++) more = matches(clients[at]!);
  return answer(page, more, total, query);
}

/** A page sorted otherwise or searched: every match, sorted, read on after the client the cursor names. */
function sortedOrSearched(all: readonly ClientSummary[], query: ClientsQuery, limit: number): ClientsAnswer {
  const matches = matcher(query) ?? (() => true);
  const search = clientsSearchOf(query);
  const { key, direction } = clientsOrderOf(query);
  const found = all.filter(
    (client) => matches(client) && (search === undefined || containsText(client.clientId, search) || containsText(client.company, search)),
  );
  const { page, more, total } = sortedPage(found, (client) => [clientSortValue(client, key), client.clientId], {
    direction,
    after: query.after === undefined ? undefined : decodeClientsCursor(query, query.after),
    limit,
  });
  return answer(page, more, total, query);
}

function answer(page: ClientSummary[], more: boolean, total: number, query: ClientsQuery): ClientsAnswer {
  // Copies, so a caller changing an answer cannot change the read model.
  const clients = page.map((client) => ({ ...client, revenue: client.revenue.map((money) => ({ ...money })) }));
  return { clients, nextCursor: more ? encodeClientsCursor(query, page.at(-1)!) : null, total };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_CLIENTS_PAGE;
  return Math.min(MAX_CLIENTS_PAGE, Math.max(1, Math.floor(limit)));
}

/** The filters as one test (of a client or of a group of them), or undefined when there is none. */
function matcher({ status, owningDepartment, ownerId }: ClientsQuery): ((client: ClientGrouping) => boolean) | undefined {
  if (status === undefined && owningDepartment === undefined && ownerId === undefined) return undefined;
  return (client) =>
    (status === undefined || client.status === status) &&
    (owningDepartment === undefined || client.owningDepartment === owningDepartment) &&
    (ownerId === undefined || client.ownerId === ownerId);
}
