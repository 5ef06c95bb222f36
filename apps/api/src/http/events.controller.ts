import { EventPageView } from '../contract/events';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiSecured } from './openapi';
import { Operation } from '../auth/access.decorators';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetEventsQuery, type EventPage } from '@ledger/ledger';
import { EventsQueryDto } from './dto';

export const DEFAULT_EVENT_PAGE_SIZE = 100;

@Controller('v1/events')
@ApiTags('events')
@ApiSecured()
export class EventsController {
  constructor(private readonly queries: QueryBus) {}

  /** The global log in order, a page at a time; pass nextAfter as `after` to read on. */
  @ApiAnswer(EventPageView)
  @Operation('events')
  @Get()
  list(@Query() { after = 0, limit = DEFAULT_EVENT_PAGE_SIZE }: EventsQueryDto): Promise<EventPage> {
    return this.queries.execute(new GetEventsQuery(after, limit));
  }
}
