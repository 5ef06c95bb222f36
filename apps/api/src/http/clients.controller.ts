import type { RecordedEvent } from '@ledger/event-store';
import { GetClientEventsQuery, GetClientQuery, ListClientsQuery } from '@ledger/ledger';
import { Injectable, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';

import { ClientView } from '../contract/client';
import { ClientDirectoryView } from '../contract/directory';
import { ClientEventsView } from '../contract/events';
import { historicalBounds } from '../requests/bounds';
import { CLIENT_COMMANDS } from '../requests/command-catalogue';
import { expandClient } from '../requests/expand';
import { AsOfQueryDto, ClientQueryDto, ListClientsQueryDto, sortOf } from '../requests/queries';
import { RelatedReads } from '../requests/related-reads';
import { withCommandRoutes } from './command-routes';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';

/** The client routes that read; the command routes come first (see ClientsController). */
@Injectable()
class ClientReads {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** The client directory, a page at a time (in client id order unless sorted otherwise); pass nextCursor as `after` to read on. */
  @QueryRoute('clients', ClientDirectoryView)
  async list(@Query() query: ListClientsQueryDto): Promise<ClientDirectoryView> {
    const { status, owningDepartment, ownerId, search, sort, after, limit, expand } = query;
    const bounds = historicalBounds(query);
    const page = await this.queries.execute(
      new ListClientsQuery({ status, owningDepartment, ownerId, search, orderBy: sortOf(sort), after, limit }, bounds),
    );
    if (!expand?.length) return page;
    const related = new RelatedReads(this.queries);
    return { ...page, clients: await Promise.all(page.clients.map((client) => expandClient(client, expand, related, bounds))) };
  }

  @QueryRoute('client', ClientView, ':clientId', { revisionTag: true })
  async get(@Param('clientId', ParseIdPipe) clientId: string, @Query() query: ClientQueryDto): Promise<ClientView> {
    const bounds = historicalBounds(query);
    const client = await this.queries.execute(new GetClientQuery(clientId, bounds));
    return expandClient(client, query.expand, new RelatedReads(this.queries), bounds);
  }

  @QueryRoute('clientEvents', ClientEventsView, ':clientId/events')
  async events(@Param('clientId', ParseIdPipe) clientId: string, @Query() query: AsOfQueryDto): Promise<{ events: RecordedEvent[] }> {
    return { events: await this.queries.execute(new GetClientEventsQuery(clientId, historicalBounds(query))) };
  }
}

@SecuredController('v1/clients', 'clients')
export class ClientsController extends withCommandRoutes(ClientReads, CLIENT_COMMANDS) {}
