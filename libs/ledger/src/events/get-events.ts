import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../application/tokens';

export interface EventPage {
  events: RecordedEvent[];
  /** Pass as `after` to read on; null when the page reached the head. */
  nextAfter: number | null;
  headPosition: number;
}

export class GetEventsQuery extends Query<EventPage> {
  constructor(readonly after: number, readonly limit: number) {
    super();
  }
}

@QueryHandler(GetEventsQuery)
export class GetEventsHandler implements IQueryHandler<GetEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit }: GetEventsQuery): Promise<EventPage> {
    const [events, headPosition] = await Promise.all([this.store.readAll({ after, limit }), this.store.headPosition()]);
    const last = events.at(-1)?.position ?? after;
    return { events, nextAfter: last < headPosition ? last : null, headPosition };
  }
}
