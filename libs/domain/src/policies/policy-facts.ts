import type { LedgerEvent } from '../events';
import type { Money } from '../shared/money';
import type { Department, Role } from '../shared/organisation';

/**
 * What the policies remember between events, as tables of plain documents.
 * The application keeps them in durable storage with the policy's checkpoint;
 * specifications keep them in maps. Both only get, put and remove.
 */
export interface FactTable<Doc> {
  get(id: string): Doc | undefined;
  put(id: string, doc: Doc): void;
  remove(id: string): void;
  values(): Iterable<Doc>;
}

export interface PolicyFacts {
  readonly clients: FactTable<ClientFacts>;
  readonly employees: FactTable<EmployeeFacts>;
}

/** An event a policy may name as the cause of what it does. */
export interface EventReference {
  readonly eventId: string;
  readonly correlationId: string;
}

/** An event from the log as policies read it: the domain event and the ids they cite. */
export interface PolicyInput extends EventReference {
  readonly event: LedgerEvent;
}

/** An order within the trailing window: only what summing the window needs (records keep the causes). */
export interface RecentOrder {
  readonly occurredAt: string;
  readonly total: Money;
}

export interface ClientFacts {
  readonly clientId: string;
  readonly active: boolean;
  readonly owningDepartment: Department;
  readonly ownerId: string;
  readonly keyAccount: boolean;
  /** Business time of the win. */
  readonly wonAt: string;
  readonly won: EventReference;
  /** The reorders placed while the sales department owned the client, in order, with their business time. */
  readonly salesReorders: ReadonlyArray<EventReference & { readonly occurredAt: string }>;
  /** Orders of the last 12 months before the latest one (business time), the latest included; none kept once a key account. */
  readonly recentOrders: readonly RecentOrder[];
  /**
   * Per currency, each order at which the trailing-12-month revenue rose above every
   * earlier order's: the first order to reach any threshold is always one of these.
   */
  readonly revenueRecords: Readonly<Record<string, readonly TrailingRevenue[]>>;
  /** Business time of the client's latest event: what a policy decides at cannot precede it. */
  readonly latestOccurredAt: string;
}

/** The client's revenue over the 12 months up to an order, in that order's currency, and the order. */
export interface TrailingRevenue {
  readonly revenue: number;
  /** The order's business time. */
  readonly occurredAt: string;
  readonly cause: EventReference;
}

export interface EmployeeFacts {
  readonly employeeId: string;
  readonly department: Department;
  readonly role: Role;
  readonly active: boolean;
  /** Active clients this employee owns (handed to them, escalated to them, won by them). */
  readonly clientsOwned: number;
  /** Of those, the key accounts. */
  readonly keyAccountsOwned: number;
}

/** Months of orders the key-account rule looks back over. */
export const TRAILING_MONTHS = 12;

/**
 * Folds one event into the facts. Pure bookkeeping, the same for every policy:
 * who owns which client, how many reorders the sales department took, the
 * orders of the trailing year, and who works where.
 */
export function applyToPolicyFacts(facts: PolicyFacts, input: PolicyInput): void {
  const { event } = input;
  const cause: EventReference = { eventId: input.eventId, correlationId: input.correlationId };
  switch (event.type) {
    case 'EmployeeJoined': {
      const { employeeId, department, role } = event.data;
      const previous = facts.employees.get(employeeId);
      facts.employees.put(employeeId, {
        employeeId,
        department,
        role,
        active: true,
        clientsOwned: previous?.clientsOwned ?? 0,
        keyAccountsOwned: previous?.keyAccountsOwned ?? 0,
      });
      return;
    }
    case 'EmployeeLeft': {
      const employee = facts.employees.get(event.data.employeeId);
      if (employee) facts.employees.put(employee.employeeId, { ...employee, active: false });
      return;
    }
    case 'ClientWon': {
      const { clientId, repId, firstOrder } = event.data;
      const order: RecentOrder = { occurredAt: event.occurredAt, total: firstOrder.total };
      facts.clients.put(clientId, {
        clientId,
        active: true,
        owningDepartment: 'sales',
        ownerId: repId,
        keyAccount: false,
        wonAt: event.occurredAt,
        won: cause,
        salesReorders: [],
        recentOrders: [order],
        revenueRecords: { [firstOrder.total.currency]: [{ revenue: firstOrder.total.amount, occurredAt: event.occurredAt, cause }] },
        latestOccurredAt: event.occurredAt,
      });
      countOwnership(facts, repId, +1, false);
      return;
    }
    case 'ReorderPlaced': {
      const client = facts.clients.get(event.data.clientId);
      if (!client) return;
      const order: RecentOrder = { occurredAt: event.occurredAt, total: event.data.total };
      // A key account never escalates again: its orders need no keeping.
      const recentOrders = client.keyAccount ? [] : [...withinTrailingYear(client.recentOrders, event.occurredAt), order];
      facts.clients.put(client.clientId, {
        ...client,
        salesReorders:
          client.owningDepartment === 'sales'
            ? [...client.salesReorders, { ...cause, occurredAt: event.occurredAt }]
            : client.salesReorders,
        recentOrders,
        revenueRecords: client.keyAccount ? client.revenueRecords : withRevenueRecord(client.revenueRecords, recentOrders, order, cause),
        latestOccurredAt: event.occurredAt,
      });
      return;
    }
    case 'ClientHandedToClientDepartment': {
      const client = facts.clients.get(event.data.clientId);
      if (!client) return;
      moveOwnership(facts, client, event.data.toManagerId, client.keyAccount);
      facts.clients.put(client.clientId, {
        ...client,
        owningDepartment: 'client',
        ownerId: event.data.toManagerId,
        salesReorders: [],
        latestOccurredAt: event.occurredAt,
      });
      return;
    }
    case 'KeyAccountEscalated': {
      const client = facts.clients.get(event.data.clientId);
      if (!client) return;
      moveOwnership(facts, client, event.data.ownerId, true);
      facts.clients.put(client.clientId, {
        ...client,
        owningDepartment: event.data.ownerDepartment,
        ownerId: event.data.ownerId,
        keyAccount: true,
        salesReorders: [],
        recentOrders: [],
        revenueRecords: {},
        latestOccurredAt: event.occurredAt,
      });
      return;
    }
    case 'ClientLost': {
      const client = facts.clients.get(event.data.clientId);
      if (!client || !client.active) return;
      countOwnership(facts, client.ownerId, -1, client.keyAccount);
      facts.clients.put(client.clientId, {
        ...client,
        active: false,
        salesReorders: [],
        recentOrders: [],
        revenueRecords: {},
        latestOccurredAt: event.occurredAt,
      });
      return;
    }
    default:
      // Leads, commission plans: nothing a policy needs.
      return;
  }
}

/** The event types applyToPolicyFacts reads; no others need reading for a policy. */
export const POLICY_FACT_EVENT_TYPES = [
  'EmployeeJoined',
  'EmployeeLeft',
  'ClientWon',
  'ReorderPlaced',
  'ClientHandedToClientDepartment',
  'KeyAccountEscalated',
  'ClientLost',
] as const satisfies ReadonlyArray<LedgerEvent['type']>;

/** Orders placed within TRAILING_MONTHS before `at` (exclusive of the boundary itself), oldest first. */
export function withinTrailingYear(orders: readonly RecentOrder[], at: string): RecentOrder[] {
  const from = trailingWindowStart(at);
  return orders.filter((order) => order.occurredAt > from);
}

/**
 * The instant TRAILING_MONTHS calendar months before `at`, in UTC. A day the
 * earlier month lacks becomes its last day: 12 months before 29 February 2024
 * is 28 February 2023, not 1 March.
 */
export function trailingWindowStart(at: string): string {
  const start = new Date(at);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() - TRAILING_MONTHS;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  start.setUTCFullYear(year, month, Math.min(start.getUTCDate(), lastDay));
  return start.toISOString();
}

/** Adds the order to its currency's records when the trailing revenue up to it beats every earlier order's. */
function withRevenueRecord(
  records: Readonly<Record<string, readonly TrailingRevenue[]>>,
  recentOrders: readonly RecentOrder[],
  order: RecentOrder,
  cause: EventReference,
): Readonly<Record<string, readonly TrailingRevenue[]>> {
  const { currency } = order.total;
  let revenue = 0;
  for (const recent of recentOrders) if (recent.total.currency === currency) revenue += recent.total.amount;
  const previous = records[currency] ?? [];
  if (revenue <= (previous.at(-1)?.revenue ?? 0)) return records;
  return { ...records, [currency]: [...previous, { revenue, occurredAt: order.occurredAt, cause }] };
}

function moveOwnership(facts: PolicyFacts, client: ClientFacts, toOwnerId: string, nowKeyAccount: boolean): void {
  if (!client.active) return;
  countOwnership(facts, client.ownerId, -1, client.keyAccount);
  countOwnership(facts, toOwnerId, +1, nowKeyAccount);
}

function countOwnership(facts: PolicyFacts, employeeId: string, change: 1 | -1, keyAccount: boolean): void {
  const employee = facts.employees.get(employeeId);
  if (!employee) return;
  facts.employees.put(employeeId, {
    ...employee,
    clientsOwned: Math.max(0, employee.clientsOwned + change),
    keyAccountsOwned: Math.max(0, employee.keyAccountsOwned + (keyAccount ? change : 0)),
  });
}

/** A policy's rule as it is recorded on the events it causes. */
export interface AppliedRule {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
}

/** What a policy asks for now: a command to issue, or a reason it cannot yet. */
export type PolicyDecision =
  | {
      readonly kind: 'hand-off';
      readonly clientId: string;
      readonly toManagerId: string;
      readonly reason: string;
      readonly rule: AppliedRule;
      readonly cause: EventReference;
      readonly occurredAt: string;
    }
  | {
      readonly kind: 'escalate';
      readonly clientId: string;
      readonly ownerId: string;
      readonly reason: string;
      readonly rule: AppliedRule;
      readonly cause: EventReference;
      readonly occurredAt: string;
    }
  | {
      readonly kind: 'waiting';
      readonly clientId: string;
      /** Why nothing can be done yet, e.g. "the client department has no manager". */
      readonly reason: string;
      readonly rule: AppliedRule;
      readonly cause: EventReference;
    };

/** The later of two ISO instants: a policy acts now, but never before the client's latest event. */
export const notBefore = (now: string, latest: string): string => (now >= latest ? now : latest);

/**
 * The candidate owning the fewest active clients (by `load`), ties broken by the
 * smallest employee id; undefined when there is no candidate. `assigned` counts
 * what this same round already gave each one, so a backlog is spread evenly.
 */
export function leastLoaded(
  candidates: readonly EmployeeFacts[],
  load: (employee: EmployeeFacts) => number,
  assigned: Map<string, number>,
): EmployeeFacts | undefined {
  let best: EmployeeFacts | undefined;
  let bestLoad = Infinity;
  for (const candidate of candidates) {
    const candidateLoad = load(candidate) + (assigned.get(candidate.employeeId) ?? 0);
    if (candidateLoad < bestLoad || (candidateLoad === bestLoad && best !== undefined && candidate.employeeId < best.employeeId)) {
      best = candidate;
      bestLoad = candidateLoad;
    }
  }
  if (best) assigned.set(best.employeeId, (assigned.get(best.employeeId) ?? 0) + 1);
  return best;
}
