import { documentProjectionOf } from '../../../shared/event-handlers';
import { CLIENTS_DOCUMENT_HANDLERS, clientsDocuments } from './clients.projection';
import { queryClients } from './clients.query';

export * from '../../../clients/clients.cursor';
export * from './clients.projection';
export * from './clients.query';

/** The client directory: each client's status, owner, key-account flag, orders and revenue, paged by client id. */
export const clientsProjection = documentProjectionOf({
  name: 'clients',
  version: 1,
  handlers: CLIENTS_DOCUMENT_HANDLERS,
  view: clientsDocuments,
  query: queryClients,
});
