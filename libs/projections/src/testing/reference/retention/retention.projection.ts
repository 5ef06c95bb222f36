import type { EventHandlers } from '../../../shared/event-handlers';
import { viewOf } from '../../../shared/read-model';

/** One won client as retention sees it. */
export interface RetentionClient {
  readonly clientId: string;
  readonly wonAt: string;
  lastOrderAt: string;
  lostAt: string | null;
  /** Its orders, the first one included (months and cohorts are a time zone's: the query places them). */
  orders: Array<[occurredAt: string, currency: string, amount: number]>;
}

export const retentionDocuments = viewOf((model) => ({
  clients: model.collection<RetentionClient>('client'),
}));

export const RETENTION_DOCUMENT_HANDLERS: EventHandlers<ReturnType<typeof retentionDocuments>> = {
  ClientWon: ({ clients }, event) => {
    const { clientId, firstOrder } = event.data;
    clients.put(clientId, {
      clientId,
      wonAt: event.occurredAt,
      lastOrderAt: event.occurredAt,
      lostAt: null,
      orders: [[event.occurredAt, firstOrder.total.currency, firstOrder.total.amount]],
    });
  },
  ReorderPlaced: ({ clients }, event) => {
    const client = clients.get(event.data.clientId);
    if (!client) return;
    client.orders.push([event.occurredAt, event.data.total.currency, event.data.total.amount]);
    if (event.occurredAt > client.lastOrderAt) client.lastOrderAt = event.occurredAt;
    clients.put(client.clientId, client);
  },
  ClientLost: ({ clients }, event) => {
    const client = clients.get(event.data.clientId);
    if (!client) return;
    client.lostAt = event.occurredAt;
    clients.put(client.clientId, client);
  },
};
