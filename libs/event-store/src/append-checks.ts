import { type AppendResult, DuplicateEventIdError, type NewEvent } from './event-store';

/** Where an event id is stored already: its stream, revision and position. */
export interface StoredEventPlace {
  readonly stream_id: string;
  readonly revision: number;
  readonly position: number | string;
}

/** The first event id a batch carries twice, if any (such a batch is refused whole). */
export function firstRepeatedId(events: readonly NewEvent[]): string | undefined {
  const seen = new Set<string>();
  for (const { eventId } of events) {
    if (seen.has(eventId)) return eventId;
    seen.add(eventId);
  }
  return undefined;
}

/**
 * Idempotency by event id, the same for every SQL adapter: the batch's ids, each
 * with where it is stored (undefined: nowhere). None stored: a new append. All
 * stored in this stream, in this order, at consecutive revisions: the first
 * append's result. Anything else reuses an id for other content: refused.
 */
export function earlierAppendOf(
  streamId: string,
  ids: readonly string[],
  stored: ReadonlyArray<StoredEventPlace | undefined>,
): AppendResult | undefined {
  if (stored.every((place) => place === undefined)) return undefined;
  const consistent = stored.every(
    (place, index) => place !== undefined && place.stream_id === streamId && place.revision === stored[0]!.revision + index,
  );
  if (!consistent) throw new DuplicateEventIdError(ids[stored.findIndex((place) => place !== undefined)]!);
  const appended = stored.map((place, index) => ({ eventId: ids[index]!, revision: place!.revision, position: Number(place!.position) }));
  const last = appended.at(-1)!;
  return { revision: last.revision, position: last.position, events: appended };
}
