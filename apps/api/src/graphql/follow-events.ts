import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { Subscription } from 'rxjs';

/** Events held for a subscriber that reads slower than the log grows; past this the store is let go until it catches up. */
export const HIGH_WATER_MARK = 1_000;

/**
 * The store's subscription (catch up from a position, then follow appends) as
 * the async iterator a GraphQL subscription returns, keeping only the events
 * `accept` lets through.
 *
 * The store pushes; a websocket client pulls. So that a slow client cannot
 * make the server hold an unbounded queue, the follower lets go of the store
 * when HIGH_WATER_MARK events wait, and subscribes again from the last event
 * it queued once the client has taken half of them: the store catches up
 * from any position, so nothing is skipped or repeated, and order holds.
 */
export function followEvents(
  store: EventStore,
  after: number,
  accept: (event: RecordedEvent) => boolean,
): AsyncIterableIterator<RecordedEvent> {
  const queue: RecordedEvent[] = [];
  let position = after;
  let subscription: Subscription | undefined;
  let paused = false;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;

  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const stop = () => {
    subscription?.unsubscribe();
    subscription = undefined;
  };
  const start = () => {
    paused = false;
    subscription = store.subscribe({ after: position }).subscribe({
      next: (event) => {
        // Events the store delivers between the pause and the unsubscribe are read again on resuming.
        if (paused) return;
        position = event.position;
        if (!accept(event)) return;
        queue.push(event);
        notify();
        if (queue.length >= HIGH_WATER_MARK) {
          paused = true;
          stop();
        }
      },
      error: (error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
        finished = true;
        notify();
      },
      complete: () => {
        finished = true;
        notify();
      },
    });
    // The store may deliver its first page while subscribe() runs, before `subscription` was assigned.
    if (paused) stop();
  };

  const iterator: AsyncIterableIterator<RecordedEvent> = {
    async next(): Promise<IteratorResult<RecordedEvent>> {
      while (queue.length === 0) {
        if (failure !== undefined) throw failure;
        if (finished) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const event = queue.shift()!;
      if (paused && !finished && queue.length <= HIGH_WATER_MARK / 2) start();
      return { done: false, value: event };
    },
    async return(): Promise<IteratorResult<RecordedEvent>> {
      finished = true;
      queue.length = 0;
      stop();
      notify();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  start();
  return iterator;
}
