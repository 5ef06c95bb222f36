import type { RecordedEvent } from '@ledger/event-store';

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
