import { monthOf, monthsBetween } from '../shared/calendar';
import { skipUnknownEvent, type ProjectedEvent } from '../shared/projection';
import type { ReadModel } from '../shared/read-model';

/** One won client as retention sees it. */
export interface RetentionClient {
  readonly clientId: string;
  /** The calendar month (UTC) of its ClientWon, "2024-03". */
  readonly cohort: string;
  readonly wonAt: string;
  lastOrderAt: string;
  lostAt: string | null;
  /** Order revenue per month offset from the cohort (0 = the cohort month), per currency. */
  revenueByOffset: Record<string, Record<string, number>>;
}

export const retentionDocuments = (model: ReadModel) => ({
  clients: model.collection<RetentionClient>('client'),
});

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
        revenueByOffset: { 0: { [firstOrder.total.currency]: firstOrder.total.amount } },
      });
      return;
    }
    case 'ReorderPlaced': {
      const client = clients.get(event.data.clientId);
      if (!client) return;
      const offset = String(monthsBetween(client.cohort, monthOf(event.occurredAt)));
      const revenue = (client.revenueByOffset[offset] ??= {});
      const { amount, currency } = event.data.total;
      revenue[currency] = (revenue[currency] ?? 0) + amount;
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
