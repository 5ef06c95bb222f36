import type { Money, MoneyTotal } from '@ledger/domain';

import type { ClientGroup, ClientGrouping, ClientSummary } from '../../../clients/clients.projection';
import { type HandoffEvent, handoffMoveOf } from '../../../handoffs/handoffs.projection';
import type { EventHandlers } from '../../../shared/event-handlers';
import { type Collection, viewOf } from '../../../shared/read-model';

/**
 * The directory's indexes, derived from the documents and never stored: the
 * clients in ascending id order (the documents themselves, so a page reads no
 * map) for cursor paging, and the number of clients per status, department and
 * owner, so a filtered total costs a few hundred additions, not a pass over
 * every client. Built at the first query of a model (a rebuild or a restart
 * never pays for them), then kept up to date by apply: a binary search and an
 * array insert per client won, a move between groups per change of owner or
 * status.
 */
export class ClientIndex {
  private sorted: ClientSummary[] | undefined;
  private groups: Map<string, ClientGroup> | undefined;

  constructor(private readonly clients: Collection<ClientSummary>) {}

  /** Every client, ascending by id. */
  all(): readonly ClientSummary[] {
    if (this.sorted === undefined) {
      // The bare ids in the default order (UTF-16 code units, as `<` compares them): much quicker than sorting documents by a key.
      const ids: string[] = [];
      for (const [clientId] of this.clients.entries()) ids.push(clientId);
      ids.sort();
      this.sorted = ids.map((clientId) => this.clients.get(clientId)!);
    }
    return this.sorted;
  }

  /** The clients counted per status, owning department and owner. */
  counts(): Iterable<ClientGroup> {
    if (this.groups === undefined) {
      this.groups = new Map();
      for (const client of this.clients.values()) this.count(client, 1);
    }
    return this.groups.values();
  }

  /** Records a document ClientWon stored: a new client, or (never in a valid log) one replacing another. */
  won(client: ClientSummary, replaced: ClientSummary | undefined): void {
    if (replaced) this.count(replaced, -1);
    this.count(client, 1);
    if (this.sorted === undefined) return;
    const at = firstAbove(this.sorted, client.clientId);
    if (replaced) this.sorted[at - 1] = client;
    else this.sorted.splice(at, 0, client);
  }

  /** Changes a client's status or owner, moving it between groups. Other changes need no call. */
  regroup(client: ClientSummary, change: () => void): void {
    this.count(client, -1);
    change();
    this.count(client, 1);
  }

  private count(client: ClientGrouping, by: 1 | -1): void {
    if (this.groups === undefined) return;
    const key = `${client.status}\u0000${client.owningDepartment}\u0000${client.ownerId}`;
    const group = this.groups.get(key);
    if (group === undefined) {
      this.groups.set(key, { status: client.status, owningDepartment: client.owningDepartment, ownerId: client.ownerId, count: by });
      return;
    }
    group.count += by;
    if (group.count === 0) this.groups.delete(key);
  }
}

/** The index of the first client whose id is above `clientId` in clients ascending by id (clients.length when none is). */
export function firstAbove(clients: readonly ClientSummary[], clientId: string): number {
  let low = 0;
  let high = clients.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (clients[middle]!.clientId <= clientId) low = middle + 1;
    else high = middle;
  }
  return low;
}

export const clientsDocuments = viewOf((model) => {
  const clients = model.collection<ClientSummary>('client');
  return { clients, index: new ClientIndex(clients), companies: model.collection<string>('lead-company') };
});

/** A handoff or an escalation gives the client its new department and owner; an escalation also makes it a key account. */
function moveOwner({ clients, index }: ReturnType<typeof clientsDocuments>, event: HandoffEvent): void {
  const client = clients.get(event.data.clientId);
  if (!client) return;
  const { kind, to } = handoffMoveOf(event);
  if (kind === 'escalation') client.keyAccount = true;
  index.regroup(client, () => {
    client.owningDepartment = to.department;
    client.ownerId = to.employeeId;
  });
  clients.put(client.clientId, client);
}

/** Every event changes a stored document in place (ClientWon stores a new one), so the index's documents stay the collection's. */
export const CLIENTS_DOCUMENT_HANDLERS: EventHandlers<ReturnType<typeof clientsDocuments>> = {
  LeadContacted: ({ companies }, event) => companies.put(event.data.leadId, event.data.company),
  ClientWon: ({ clients, index, companies }, event) => {
    const { clientId, leadId, repId, firstOrder } = event.data;
    const client: ClientSummary = {
      clientId,
      leadId,
      company: companies.get(leadId) ?? null,
      wonBy: repId,
      wonAt: event.occurredAt,
      status: 'active',
      owningDepartment: 'sales',
      ownerId: repId,
      keyAccount: false,
      orderCount: 1,
      lastOrderAt: event.occurredAt,
      revenue: [{ amount: String(firstOrder.total.amount), currency: firstOrder.total.currency }],
      lostAt: null,
    };
    const replaced = clients.get(clientId);
    clients.put(clientId, client);
    index.won(client, replaced);
  },
  ReorderPlaced: ({ clients }, event) => {
    const client = clients.get(event.data.clientId);
    if (!client) return;
    client.orderCount += 1;
    if (event.occurredAt > client.lastOrderAt) client.lastOrderAt = event.occurredAt;
    addRevenue(client.revenue, event.data.total);
    clients.put(client.clientId, client);
  },
  ClientHandedToClientDepartment: moveOwner,
  KeyAccountEscalated: moveOwner,
  ClientLost: ({ clients, index }, event) => {
    const client = clients.get(event.data.clientId);
    if (!client) return;
    index.regroup(client, () => {
      client.status = 'lost';
    });
    client.lostAt = event.occurredAt;
    clients.put(client.clientId, client);
  },
};

/** Adds to the currency's entry, keeping the entries ordered by currency. */
function addRevenue(revenue: MoneyTotal[], { amount, currency }: Money): void {
  let at = 0;
  while (at < revenue.length && revenue[at]!.currency < currency) at += 1;
  const entry = revenue[at];
  if (entry?.currency === currency) revenue[at] = { amount: (BigInt(entry.amount) + BigInt(amount)).toString(), currency };
  else revenue.splice(at, 0, { amount: String(amount), currency });
}
