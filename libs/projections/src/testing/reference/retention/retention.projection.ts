import { monthOf, monthsBetween } from '../../../shared/calendar';
import { type ProjectedEvent, skipUnknownEvent } from '../../../shared/projection';
import type { ReadModel } from '../../../shared/read-model';

/** One won client as retention sees it. */
export interface RetentionClient {
  readonly clientId: string;
  /** The calendar month (UTC) of its ClientWon, "2024-03". */
  readonly cohort: string;
  readonly wonAt: string;
  lastOrderAt: string;
  lostAt: string | null;
  /** Month offsets from the cohort (0 = the cohort month) in which it ordered, ascending. */
  orderMonths: number[];
  /** Its order revenue per month offset and currency (arrays keep the document small and quick to store). */
  revenue: Array<[monthOffset: number, currency: string, amount: string]>;
}

const retentionCollections = (model: ReadModel) => ({
  clients: model.collection<RetentionClient>('client'),
});

export const retentionDocuments = (model: ReadModel) => model.view(retentionCollections);

export function applyToRetention(model: ReadModel, event: ProjectedEvent): void {
  const { clients } = retentionDocuments(model);
  switch (event.type) {
    case 'ClientWon': {
      const { clientId, firstOrder } = event.data;
      clients.put(clientId, {
        clientId,
        cohort: monthOf(event.occurredAt),
        wonAt: event.occurredAt,
        lastOrderAt: event.occurredAt,
        lostAt: null,
        orderMonths: [0],
        revenue: [[0, firstOrder.total.currency, String(firstOrder.total.amount)]],
      });
      return;
    }
    case 'ReorderPlaced': {
      const client = clients.get(event.data.clientId);
      if (!client) return;
      const offset = monthsBetween(client.cohort, monthOf(event.occurredAt));
      addOrderMonth(client.orderMonths, offset);
      const { amount, currency } = event.data.total;
      addRevenue(client.revenue, offset, currency, amount);
      if (event.occurredAt > client.lastOrderAt) client.lastOrderAt = event.occurredAt;
      clients.put(client.clientId, client);
      return;
    }
    case 'ClientLost': {
      const client = clients.get(event.data.clientId);
      if (!client) return;
      client.lostAt = event.occurredAt;
      clients.put(client.clientId, client);
      return;
    }
    case 'EmployeeJoined':
    case 'EmployeeLeft':
    case 'CommissionPlanSet':
    case 'LeadContacted':
    case 'LeadLost':
    case 'LeadConverted':
    case 'ClientHandedToClientDepartment':
    case 'KeyAccountEscalated':
      return;
    default:
      skipUnknownEvent(event);
  }
}

function addOrderMonth(months: number[], offset: number): void {
  let at = months.length;
  while (at > 0 && months[at - 1]! > offset) at -= 1;
  if (months[at - 1] !== offset) months.splice(at, 0, offset);
}

function addRevenue(revenue: RetentionClient['revenue'], offset: number, currency: string, amount: number): void {
  // Orders mostly arrive in time order, so the matching entry is at or near the end.
  for (let at = revenue.length - 1; at >= 0; at--) {
    const entry = revenue[at]!;
    if (entry[0] === offset && entry[1] === currency) {
      entry[2] = (BigInt(entry[2]) + BigInt(amount)).toString();
      return;
    }
  }
  revenue.push([offset, currency, String(amount)]);
}
