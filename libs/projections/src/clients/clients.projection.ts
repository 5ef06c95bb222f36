import type { Department, Money, MoneyTotal } from '@ledger/domain';
import type { TableSpec } from '@ledger/event-store';

import { integer, mergedTable, text } from '../shared/columns';
import { FACT_TIMES, factTimesOf, subjectFacts } from '../shared/event-columns';
import { applyWith, type EventHandlers } from '../shared/event-handlers';
import { searchKey } from '../shared/listing';
import type { ProjectedEvent } from '../shared/projection';
import type { RowWriter } from '../shared/row-buffer';

/** One client in the directory, as it stands after the events within the bounds. */
export interface ClientSummary {
  readonly clientId: string;
  readonly leadId: string;
  /** The company, as the lead's latest contact named it; null for a lead never contacted (no valid log has one). */
  readonly company: string | null;
  /** The rep whose ClientWon it was. */
  readonly wonBy: string;
  readonly wonAt: string;
  status: 'active' | 'lost';
  owningDepartment: Department;
  ownerId: string;
  keyAccount: boolean;
  /** Orders placed: the first order and every reorder. */
  orderCount: number;
  lastOrderAt: string;
  /** Order revenue per currency (integer minor units, exact), ordered by currency; currencies are never added together. */
  revenue: MoneyTotal[];
  lostAt: string | null;
}

/** What the directory filters on. */
export type ClientGrouping = Pick<ClientSummary, 'status' | 'owningDepartment' | 'ownerId'>;

/** The clients sharing a status, owning department and owner. */
export interface ClientGroup extends ClientGrouping {
  count: number;
}

/**
 * The directory as SQL: `clients` holds each client as it stands now (what a
 * live page reads, by index), with the times of its latest loss and owner change
 * and how many there were; `orders` and `changes` are the facts, one row per
 * event. Under historical bounds a client's owner and status come from its row
 * while its latest change lies within them or was its only one, else from its
 * changes within the bounds; its orders always from the facts.
 */
export const CLIENTS_TABLES: readonly TableSpec[] = [
  mergedTable({
    name: 'clients',
    description:
      'Every client won, one row each, as it stands after every event recorded so far (a second ClientWon, which the ledger refuses, would start it afresh).',
    columns: [
      text('client_id', 'The client.'),
      text('lead_id', 'The lead the client was won from.'),
      text('client_key', 'The client id in lower case, as a search compares it.'),
      text('won_by', 'The rep whose ClientWon it was.'),
      text('won_at', 'Business time of the ClientWon, ISO 8601 UTC.'),
      text('won_recorded_at', 'When the ledger stored the ClientWon, ISO 8601 UTC.'),
      integer('won_position', "The ClientWon's global position in the log: facts of the client before it do not count."),
      text('status', '`active`, or `lost` once a ClientLost was recorded.'),
      text(
        'owning_department',
        'The department holding the client: `sales` from the win, then as the latest handoff or escalation left it.',
      ),
      text('owner_id', 'The employee holding the client: the winning rep, then as the latest handoff or escalation left it.'),
      integer('key_account', '1 once the client was escalated to a key account, else 0.'),
      text('last_order_at', 'Business time of the latest order (the first order or a reorder), ISO 8601 UTC: what a live page sorts by.'),
      text('lost_at', 'Business time of the latest ClientLost, ISO 8601 UTC; null while active.'),
      text('lost_recorded_at', 'When the ledger stored the latest ClientLost, ISO 8601 UTC; null while active.'),
      integer('losses', 'ClientLost events applied to the client: 0, or 1 once lost (a second ClientWon does not reset it).'),
      text('owner_changed_at', 'Business time of the latest handoff or escalation since the win, ISO 8601 UTC; null when none.'),
      text(
        'owner_changed_recorded_at',
        'When the ledger stored the latest handoff or escalation since the win, ISO 8601 UTC; null when none.',
      ),
      integer('owner_changes', 'Handoffs and escalations applied to the client (a second ClientWon does not reset it).'),
    ],
    merges: { max: ['last_order_at'], add: ['losses', 'owner_changes'] },
    primaryKey: ['client_id'],
    indexes: [
      // Live pages and counts by filter, in client-id order within each (a status with a department reads the department off the index).
      ['status', 'client_id', 'owning_department'],
      ['owning_department', 'client_id'],
      ['owner_id', 'client_id'],
      // The clients that existed by a bound.
      ['won_at', 'won_recorded_at'],
      ['won_recorded_at'],
      // The clients an employee won, for an owner's clients under bounds.
      ['won_by'],
      // Live pages sorted by the time of the latest order.
      ['last_order_at', 'client_id'],
      // The clients of a lead, for its company.
      ['lead_id'],
    ],
  }),
  {
    name: 'lead_companies',
    description:
      "Every lead contacted, one row each, with the company its latest contact named: a client's company (a lead is contacted only before its win).",
    columns: [
      text('lead_id', 'The lead.'),
      text('company', "The company, as the lead's latest LeadContacted named it."),
      text('company_key', 'The company in lower case, as a search and a sort by company compare it.'),
    ],
    primaryKey: ['lead_id'],
  },
  {
    name: 'orders',
    description: 'Every order of a client, one row per event: the first order (at the ClientWon) and each reorder, never changed.',
    columns: [
      text('client_id', 'The client who ordered.'),
      ...FACT_TIMES,
      text('currency', 'ISO 4217 currency of the order total.'),
      integer('amount', 'The order total, in minor units of its currency.'),
    ],
    // In log order, so a commit appends to the table's last pages; a client's orders are found by the smaller index.
    primaryKey: ['position'],
    indexes: [['client_id', 'position']],
  },
  subjectFacts({
    name: 'changes',
    description: "Every change of a client's owner or status after its win, one row per event, never changed.",
    subject: text('client_id', 'The client changed.'),
    columns: [
      text('kind', '`handoff` (ClientHandedToClientDepartment), `escalation` (KeyAccountEscalated) or `lost` (ClientLost).'),
      text('owning_department', 'The department taking the client; null for a loss.'),
      text('owner_id', 'The employee taking the client; null for a loss.'),
    ],
    // The clients an employee or a department took over: the candidates of a selective filter under bounds.
    indexes: [['owner_id'], ['owning_department']],
  }),
];

export type ClientChangeKind = 'handoff' | 'escalation' | 'lost';

const ownerChanged = (event: ProjectedEvent) => ({
  owner_changed_at: event.occurredAt,
  owner_changed_recorded_at: event.recordedAt,
  owner_changes: 1,
});

/**
 * Facts are written whatever the client's state (a query counts only those after
 * its win); the current row is changed only where the client exists, as the
 * directory ignores events of a client not won yet.
 */
export const CLIENTS_HANDLERS: EventHandlers<RowWriter> = {
  ClientWon: (rows, event) => {
    const { clientId, leadId, repId, firstOrder } = event.data;
    // Every column is written, so a win starts the client afresh; but the counts only grow, and a count above one
    // only sends a historical answer to the facts.
    rows.upsert('clients', {
      client_id: clientId,
      lead_id: leadId,
      client_key: searchKey(clientId),
      won_by: repId,
      won_at: event.occurredAt,
      won_recorded_at: event.recordedAt,
      won_position: event.position,
      status: 'active',
      owning_department: 'sales',
      owner_id: repId,
      key_account: 0,
      last_order_at: event.occurredAt,
      lost_at: null,
      lost_recorded_at: null,
      losses: 0,
      owner_changed_at: null,
      owner_changed_recorded_at: null,
      owner_changes: 0,
    });
    rows.upsert('orders', orderRow(event, clientId, firstOrder.total));
  },
  LeadContacted: (rows, event) => {
    const { leadId, company } = event.data;
    rows.upsert('lead_companies', { lead_id: leadId, company, company_key: searchKey(company) });
  },
  ReorderPlaced: (rows, event) => {
    const { clientId, total } = event.data;
    rows.update('clients', { client_id: clientId, last_order_at: event.occurredAt });
    rows.upsert('orders', orderRow(event, clientId, total));
  },
  ClientHandedToClientDepartment: (rows, event) => {
    const { clientId, toDepartment, toManagerId } = event.data;
    rows.upsert('changes', changeRow(event, clientId, 'handoff', toDepartment, toManagerId));
    rows.update('clients', { client_id: clientId, owning_department: toDepartment, owner_id: toManagerId, ...ownerChanged(event) });
  },
  KeyAccountEscalated: (rows, event) => {
    const { clientId, ownerDepartment, ownerId } = event.data;
    rows.upsert('changes', changeRow(event, clientId, 'escalation', ownerDepartment, ownerId));
    rows.update('clients', {
      client_id: clientId,
      owning_department: ownerDepartment,
      owner_id: ownerId,
      key_account: 1,
      ...ownerChanged(event),
    });
  },
  ClientLost: (rows, event) => {
    const { clientId } = event.data;
    rows.upsert('changes', changeRow(event, clientId, 'lost', null, null));
    rows.update('clients', {
      client_id: clientId,
      status: 'lost',
      lost_at: event.occurredAt,
      lost_recorded_at: event.recordedAt,
      losses: 1,
    });
  },
};

export const applyToClients = applyWith(CLIENTS_HANDLERS);

function orderRow(event: ProjectedEvent, clientId: string, { currency, amount }: Money) {
  return { client_id: clientId, ...factTimesOf(event), currency, amount };
}

function changeRow(event: ProjectedEvent, clientId: string, kind: ClientChangeKind, department: Department | null, ownerId: string | null) {
  return {
    client_id: clientId,
    ...factTimesOf(event),
    kind,
    owning_department: department,
    owner_id: ownerId,
  };
}
