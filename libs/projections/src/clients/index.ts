import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToClients, CLIENTS_HANDLERS, CLIENTS_TABLES } from './clients.projection';
import { type ClientsAnswer, type ClientsQuery, queryClients } from './clients.query';

export * from './clients.cursor';
export * from './clients.listing';
export * from './clients.projection';
export * from './clients.query';

/** The client directory: each client's status, owner, key-account flag, orders and revenue, paged by client id. */
export const clientsProjection: TableProjection<ClientsQuery, ClientsAnswer> = {
  kind: 'tables',
  name: 'clients',
  version: 3,
  eventTypes: handledEventTypes(CLIENTS_HANDLERS),
  tables: CLIENTS_TABLES,
  apply: applyToClients,
  query: queryClients,
};
