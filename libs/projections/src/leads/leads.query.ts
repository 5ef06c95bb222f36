import type { ReadModelReader } from '@ledger/event-store';

import type { Period } from '../shared/calendar';
import { containsSql, type ListingOrder, listingPaging, searchKey } from '../shared/listing';
import { listingPage } from '../shared/listing-page';
import type { AnswerContext } from '../shared/projection';
import { withinBounds } from '../shared/sql-bounds';
import { raw, sql, type SqlFragment } from '../shared/sql-fragment';
import type { LeadSummary } from './leads.projection';

export const DEFAULT_LEADS_PAGE = 50;
export const MAX_LEADS_PAGE = 500;

/** What the list sorts by; the lead id breaks ties. */
export const LEAD_SORT_KEYS = ['firstContactedAt', 'company', 'lastContactAt'] as const;
export type LeadSortKey = (typeof LEAD_SORT_KEYS)[number];
export type LeadsOrder = ListingOrder<LeadSortKey>;
/** Newest leads first. */
export const DEFAULT_LEADS_ORDER: LeadsOrder = { key: 'firstContactedAt', direction: 'desc' };

export interface LeadsQuery {
  readonly ownerId?: string;
  readonly stage?: LeadSummary['stage'];
  /** Leads first contacted within [from, to), business time (ISO 8601 UTC). */
  readonly firstContacted?: Period;
  /** Case-insensitive, within the company; empty searches nothing. */
  readonly search?: string;
  /** Default newest first contact first. */
  readonly orderBy?: LeadsOrder;
  /** The nextCursor of the previous page (opaque); absent for the first page. */
  readonly after?: string;
  /** Leads per page: 1 to 500, default 50 (out-of-range values are clamped). */
  readonly limit?: number;
}

export interface LeadsAnswer {
  readonly leads: LeadSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** Leads matching the filters and the search, on every page. */
  readonly total: number;
}

const SORT_COLUMNS: Readonly<Record<LeadSortKey, string>> = {
  firstContactedAt: 'first_contacted_at',
  company: 'company_key',
  lastContactAt: 'last_contact_at',
};

/** A lead's value for the sort key, as the SQL sorts it. */
export function leadSortValue(lead: LeadSummary, key: LeadSortKey): string {
  if (key === 'company') return searchKey(lead.company);
  return key === 'firstContactedAt' ? lead.firstContactedAt : lead.lastContactAt;
}

export const LEADS_PAGING = listingPaging<LeadsQuery, LeadSummary, LeadSortKey>({
  name: 'leads',
  defaultOrder: DEFAULT_LEADS_ORDER,
  pageSizes: { defaultSize: DEFAULT_LEADS_PAGE, maximum: MAX_LEADS_PAGE },
  // What a cursor of the list is tied to, beside the sort: another filter or search refuses it.
  tiedTo: (query) => {
    const { from = null, to = null } = query.firstContacted ?? {};
    return [query.ownerId ?? null, query.stage ?? null, from, to, query.search || null];
  },
  sortValue: leadSortValue,
  idOf: (lead) => lead.leadId,
});

interface LeadRow {
  lead_id: string;
  company: string;
  owner_id: string;
  stage: LeadSummary['stage'];
  first_contacted_at: string;
  last_contact_at: string;
  contacts: number;
  closed_at: string | null;
  client_id: string | null;
  lost_reason: string | null;
  events: number;
}

const COLUMNS =
  'lead_id, company, company_key, owner_id, stage, first_contacted_at, last_contact_at, contacts, closed_at, client_id, lost_reason, events';

/**
 * The leads, one row each. Live, the current rows. Under bounds, each lead
 * contacted within them as its stream folds up to them: the first contact sets
 * the owner, the latest the company, the latest closing the stage.
 */
function listedLeads(context: AnswerContext): SqlFragment {
  if (context.asOf === undefined && context.asKnownAt === undefined) return raw(`SELECT ${COLUMNS} FROM {leads}`);
  const within = withinBounds(context, 'x.occurred_at', 'x.recorded_at');
  return sql`SELECT counted.lead_id, lc.company, lc.company_key, fc.rep_id AS owner_id, COALESCE(closing.stage, 'open') AS stage,
      fc.occurred_at AS first_contacted_at, lc.occurred_at AS last_contact_at, counted.contacts,
      closing.occurred_at AS closed_at, closing.client_id, closing.lost_reason, counted.contacts + COALESCE(closed.closings, 0) AS events
    FROM (SELECT x.lead_id, COUNT(*) AS contacts, MIN(x.position) AS first_position, MAX(x.position) AS last_position
      FROM {contacts} x WHERE ${within} GROUP BY x.lead_id) counted
    JOIN {contacts} fc ON fc.lead_id = counted.lead_id AND fc.position = counted.first_position
    JOIN {contacts} lc ON lc.lead_id = counted.lead_id AND lc.position = counted.last_position
    LEFT JOIN (SELECT x.lead_id, COUNT(*) AS closings, MAX(x.position) AS position FROM {closings} x WHERE ${within} GROUP BY x.lead_id) closed
      ON closed.lead_id = counted.lead_id
    LEFT JOIN {closings} closing ON closing.lead_id = closed.lead_id AND closing.position = closed.position`;
}

function filtersOf(query: LeadsQuery): SqlFragment[] {
  const filters: SqlFragment[] = [];
  if (query.ownerId !== undefined) filters.push(sql`owner_id = ${query.ownerId}`);
  if (query.stage !== undefined) filters.push(sql`stage = ${query.stage}`);
  if (query.firstContacted?.from !== undefined) filters.push(sql`first_contacted_at >= ${query.firstContacted.from}`);
  if (query.firstContacted?.to !== undefined) filters.push(sql`first_contacted_at < ${query.firstContacted.to}`);
  if (query.search) filters.push(containsSql('company_key', query.search));
  return filters;
}

/** A page of the leads, filtered, searched and sorted (newest first contact first by default). */
export async function queryLeads(db: ReadModelReader, query: LeadsQuery, context: AnswerContext): Promise<LeadsAnswer> {
  const { items, nextCursor, total } = await listingPage(db, LEADS_PAGING, query, {
    listed: listedLeads(context),
    filters: filtersOf(query),
    sortColumns: SORT_COLUMNS,
    idColumn: 'lead_id',
    itemOf: (row: LeadRow): LeadSummary => ({
      leadId: row.lead_id,
      company: row.company,
      ownerId: row.owner_id,
      stage: row.stage,
      firstContactedAt: row.first_contacted_at,
      lastContactAt: row.last_contact_at,
      contactCount: Number(row.contacts),
      closedAt: row.closed_at,
      clientId: row.client_id,
      lostReason: row.lost_reason,
      revision: Number(row.events) - 1,
    }),
  });
  return { leads: items, nextCursor, total };
}
