import type { RecordedEvent } from '@ledger/event-store';
import { type ClientView as LedgerClientView, GetClientEventsQuery, GetClientQuery, ListClientsQuery } from '@ledger/ledger';
import { type ClientsQuery, DEFAULT_CLIENTS_PAGE, encodeClientsCursor } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { Resolver } from '@nestjs/graphql';

import { ClientView } from '../../contract/client';
import { type Connection, connectionOf } from '../../contract/connection';
import { ClientDirectoryView } from '../../contract/directory';
import { ClientEventsView } from '../../contract/events';
import { historicalBounds } from '../../requests/bounds';
import { CLIENT_COMMANDS } from '../../requests/command-catalogue';
import { Arguments, ClientArgs, ClientEventsArgs, ClientsArgs } from '../args';
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

export const ClientMutations = commandMutations(CLIENT_COMMANDS);
