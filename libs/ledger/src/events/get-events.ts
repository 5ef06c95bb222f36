import { parseZonedTime } from '@ledger/domain';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { EVENT_STORE } from '../application/tokens';

export interface EventPage {
  events: RecordedEvent[];
  /** Pass as `after` to read on; null when the page reached the head. */
  nextAfter: number | null;
  headPosition: number;
}

/**
 * Which events of the log a page holds; every given filter must match. Times are ISO 8601
 * with a zone (checked by the API), each bound inclusive.
 */
export interface EventFilter {
  readonly streamId?: string;
  /** Any of these types. */
  readonly types?: readonly string[];
  readonly recordedFrom?: string;
  readonly recordedTo?: string;
  readonly occurredFrom?: string;
  readonly occurredTo?: string;
}

export class GetEventsQuery extends Query<EventPage> {
  constructor(
    readonly after: number,
    readonly limit: number,
    /** Inclusive; absent: up to the head. */
    readonly upTo?: number,
    readonly filter: EventFilter = {},
  ) {
    super();
  }
}

@QueryHandler(GetEventsQuery)
export class GetEventsHandler implements IQueryHandler<GetEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit, upTo, filter }: GetEventsQuery): Promise<EventPage> {
    const options = { after, limit, upToPosition: upTo, ...storeFilterOf(filter) };
    const [events, headPosition] = await Promise.all([this.store.readAll(options), this.store.headPosition()]);
    const last = events.at(-1)?.position ?? after;
    // A filtered page shorter than `limit` found every match there was: reading on would answer nothing more.
    const exhausted = isFiltered(filter) && events.length < limit;
    return { events, nextAfter: !exhausted && last < Math.min(headPosition, upTo ?? headPosition) ? last : null, headPosition };
  }
}

/** Whether any filter is given: a filtered read's pages and exports are not consecutive stretches of the log. */
export function isFiltered(filter: EventFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

/** The filter as the stores read it: times as UTC text (toISOString), which is how events keep theirs, so text order is time order. */
export function storeFilterOf({ streamId, types, recordedFrom, recordedTo, occurredFrom, occurredTo }: EventFilter): ReadAllOptions {
  const utc = (time: string | undefined) => (time === undefined ? undefined : new Date(parseZonedTime(time)).toISOString());
  return {
    streamId,
    types,
    recordedFrom: utc(recordedFrom),
    recordedUpTo: utc(recordedTo),
    occurredFrom: utc(occurredFrom),
    occurredUpTo: utc(occurredTo),
  };
}
