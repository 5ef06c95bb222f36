import { type ProjectedEvent, skipUnknownEvent } from '../../../shared/projection';
import type { ReadModel } from '../../../shared/read-model';

/** One won client as retention sees it. */
export interface RetentionClient {
  readonly clientId: string;
  readonly wonAt: string;
  lastOrderAt: string;
  lostAt: string | null;
  /** Its orders, the first one included (months and cohorts are a time zone's: the query places them). */
  orders: Array<[occurredAt: string, currency: string, amount: number]>;
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
        wonAt: event.occurredAt,
        lastOrderAt: event.occurredAt,
        lostAt: null,
        orders: [[event.occurredAt, firstOrder.total.currency, firstOrder.total.amount]],
      });
      return;
    }
    case 'ReorderPlaced': {
      const client = clients.get(event.data.clientId);
      if (!client) return;
      client.orders.push([event.occurredAt, event.data.total.currency, event.data.total.amount]);
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
