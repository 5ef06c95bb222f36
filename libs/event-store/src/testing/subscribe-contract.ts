import type { EventStore, NewEvent, RecordedEvent } from '../event-store';
import { collect, contractHelpers, event, waitFor } from './contract-helpers';

/** subscribe, as every store runs it: catching up, then following with no gap and no duplicate (called from eventStoreContract, inside its describe, with its store of the moment). */
export function subscribeContract(current: () => EventStore): void {
  const { streamName, types, expectPositionsAfter } = contractHelpers(current);
  let store: EventStore;
  beforeEach(() => {
    store = current();
  });

  describe('subscribe', () => {
    it('catches up from a position, then follows live appends with no gap and no duplicate', async () => {
      const start = await store.headPosition();
      const stream = streamName('live');
      const other = streamName('other');
      const appendedIds: string[] = [];
      const appendedPositions: number[] = [];
      const appendTo = async (streamId: string, events: NewEvent[]) => {
        const result = await store.append(streamId, events, { expectedRevision: 'any' });
        appendedIds.push(...events.map((e) => e.eventId));
        appendedPositions.push(...result.events.map((e) => e.position));
      };

      // Enough history that catching up takes more than one page for most adapters.
      for (let i = 0; i < 1_200; i += 100) {
        await appendTo(
          stream,
          Array.from({ length: 100 }, (_, j) => event('Old', { n: i + j })),
        );
      }

      const received: RecordedEvent[] = [];
      let failed: unknown;
      const subscription = store.subscribe({ after: appendedPositions[99]! }).subscribe({
        next: (e) => received.push(e),
        error: (error: unknown) => (failed = error),
      });

      // 300 more in small batches to two streams, while the subscriber catches up and follows.
      for (let i = 0; i < 100; i++) {
        await appendTo(stream, [event('New', { i }), event('New', { i })]);
        await appendTo(other, [event('Other', { i })]);
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const expectedIds = appendedIds.slice(100);
      expect(expectedIds).toHaveLength(1_400);

      try {
        await waitFor(
          () => received.length >= expectedIds.length || failed !== undefined,
          () => `received ${received.length} of ${expectedIds.length}`,
        );
        // Give a duplicate or a stray event the time to show up.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        subscription.unsubscribe();
      }

      expect(failed).toBeUndefined();
      expect(received).toHaveLength(expectedIds.length);
      expect(received.map((e) => e.eventId)).toEqual(expectedIds);
      expectPositionsAfter(start, appendedPositions);
      const expectedPositions = appendedPositions.slice(100);
      const outOfPlace = received.filter((e, i) => e.position !== expectedPositions[i]);
      expect(outOfPlace).toEqual([]);
    });

    it('from the head, delivers only what is appended later', async () => {
      const stream = streamName('head');
      await store.append(stream, [event('Before')], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const next = collect(store.subscribe({ after: head }), 2);
      const after1 = await store.append(stream, [event('After1')], { expectedRevision: 0 });
      const after2 = await store.append(stream, [event('After2')], { expectedRevision: 1 });
      const received = await next;
      expectPositionsAfter(head, [after1.position, after2.position]);
      expect(received.map((e) => [e.type, e.position])).toEqual([
        ['After1', after1.position],
        ['After2', after2.position],
      ]);
    });

    it('stops delivering once unsubscribed', async () => {
      const stream = streamName('stop');
      const start = await store.headPosition();
      await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
      const received: RecordedEvent[] = [];
      const subscription = store.subscribe({ after: start }).subscribe((e) => received.push(e));
      try {
        await waitFor(
          () => received.length === 1,
          () => `received ${received.length} of 1`,
        );
      } finally {
        subscription.unsubscribe();
      }
      await store.append(stream, [event('B')], { expectedRevision: 0 });
      // Longer than any adapter's poll interval.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(types(received)).toEqual(['A']);
    });

    it('serves two subscribers the same events, whenever each subscribed', async () => {
      const start = await store.headPosition();
      const stream = streamName('two');
      const early = collect(store.subscribe({ after: start }), 6);
      await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
      await store.append(stream, [event('C'), event('D')], { expectedRevision: 1 });
      const late = collect(store.subscribe({ after: start }), 6);
      await store.append(stream, [event('E'), event('F')], { expectedRevision: 3 });
      const [first, second] = await Promise.all([early, late]);
      expect(types(first)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      expectPositionsAfter(
        start,
        first.map((e) => e.position),
      );
      expect(second).toEqual(first);
    });
  });
}
