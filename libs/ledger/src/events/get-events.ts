import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { EVENT_STORE } from '../application/tokens';

export interface EventPage {
  events: RecordedEvent[];
  /** Pass as `after` to read on; null when the page reached the head. */
  nextAfter: number | null;
  headPosition: number;
}

export class GetEventsQuery extends Query<EventPage> {
  constructor(
    readonly after: number,
    readonly limit: number,
    /** Inclusive; absent: up to the head. */
    readonly upTo?: number,
  ) {
    super();
  }
}

@QueryHandler(GetEventsQuery)
export class GetEventsHandler implements IQueryHandler<GetEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit, upTo }: GetEventsQuery): Promise<EventPage> {
    const [events, headPosition] = await Promise.all([this.store.readAll({ after, limit, upToPosition: upTo }), this.store.headPosition()]);
    const last = events.at(-1)?.position ?? after;
    return { events, nextAfter: last < Math.min(headPosition, upTo ?? headPosition) ? last : null, headPosition };
  }
}
