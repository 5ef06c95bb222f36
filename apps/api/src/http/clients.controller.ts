import type { RecordedEvent } from '@ledger/event-store';
import {
  type CommandAnswer,
  type CommandContext,
  EscalateKeyAccountCommand,
  GetClientEventsQuery,
  GetClientQuery,
  HandOffClientCommand,
  ListClientsQuery,
  LoseClientCommand,
  PlaceReorderCommand,
  WinClientCommand,
} from '@ledger/ledger';
import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ClientView } from '../contract/client';
import { ClientDirectoryView } from '../contract/directory';
import { ClientEventsView } from '../contract/events';
import { historicalBounds } from '../requests/bounds';
import { EscalateKeyAccountDto, HandOffClientDto, LoseClientDto, PlaceReorderDto, WinClientDto } from '../requests/commands';
import { expandClient } from '../requests/expand';
import { AsOfQueryDto, ClientQueryDto, ListClientsQueryDto, sortOf } from '../requests/queries';
import { RelatedReads } from '../requests/related-reads';
import { CommandCtx } from './command-context.decorator';
import { ApiSecured } from './openapi';
import { CommandRoute, QueryRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';
import { withRevisionTag } from './revision-tag';

@Controller('v1/clients')
@ApiTags('clients')
@ApiSecured()
export class ClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @CommandRoute('winClient')
  win(@Body() body: WinClientDto, @CommandCtx() context: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new WinClientCommand(body, context));
  }

  @CommandRoute('placeReorder', ':clientId/orders')
  placeReorder(
    @Param('clientId', ParseIdPipe) clientId: string,
    @Body() body: PlaceReorderDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new PlaceReorderCommand({ ...body, clientId }, context));
  }

  @CommandRoute('handOffClient', ':clientId/handoff')
  handOff(
    @Param('clientId', ParseIdPipe) clientId: string,
    @Body() body: HandOffClientDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new HandOffClientCommand({ ...body, clientId }, context));
  }

  @CommandRoute('escalateKeyAccount', ':clientId/key-account')
  escalate(
    @Param('clientId', ParseIdPipe) clientId: string,
    @Body() body: EscalateKeyAccountDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new EscalateKeyAccountCommand({ ...body, clientId }, context));
  }

  @CommandRoute('loseClient', ':clientId/loss')
  lose(
    @Param('clientId', ParseIdPipe) clientId: string,
    @Body() body: LoseClientDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new LoseClientCommand({ ...body, clientId }, context));
  }

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
  async get(
    @Param('clientId', ParseIdPipe) clientId: string,
    @Query() query: ClientQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClientView> {
    const bounds = historicalBounds(query);
    const client = await this.queries.execute(new GetClientQuery(clientId, bounds));
    return withRevisionTag(response, await expandClient(client, query.expand, new RelatedReads(this.queries), bounds));
  }

  @QueryRoute('clientEvents', ClientEventsView, ':clientId/events')
  async events(@Param('clientId', ParseIdPipe) clientId: string, @Query() query: AsOfQueryDto): Promise<{ events: RecordedEvent[] }> {
    return { events: await this.queries.execute(new GetClientEventsQuery(clientId, historicalBounds(query))) };
  }
}
