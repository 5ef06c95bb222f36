import { randomUUID } from 'node:crypto';

import { firstValueFrom, type Observable, take, timeout, toArray } from 'rxjs';

import type { EventStore, NewEvent, RecordedEvent } from '../event-store';

/** What the contract's suites share: names, checks over the store of the moment, test events. */
export function contractHelpers(current: () => EventStore) {
  const streamName = (label: string) => `${label}-${randomUUID()}`;
  const types = (events: RecordedEvent[]) => events.map((e) => e.type);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail, but it succeeded');
      },
      (error: unknown) => error,
    );

  /**
   * Positions handed out, in append order, after a head taken at `start`:
   * exactly start + 1, start + 2… where the store promises dense positions,
   * else each above the one before and the first above `start`.
   */
  const expectPositionsAfter = (start: number, positions: readonly number[]) => {
    const dense = current().capabilities.densePositions;
    // Only the positions out of place, so a failure over thousands of events stays readable.
    const outOfPlace = positions.flatMap((position, index) => {
      const previous = index === 0 ? start : positions[index - 1]!;
      const inPlace = dense ? position === start + 1 + index : position > previous;
      return inPlace ? [] : [{ index, position, ...(dense ? { expected: start + 1 + index } : { notAbove: previous }) }];
    });
    expect(outOfPlace).toEqual([]);
  };

  /** verifyChain intact up to the head, or, where no hash chain is kept, refused: never a claim it cannot back. */
  const expectChainIntactToHead = async () => {
    if (!current().capabilities.hashChain) {
      await expect(current().verifyChain()).rejects.toBeInstanceOf(Error);
      return;
    }
    const head = await current().headPosition();
    // Only dense positions make the head a count of events.
    const events = current().capabilities.densePositions ? head : expect.any(Number);
    expect(await current().verifyChain()).toEqual({ intact: true, verifiedUpTo: head, events });
  };
  return { streamName, types, failure, expectPositionsAfter, expectChainIntactToHead };
}

export function event(
  type: string,
  data: unknown = { at: type },
  metadata?: NewEvent['metadata'],
  overrides: Partial<Pick<NewEvent, 'schemaVersion' | 'occurredAt'>> = {},
): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: overrides.schemaVersion ?? 1,
    occurredAt: overrides.occurredAt ?? '2024-03-01T10:00:00.000Z',
    data,
    metadata: metadata ?? { actor: { type: 'user', id: 'tester', role: null }, correlationId: 'c', causationId: 'c' },
  };
}

/** A test event of business time `occurredAt`, its type and data naming it: what the time-range reads are tested with. */
export const eventAt = (label: string, occurredAt: string): NewEvent => event(label, { label }, undefined, { occurredAt });

/** A test event whose data names its type, as the adapters' own suites write them. */
export const newEvent = (type: string, data: unknown = { type }): NewEvent => event(type, data);

/** The first `count` events; fails (and unsubscribes) rather than hang when they do not come. */
export function collect(events: Observable<RecordedEvent>, count: number, timeoutMs = 10_000): Promise<RecordedEvent[]> {
  return firstValueFrom(events.pipe(take(count), toArray(), timeout(timeoutMs)));
}

export async function waitFor(condition: () => boolean, progress: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${progress()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
