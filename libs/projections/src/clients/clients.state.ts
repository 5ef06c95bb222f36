import type { Department } from '@ledger/domain';

import type { AnswerContext } from '../shared/projection';
import { withinBounds } from '../shared/sql-bounds';
import { raw, sql, type SqlFragment } from '../shared/sql-fragment';

export const isHistorical = (context: AnswerContext): boolean => context.asOf !== undefined || context.asKnownAt !== undefined;

/** Orders (alias `o`) within the bounds. */
export const orderWithinBounds = (context: AnswerContext): SqlFragment => withinBounds(context, 'o.occurred_at', 'o.recorded_at');

/**
 * The clients of the directory, one row each with the columns a page shows and
 * filters on (`status`, `owning_department`, `owner_id`), as an SQL subquery over
 * `{clients} c`: only those `among` allows, when given.
 *
 * Live, the current rows as they are, so filters reach the indexes. Under bounds,
 * the clients whose win lies within them, each as the directory's fold of the
 * events within the bounds would leave it: only the changes after the win count,
 * the latest owner change (by position) sets the owner, the winning rep in sales
 * when there is none, and a loss the status. The row answers without reading the
 * facts while its latest change lies within the bounds, or lies beyond them and was
 * the only one of its kind (so none lies within); the changes answer otherwise.
 *
 * `everyRow` reads the rows in key order rather than looking up those won within
 * the bounds by index: to count most clients, one pass over the table is quicker
 * than a lookup of each row.
 */
export function listedClients(
  context: AnswerContext,
  { among, everyRow = false, lastOrder = false }: { among?: SqlFragment; everyRow?: boolean; lastOrder?: boolean } = {},
): SqlFragment {
  const columns = 'c.client_id, c.lead_id, c.client_key, lc.company, lc.company_key, c.won_by, c.won_at, c.won_position';
  // The company is the lead's: every contact of a lead comes before its win, so a client within the bounds has its lead's final company.
  const from = raw('FROM {clients} c LEFT JOIN {lead_companies} lc ON lc.lead_id = c.lead_id');
  if (!isHistorical(context)) {
    return sql`SELECT ${raw(columns)}, c.status, c.owning_department, c.owner_id, c.key_account, c.lost_at, c.last_order_at ${from}`;
  }
  // Asked only to sort by it: the latest order within the bounds, counted from the win.
  const lastOrderAt = lastOrder
    ? sql`,
    (SELECT MAX(o.occurred_at) FROM {orders} o WHERE o.client_id = c.client_id AND o.position >= c.won_position AND ${orderWithinBounds(context)}) AS last_order_at`
    : raw('');
  const changes = (kind: string) =>
    sql`FROM {changes} f WHERE f.client_id = c.client_id AND f.position > c.won_position AND ${raw(kind)} AND ${withinBounds(context, 'f.occurred_at', 'f.recorded_at')}`;
  const latest = (column: string, kind: string) => sql`(SELECT ${raw(`f.${column}`)} ${changes(kind)} ORDER BY f.position DESC LIMIT 1)`;
  const ownerChange = "f.kind <> 'lost'";
  const loss = "f.kind = 'lost'";
  // Live, a client is active when no loss followed its win, and keeps the winning rep while no owner change did.
  const lossWithin = withinBounds(context, 'c.lost_at', 'c.lost_recorded_at');
  const ownerSettled = sql`c.owner_changed_at IS NULL OR (${withinBounds(context, 'c.owner_changed_at', 'c.owner_changed_recorded_at')})`;
  // `|| ''` keeps the won_at indexes out of a pass over every row.
  const won = everyRow
    ? withinBounds(context, "(c.won_at || '')", "(c.won_recorded_at || '')")
    : withinBounds(context, 'c.won_at', 'c.won_recorded_at');
  return sql`SELECT ${raw(columns)},
    CASE WHEN c.status = 'active' THEN 'active' WHEN ${lossWithin} THEN 'lost' WHEN c.losses = 1 THEN 'active'
      WHEN EXISTS (SELECT 1 ${changes(loss)}) THEN 'lost' ELSE 'active' END AS status,
    CASE WHEN ${ownerSettled} THEN c.owning_department WHEN c.owner_changes = 1 THEN 'sales'
      ELSE COALESCE(${latest('owning_department', ownerChange)}, 'sales') END AS owning_department,
    CASE WHEN ${ownerSettled} THEN c.owner_id WHEN c.owner_changes = 1 THEN c.won_by
      ELSE COALESCE(${latest('owner_id', ownerChange)}, c.won_by) END AS owner_id,
    CASE WHEN c.key_account = 0 THEN 0 WHEN EXISTS (SELECT 1 ${changes("f.kind = 'escalation'")}) THEN 1 ELSE 0 END AS key_account,
    CASE WHEN c.status = 'active' THEN NULL WHEN ${lossWithin} THEN c.lost_at WHEN c.losses = 1 THEN NULL ELSE ${latest('occurred_at', loss)} END AS lost_at${lastOrderAt}
    ${from} WHERE ${won}${among === undefined ? raw('') : sql` AND ${among}`}`;
}

/** What the directory filters on, as a query gives it. */
export interface ClientFilters {
  readonly status?: 'active' | 'lost';
  readonly owningDepartment?: Department;
  readonly ownerId?: string;
}

/**
 * The clients that can match a selective filter at any bound, as a condition on
 * `c` served by an index (the `among` of listedClients): an owner's clients are
 * among those the employee won or took over, and the key accounts' among those
 * ever moved there. Undefined when no filter narrows the clients to a few.
 */
export function candidates({ owningDepartment, ownerId }: ClientFilters): SqlFragment | undefined {
  if (ownerId !== undefined) {
    return sql`c.client_id IN (SELECT w.client_id FROM {clients} w WHERE w.won_by = ${ownerId} UNION SELECT f.client_id FROM {changes} f WHERE f.owner_id = ${ownerId})`;
  }
  if (owningDepartment === 'key_accounts')
    return sql`c.client_id IN (SELECT f.client_id FROM {changes} f WHERE f.owning_department = ${owningDepartment})`;
  return undefined;
}
