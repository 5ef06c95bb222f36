import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { Observable } from 'rxjs';

import { followEvents, HIGH_WATER_MARK } from './follow-events';

/** A log in memory whose subscribe() catches up from a position and then follows appends, as the port promises. */
class LogInMemory {
  readonly events: RecordedEvent[] = [];
  private readonly followers = new Set<() => void>();
  subscriptions = 0;
  active = 0;

  append(count: number, type = 'ReorderPlaced'): void {
    for (let index = 0; index < count; index += 1) {
      const position = this.events.length + 1;
      this.events.push({ position, type, streamId: `client-${position % 3}` } as RecordedEvent);
    }
    this.followers.forEach((wake) => wake());
  }

  get store(): EventStore {
    return {
      subscribe: ({ after = 0 } = {}) =>
        new Observable<RecordedEvent>((subscriber) => {
          this.subscriptions += 1;
          this.active += 1;
          let position = after;
          const deliver = () => {
            // Synchronous delivery, as the SQLite adapter's first page is.
            while (!subscriber.closed && position < this.events.length) subscriber.next(this.events[position++]);
          };
          this.followers.add(deliver);
          deliver();
          return () => {
            this.active -= 1;
            this.followers.delete(deliver);
          };
        }),
    } as EventStore;
  }
}

async function read(iterator: AsyncIterator<RecordedEvent>, count: number): Promise<number[]> {
  const positions: number[] = [];
  for (let index = 0; index < count; index += 1) positions.push((await iterator.next()).value.position);
  return positions;
}

describe('following the log for a subscription', () => {
  it('delivers the accepted events after the position, then live appends, in order', async () => {
    const log = new LogInMemory();
    log.append(5);
    const iterator = followEvents(log.store, 2, (event) => event.streamId === 'client-1');
    expect(await read(iterator, 1)).toEqual([4]);
    log.append(5);
    expect(await read(iterator, 2)).toEqual([7, 10]);
    await iterator.return!();
    expect(log.active).toBe(0);
  });

  it('lets go of the store while a slow reader lags, and picks up again where it stopped: nothing skipped or repeated', async () => {
    const log = new LogInMemory();
    log.append(HIGH_WATER_MARK * 3);
    const iterator = followEvents(log.store, 0, () => true);
    // Nothing read yet: the follower holds one high-water mark's worth and no subscription.
    expect(log.active).toBe(0);
    const positions = await read(iterator, HIGH_WATER_MARK * 3);
    expect(positions).toEqual(Array.from({ length: HIGH_WATER_MARK * 3 }, (_, index) => index + 1));
    expect(log.subscriptions).toBeGreaterThan(3);
    log.append(1);
    expect(await read(iterator, 1)).toEqual([HIGH_WATER_MARK * 3 + 1]);
    await iterator.return!();
    expect(log.active).toBe(0);
  });

  it('ends when the store completes, and answers done from then on', async () => {
    const store = { subscribe: () => new Observable<RecordedEvent>((subscriber) => subscriber.complete()) } as unknown as EventStore;
    const iterator = followEvents(store, 0, () => true);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
