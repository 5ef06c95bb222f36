import type { Department, MoneyTotal } from '@ledger/domain';
import type { ReadModelReader } from '@ledger/event-store';

import { exactText } from '../shared/exact-sums';
import { afterSql, containsSql, orderSql, pageSize } from '../shared/listing';
import type { AnswerContext } from '../shared/projection';
import { allOf, raw, sql, type SqlFragment } from '../shared/sql-fragment';
import {
  type ClientsListing,
  clientsOrderOf,
  type ClientSortKey,
  clientsSearchOf,
  decodeClientsCursor,
  encodeClientsCursor,
} from './clients.listing';
import type { ClientSummary } from './clients.projection';
import { candidates, isHistorical, listedClients, orderWithinBounds } from './clients.state';

export const DEFAULT_CLIENTS_PAGE = 50;
export const MAX_CLIENTS_PAGE = 500;
const PAGE_SIZES = { defaultSize: DEFAULT_CLIENTS_PAGE, maximum: MAX_CLIENTS_PAGE };

export interface ClientsQuery extends ClientsListing {
  /** The nextCursor of the previous page (opaque); absent for the first page. */
  readonly after?: string;
  /** Clients per page: 1 to 500, default 50 (out-of-range values are clamped). */
  readonly limit?: number;
}

export interface ClientsAnswer {
  /** In the order asked for, by client id by default. */
  readonly clients: ClientSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** Clients matching the filters and the search, on every page. */
  readonly total: number;
}

/** A row of the answer: the total, then a client of the page (null when the page is empty) with one currency's orders. */
interface AnswerRow {
  total: number;
  client_id: string | null;
  lead_id: string;
  company: string | null;
  won_by: string;
  won_at: string;
  status: ClientSummary['status'];
  owning_department: Department;
  owner_id: string;
  key_account: number;
  lost_at: string | null;
  currency: string;
  orders: number;
  /** The orders' sum, exact decimal text. */
  amount: string;
  last_order_at: string;
}

/** The SQL of each sort key over the listed columns, as clientSortValue computes it. */
const SORT_COLUMNS: Readonly<Record<ClientSortKey, string>> = {
  clientId: 'client_id',
  company: "COALESCE(company_key, '')",
  wonAt: 'won_at',
  lastOrderAt: 'last_order_at',
};

/**
 * A page of the directory in one statement (one snapshot, on either store): the
 * clients after the cursor in the order asked for that match the filters and
 * the search, one more than the page to tell whether another follows, each with
 * its orders per currency counted after its win within the bounds; and the
 * total of the matches.
 */
export async function queryClients(db: ReadModelReader, query: ClientsQuery, context: AnswerContext): Promise<ClientsAnswer> {
  const limit = pageSize(query.limit, PAGE_SIZES);
  const after = query.after === undefined ? undefined : decodeClientsCursor(query, query.after);
  const order = clientsOrderOf(query);
  const sortColumn = SORT_COLUMNS[order.key];
  const filters = filtersOf(query);
  // Under bounds every client matching the filters is worked out to count them: among the few candidates of a
  // selective filter, else in one pass over every row. A page stops at its end in the order asked for.
  const among = isHistorical(context) ? candidates(query) : undefined;
  const lastOrder = order.key === 'lastOrderAt';
  const counted = listedClients(context, { among, everyRow: among === undefined && filters.length > 0, lastOrder });
  const listed = among === undefined ? listedClients(context, { lastOrder }) : counted;
  const onPage = allOf([...(after === undefined ? [] : [afterSql(sortColumn, 'client_id', order.direction, after)]), ...filters]);
  const statement = sql`WITH page AS (
      SELECT listed.*, ${raw(sortColumn)} AS sort_value FROM (${listed}) listed WHERE ${onPage}
      ORDER BY ${orderSql(sortColumn, 'client_id', order.direction)} LIMIT ${limit + 1}
    ), placed AS (
      SELECT o.client_id, o.currency, COUNT(*) AS orders, ${raw(exactText('SUM(o.amount)'))} AS amount, MAX(o.occurred_at) AS last_order_at
      FROM page p CROSS JOIN {orders} o
      WHERE o.client_id = p.client_id AND o.position >= p.won_position AND ${orderWithinBounds(context)}
      GROUP BY o.client_id, o.currency
    )
    SELECT counted.total, p.client_id, p.lead_id, p.company, p.won_by, p.won_at, p.status, p.owning_department, p.owner_id, p.key_account,
      p.lost_at, placed.currency, placed.orders, placed.amount, placed.last_order_at
    FROM (SELECT COUNT(*) AS total FROM (${counted}) listed WHERE ${allOf(filters)}) counted
    LEFT JOIN page p ON 1 = 1
    LEFT JOIN placed ON placed.client_id = p.client_id
    ORDER BY ${orderSql(order.key === 'clientId' ? 'p.client_id' : 'p.sort_value', 'p.client_id', order.direction)}`;
  const rows = await db.all<AnswerRow>(statement.text, statement.params);
  const clients = clientsOf(rows);
  const page = clients.slice(0, limit);
  return {
    clients: page,
    nextCursor: clients.length > limit ? encodeClientsCursor(query, page.at(-1)!) : null,
    total: rows[0]?.total ?? 0,
  };
}

/**
 * The filters on the listed columns. Live, one of them reads an index: the owner
 * (a few hundred clients at most), else the status (whose index carries the
 * department); the others are written so that no index serves them (`|| ''`),
 * or a planner without statistics may scan a status's every client to find an
 * owner's few.
 */
function filtersOf(query: ClientsQuery): SqlFragment[] {
  const { status, owningDepartment, ownerId } = query;
  const filters: SqlFragment[] = [];
  if (ownerId !== undefined) filters.push(sql`owner_id = ${ownerId}`);
  if (status !== undefined) filters.push(ownerId === undefined ? sql`status = ${status}` : sql`(status || '') = ${status}`);
  if (owningDepartment !== undefined) {
    filters.push(
      ownerId === undefined && status === undefined
        ? sql`owning_department = ${owningDepartment}`
        : sql`(owning_department || '') = ${owningDepartment}`,
    );
  }
  const search = clientsSearchOf(query);
  if (search !== undefined) filters.push(sql`${containsSql('client_key', search)} OR ${containsSql('company_key', search)}`);
  return filters;
}

/** The page's clients from its rows (one per client and currency, in client order), revenue ordered by currency. */
function clientsOf(rows: readonly AnswerRow[]): ClientSummary[] {
  const clients: ClientSummary[] = [];
  for (const row of rows) {
    if (row.client_id === null) continue;
    let client = clients.at(-1);
    if (client?.clientId !== row.client_id) {
      client = {
        clientId: row.client_id,
        leadId: row.lead_id,
        company: row.company,
        wonBy: row.won_by,
        wonAt: row.won_at,
        status: row.status,
        owningDepartment: row.owning_department,
        ownerId: row.owner_id,
        keyAccount: row.key_account === 1,
        orderCount: 0,
        lastOrderAt: row.last_order_at,
        revenue: [],
        lostAt: row.lost_at,
      };
      clients.push(client);
    }
    client.orderCount += row.orders;
    if (row.last_order_at > client.lastOrderAt) client.lastOrderAt = row.last_order_at;
    client.revenue.push({ amount: row.amount, currency: row.currency });
  }
  for (const client of clients) client.revenue.sort(byCurrency);
  return clients;
}

// The default string order (UTF-16 code units), as the directory always ordered currencies.
const byCurrency = (a: MoneyTotal, b: MoneyTotal) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);
