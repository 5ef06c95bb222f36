import type { RecordedEvent } from '@ledger/event-store';
import {
  type ClientView as LedgerClientView,
  EscalateKeyAccountCommand,
  GetClientEventsQuery,
  GetClientQuery,
  HandOffClientCommand,
  ListClientsQuery,
  LoseClientCommand,
  PlaceReorderCommand,
  WinClientCommand,
} from '@ledger/ledger';
import { type ClientsQuery, DEFAULT_CLIENTS_PAGE, encodeClientsCursor } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { Resolver } from '@nestjs/graphql';

import { ClientView } from '../../contract/client';
import { type Connection, connectionOf } from '../../contract/connection';
import { ClientDirectoryView } from '../../contract/directory';
import { ClientEventsView } from '../../contract/events';
import { historicalBounds } from '../../requests/bounds';
import type { WinClientDto } from '../../requests/commands';
import {
  Arguments,
  ClientArgs,
  ClientEventsArgs,
  ClientsArgs,
  EscalateKeyAccountArgs,
  HandOffClientArgs,
  LoseClientArgs,
  PlaceReorderArgs,
  WinClientArgs,
} from '../args';
import { pageOfList } from '../graph/list-pages';
import { readAt } from '../graph/read-at';
import { pageComplexity, pageSizeOf, streamComplexity } from '../limits';
import { orderOf } from '../listing-args';
import { OperationQuery } from '../operation-query';
import { commandMutations } from '../payload/command-mutations';

@Resolver()
export class ClientsResolver {
  constructor(private readonly queries: QueryBus) {}

  @OperationQuery('clients', () => ClientDirectoryView, {
    complexity: pageComplexity(DEFAULT_CLIENTS_PAGE, { fromReadModel: true }),
    description:
      'The client directory, filtered, a page at a time in client id order: a connection of `Client` objects; pass `pageInfo.endCursor` as `after` to read on.',
  })
  async clients(@Arguments() { filter, search, orderBy, after, first, limit, ...at }: ClientsArgs): Promise<ClientDirectoryView> {
    const bounds = historicalBounds(at);
    const query: ClientsQuery = {
      ...filter,
      search,
      orderBy: orderOf(orderBy),
      after,
      limit: pageSizeOf({ first, limit }, DEFAULT_CLIENTS_PAGE),
    };
    const page = await this.queries.execute(new ListClientsQuery(query, bounds));
    const nodes = page.clients.map((client) => readAt(client, bounds));
    return { ...page, ...connectionOf(nodes, (client) => encodeClientsCursor(query, client), page.nextCursor !== null, page.total) };
  }

  @OperationQuery('client', () => ClientView, {
    complexity: streamComplexity,
    description:
      'The client: status, owner, key account, orders and revenue; as of a business time if asked (CLIENT_NOT_FOUND before its win).',
  })
  async client(@Arguments() { clientId, ...at }: ClientArgs): Promise<LedgerClientView> {
    const bounds = historicalBounds(at);
    return readAt(await this.queries.execute(new GetClientQuery(clientId, bounds)), bounds);
  }

  @OperationQuery('clientEvents', () => ClientEventsView, {
    complexity: streamComplexity,
    description: "The client's stream, oldest first, with metadata, a page at a time (`first`, `after`); up to a business time if asked.",
  })
  async clientEvents(
    @Arguments() { clientId, first, after, ...at }: ClientEventsArgs,
  ): Promise<Connection<RecordedEvent> & { events: RecordedEvent[] }> {
    const events = await this.queries.execute(new GetClientEventsQuery(clientId, historicalBounds(at)));
    return { events, ...pageOfList(`RecordedEvent:${clientId}`, events, (event) => event.eventId, { first, after }) };
  }
}

export const ClientMutations = commandMutations([
  {
    operation: 'winClient',
    description: 'A contacted lead becomes a client with its first order (LeadConverted on the lead, ClientWon on the client).',
    args: WinClientArgs,
    command: WinClientCommand,
    target: ({ clientId, leadId }: WinClientDto) => ({ clientId, leadId }),
  },
  {
    operation: 'placeReorder',
    description: 'A reorder, credited to the department and owner holding the client at its business time (ReorderPlaced).',
    args: PlaceReorderArgs,
    command: PlaceReorderCommand,
    on: 'clientId',
  },
  {
    operation: 'handOffClient',
    description: 'The sales department hands the client to a client-department employee (ClientHandedToClientDepartment).',
    args: HandOffClientArgs,
    command: HandOffClientCommand,
    on: 'clientId',
  },
  {
    operation: 'escalateKeyAccount',
    description: 'The client becomes a key account with a named owner (KeyAccountEscalated).',
    args: EscalateKeyAccountArgs,
    command: EscalateKeyAccountCommand,
    on: 'clientId',
  },
  {
    operation: 'loseClient',
    description: 'The client is lost, perhaps to a competitor (ClientLost).',
    args: LoseClientArgs,
    command: LoseClientCommand,
    on: 'clientId',
  },
]);
