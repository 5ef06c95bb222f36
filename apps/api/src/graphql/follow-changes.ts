import type { EventStore, RecordedEvent } from '@ledger/event-store';

import { followEvents } from './follow-events';

/**
 * Followed events turned into what a screen draws: `changeOf` reads the
 * object an event changed and answers it, or undefined when the subscriber
 * did not ask for it. One event is read at a time, in order; ending the
 * subscription ends the following.
 */
export function followChanges<Change>(
  events: AsyncIterableIterator<RecordedEvent>,
  changeOf: (event: RecordedEvent) => Promise<Change | undefined>,
): AsyncIterableIterator<Change> {
  const changes: AsyncIterableIterator<Change> = {
    async next(): Promise<IteratorResult<Change>> {
      for (;;) {
        const next = await events.next();
        if (next.done) return { done: true, value: undefined };
        const change = await changeOf(next.value);
        if (change !== undefined) return { done: false, value: change };
      }
    },
    async return(): Promise<IteratorResult<Change>> {
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return changes;
    },
  };
  return changes;
}

/** One kind of object to follow, and what the subscriber asked of it. */
export interface ObjectWatch<View> {
  /** The stream name of the object with this id (streamIds); every object's shares the prefix of the empty id's. */
  readonly streamOf: (id: string) => string;
  /** These objects only, if given. */
  readonly ids?: readonly string[];
  /** The object as the log up to `position` tells it; undefined before it existed. */
  readonly readAt: (id: string, position: number) => Promise<View | undefined>;
  /** Whether the object as it stands is asked for. */
  readonly matches: (view: View) => boolean;
  /** Whether `matches` reads the object's state (an owner, a stage), so a change can move it out: delivered too. */
  readonly byState: boolean;
}

/**
 * Each change, from the head on, to the objects a watch names, as the object
 * the event left and the event: delivered when the object matches after it,
 * or matched before it (the change moved it out of the filter).
 */
export async function followObjectChanges<View>(
  store: EventStore,
  { streamOf, ids, readAt, matches, byState }: ObjectWatch<View>,
): Promise<AsyncIterableIterator<{ readonly object: View; readonly event: RecordedEvent }>> {
  const prefix = streamOf('');
  const streams = ids && new Set(ids.map(streamOf));
  const events = followEvents(store, await store.headPosition(), ({ streamId }) =>
    streams ? streams.has(streamId) : streamId.startsWith(prefix),
  );
  const matching = (view: View | undefined): view is View => view !== undefined && matches(view);
  return followChanges(events, async (event) => {
    const id = event.streamId.slice(prefix.length);
    const object = await readAt(id, event.position);
    if (object === undefined) return undefined;
    const moved = !matching(object) && byState && matching(await readAt(id, event.position - 1));
    return matching(object) || moved ? { object, event } : undefined;
  });
}
