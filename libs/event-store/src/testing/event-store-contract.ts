import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, toArray } from 'rxjs';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store';

/**
 * The behaviour every EventStore adapter promises. Each adapter's test file
 * calls this with a factory; the suite is the same for SQLite, PostgreSQL and
 * EventStoreDB, so they stay interchangeable.
 */
export function eventStoreContract(name: string, createStore: () => Promise<EventStore>, dispose?: (store: EventStore) => Promise<void>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      if (dispose) await dispose(store);
      else await store.close();
    });

    // Adapters that share a server between tests get unique stream names.
    const streamName = (label: string) => `${label}-${randomUUID()}`;

    describe('append', () => {
      it('starts a stream at revision 0 and continues it with the expected revision', async () => {
        const stream = streamName('client');
        const first = await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
        expect(first.revision).toBe(0);
        const next = await store.append(stream, [event('B'), event('C')], { expectedRevision: 0 });
        expect(next.revision).toBe(2);
        expect(next.events.map((e) => e.revision)).toEqual([1, 2]);
        expect(next.events[1]!.position).toBe(next.events[0]!.position + 1);
        expect(next.position).toBe(next.events[1]!.position);
        expect(await store.streamRevision(stream)).toBe(2);
      });

      it('gives positions that increase by one across streams', async () => {
        const before = await store.headPosition();
        const a = await store.append(streamName('a'), [event('A')], { expectedRevision: 'no_stream' });
        const b = await store.append(streamName('b'), [event('B'), event('B2')], { expectedRevision: 'no_stream' });
        const c = await store.append(streamName('c'), [event('C')], { expectedRevision: 'any' });
        expect([a.position, ...b.events.map((e) => e.position), c.position]).toEqual([before + 1, before + 2, before + 3, before + 4]);
        expect(await store.headPosition()).toBe(before + 4);
      });

      it('refuses a stale expected revision, naming the actual one, and appends nothing', async () => {
        const stream = streamName('client');
        await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const error = await store.append(stream, [event('C')], { expectedRevision: 0 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 0, actual: 1 });
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it("refuses 'no_stream' for an existing stream and a revision for an absent one", async () => {
        const stream = streamName('client');
        await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
        await expect(store.append(stream, [event('B')], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actual: 0 });
        await expect(store.append(streamName('absent'), [event('B')], { expectedRevision: 3 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it("appends with 'any' whatever the stream holds", async () => {
        const stream = streamName('client');
        expect((await store.append(stream, [event('A')], { expectedRevision: 'any' })).revision).toBe(0);
        expect((await store.append(stream, [event('B')], { expectedRevision: 'any' })).revision).toBe(1);
      });

      it('is idempotent by event id: the same events again answer the first result and append nothing', async () => {
        const stream = streamName('client');
        const events = [event('A'), event('B')];
        const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        // Even with an expected revision that is stale by now.
        const again = await store.append(stream, events, { expectedRevision: 'no_stream' });
        expect(again).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses an event id already used in another stream, appending none of the batch', async () => {
        const used = event('A');
        await store.append(streamName('one'), [used], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const other = streamName('other');
        const error = await store.append(other, [event('X'), used], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(other)).toEqual([]);
        expect(await store.streamRevision(other)).toBeUndefined();
      });

      it('keeps the metadata of every event, and sets the record time itself', async () => {
        const stream = streamName('client');
        const byUser = event('ClientWon', { clientId: 'c-1' }, { actor: { type: 'user', id: 'rep-anna', role: 'rep' }, correlationId: 'corr-1', causationId: 'cmd-1' });
        const byPolicy = event('ClientHandedToClientDepartment', { clientId: 'c-1' }, {
          actor: { type: 'policy', name: 'auto-handoff' },
          correlationId: 'corr-1',
          causationId: byUser.eventId,
        });
        const before = Date.now();
        const result = await store.append(stream, [byUser, byPolicy], { expectedRevision: 'no_stream' });
        const [first, second] = await store.readStream(stream);
        expect(first).toEqual({ ...byUser, streamId: stream, revision: 0, position: result.events[0]!.position, recordedAt: expect.any(String) });
        expect(second).toEqual({ ...byPolicy, streamId: stream, revision: 1, position: result.events[1]!.position, recordedAt: first!.recordedAt });
        expect(Date.parse(first!.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(new Date(first!.recordedAt).toISOString()).toBe(first!.recordedAt);
      });

      it('keeps unicode and large payloads exactly', async () => {
        const stream = streamName('client');
        const text = 'Zürich 東京 مرحبا 🚀👩‍💼 ẞ Ωμέγα \u00a0 "quotes" \\ back\nslash';
        const large = 'x'.repeat(1024 * 1024);
        const events = [event('Unicode', { text, nested: { [text]: [text] } }), event('Large', { large })];
        await store.append(stream, events, { expectedRevision: 'no_stream' });
        const read = await store.readStream(stream);
        expect(read.map((e) => e.data)).toEqual([{ text, nested: { [text]: [text] } }, { large }]);
      });
    });

    describe('readStream', () => {
      it('reads revision ranges, inclusive at both ends, and an unknown stream as empty', async () => {
        const stream = streamName('client');
        await store.append(stream, Array.from({ length: 6 }, (_, i) => event(`E${i}`)), { expectedRevision: 'no_stream' });
        const types = (events: RecordedEvent[]) => events.map((e) => e.type);
        expect(types(await store.readStream(stream))).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
        expect(types(await store.readStream(stream, { fromRevision: 2 }))).toEqual(['E2', 'E3', 'E4', 'E5']);
        expect(types(await store.readStream(stream, { toRevision: 1 }))).toEqual(['E0', 'E1']);
        expect(types(await store.readStream(stream, { fromRevision: 2, toRevision: 3 }))).toEqual(['E2', 'E3']);
        expect(await store.readStream(stream, { fromRevision: 9 })).toEqual([]);
        expect(await store.readStream(streamName('unknown'))).toEqual([]);
        expect(await store.streamRevision(streamName('unknown'))).toBeUndefined();
      });

      it('reads a 10,000-event stream back complete and in order', async () => {
        const stream = streamName('big');
        for (let batch = 0; batch < 20; batch++) {
          const events = Array.from({ length: 500 }, (_, i) => event('Tick', { n: batch * 500 + i }));
          await store.append(stream, events, { expectedRevision: batch === 0 ? 'no_stream' : batch * 500 - 1 });
        }
        const read = await store.readStream(stream);
        expect(read).toHaveLength(10_000);
        expect(read.every((e, i) => e.revision === i && (e.data as { n: number }).n === i)).toBe(true);
      });
    });

    describe('readAll', () => {
      it('reads interleaved streams in global order, a page at a time', async () => {
        const start = await store.headPosition();
        const [a, b] = [streamName('a'), streamName('b')];
        await store.append(a, [event('A0')], { expectedRevision: 'no_stream' });
        await store.append(b, [event('B0')], { expectedRevision: 'no_stream' });
        await store.append(a, [event('A1'), event('A2')], { expectedRevision: 0 });
        await store.append(b, [event('B1')], { expectedRevision: 0 });

        const pages: string[][] = [];
        for (let after = start; ; ) {
          const page = await store.readAll({ after, limit: 2 });
          if (page.length === 0) break;
          pages.push(page.map((e) => e.type));
          after = page.at(-1)!.position;
        }
        expect(pages).toEqual([['A0', 'B0'], ['A1', 'A2'], ['B1']]);
        const all = await store.readAll({ after: start, limit: 100 });
        expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4, 5].map((n) => start + n));
        expect(all.map((e) => [e.streamId, e.revision])).toEqual([[a, 0], [b, 0], [a, 1], [a, 2], [b, 1]]);
      });
    });

    describe('subscribe', () => {
      it('catches up from a position, then follows live appends with no gap and no duplicate', async () => {
        const start = await store.headPosition();
        const stream = streamName('live');
        for (let i = 0; i < 300; i += 10) {
          await store.append(stream, Array.from({ length: 10 }, (_, j) => event('Old', { n: i + j })), { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
        }
        const received: RecordedEvent[] = [];
        const done = new Promise<void>((resolve, reject) => {
          const subscription = store.subscribe({ after: start + 100 }).subscribe({
            next: (e) => {
              received.push(e);
              if (received.length === 500) {
                subscription.unsubscribe();
                resolve();
              }
            },
            error: reject,
          });
        });
        // Appends keep coming while the subscriber catches up, to this stream and another.
        const other = streamName('other');
        for (let i = 0; i < 300; i += 3) {
          await store.append(stream, [event('New'), event('New')], { expectedRevision: 'any' });
          await store.append(other, [event('Other')], { expectedRevision: 'any' });
          if (i % 30 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await done;
        expect(received.map((e) => e.position)).toEqual(Array.from({ length: 500 }, (_, i) => start + 101 + i));
      });

      it('stops delivering once unsubscribed', async () => {
        const stream = streamName('stop');
        await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
        const start = (await store.headPosition()) - 1;
        const received: RecordedEvent[] = [];
        const subscription = store.subscribe({ after: start }).subscribe((e) => received.push(e));
        await waitFor(() => received.length === 1);
        subscription.unsubscribe();
        await store.append(stream, [event('B')], { expectedRevision: 0 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(received.map((e) => e.type)).toEqual(['A']);
      });

      it('serves two subscribers the same events', async () => {
        const start = await store.headPosition();
        const both = Promise.all([
          firstValueFrom(store.subscribe({ after: start }).pipe(take(4), toArray())),
          firstValueFrom(store.subscribe({ after: start }).pipe(take(4), toArray())),
        ]);
        const stream = streamName('two');
        await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        await store.append(stream, [event('C'), event('D')], { expectedRevision: 1 });
        const [first, second] = await both;
        expect(first.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
        expect(second).toEqual(first);
      });
    });
  });
}

function event(type: string, data: unknown = { at: type }, metadata?: NewEvent['metadata']): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    occurredAt: '2024-03-01T10:00:00.000Z',
    data,
    metadata: metadata ?? { actor: { type: 'user', id: 'tester', role: null }, correlationId: 'c', causationId: 'c' },
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
