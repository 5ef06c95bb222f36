import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE, type EventPage, GetEventsQuery } from '@ledger/ledger';
import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver, Subscription } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { EventPageView, RecordedEventView } from '../../contract/events';
import { DEFAULT_EVENT_PAGE_SIZE, EventsQueryDto } from '../../requests/queries';
import { Arguments, EventAppendedArgs } from '../args';
import { followEvents } from '../follow-events';
import { pageComplexity } from '../limits';

/** The log itself: read in pages, or followed live. */
@Resolver()
export class EventsResolver {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Operation('events')
  @Query(() => EventPageView, {
    nullable: true,
    complexity: pageComplexity(DEFAULT_EVENT_PAGE_SIZE),
    description: 'The global log in order, a page at a time; pass nextAfter as `after` to read on.',
  })
  events(@Arguments() { after = 0, limit = DEFAULT_EVENT_PAGE_SIZE, upTo }: EventsQueryDto): Promise<EventPage> {
    return this.queries.execute(new GetEventsQuery(after, limit, upTo));
  }

  /**
   * Events as they are appended, filtered here on the server by type and
   * stream. Without `after` it starts at the head when it subscribes and
   * replays nothing; with `after` it first reads the log after that position
   * (a client resuming after a disconnect passes the last position it saw),
   * then follows, in order, each event once.
   */
  @Operation('eventAppended')
  @Subscription(() => RecordedEventView, {
    nullable: true,
    resolve: (event: RecordedEvent) => event,
    description: 'Events as they are appended, filtered by type and stream; from now on, or replayed from `after` first.',
  })
  async eventAppended(@Arguments() { types, streamId, after }: EventAppendedArgs): Promise<AsyncIterableIterator<RecordedEvent>> {
    const from = after ?? (await this.store.headPosition());
    const wanted = types && new Set(types);
    const matches = (event: RecordedEvent) =>
      (!wanted || wanted.has(event.type)) && (streamId === undefined || event.streamId === streamId);
    return followEvents(this.store, from, matches);
  }
}
