import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE, type EventPage, GetEventsQuery } from '@ledger/ledger';
import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Resolver, Subscription } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { type Connection, connectionOf } from '../../contract/connection';
import { EventPageView, RecordedEventView } from '../../contract/events';
import { DEFAULT_EVENT_PAGE_SIZE, eventFilterOf } from '../../requests/queries';
import { Arguments, EventAppendedArgs, EventsArgs } from '../args';
import { followEvents } from '../follow-events';
import { pageComplexity, pageSizeOf } from '../limits';
import { OperationQuery } from '../operation-query';

/** The log itself: read in pages, or followed live. */
@Resolver()
export class EventsResolver {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @OperationQuery('events', () => EventPageView, {
    complexity: pageComplexity(DEFAULT_EVENT_PAGE_SIZE),
    description: 'The global log in order, a page at a time: pass nextAfter (or `pageInfo.endCursor` as a number) as `after` to read on.',
  })
  async events(
    @Arguments() args: EventsArgs,
  ): Promise<EventPage & Omit<Connection<RecordedEvent>, 'totalCount'> & { totalCount: number | null }> {
    const { after = 0, first, limit, upTo } = args;
    const page: EventPage = await this.queries.execute(
      new GetEventsQuery(after, pageSizeOf({ first, limit }, DEFAULT_EVENT_PAGE_SIZE), upTo, eventFilterOf(args)),
    );
    // The head position counts the events only where positions run 1, 2, 3… without gaps.
    const totalCount = this.store.capabilities.densePositions ? page.headPosition : null;
    return { ...page, ...connectionOf(page.events, (event) => String(event.position), page.nextAfter !== null, 0), totalCount };
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
