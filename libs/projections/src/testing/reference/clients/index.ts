import type { ClientsAnswer, ClientsQuery } from '../../../clients/clients.query';
import type { DocumentProjection } from '../../../shared/projection';
import { applyToClients } from './clients.projection';
import { queryClients } from './clients.query';

export * from '../../../clients/clients.cursor';
export * from './clients.projection';
export * from './clients.query';

/** The client directory: each client's status, owner, key-account flag, orders and revenue, paged by client id. */
export const clientsProjection: DocumentProjection<ClientsQuery, ClientsAnswer> = {
  name: 'clients',
  version: 1,
  eventTypes: ['LeadContacted', 'ClientWon', 'ReorderPlaced', 'ClientHandedToClientDepartment', 'KeyAccountEscalated', 'ClientLost'],
  apply: applyToClients,
  query: queryClients,
};
