import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, timeout, toArray, type Observable } from 'rxjs';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '../event-store';
import { atomicAppendContract, type SecondWriter } from './atomic-append-contract';

/**
 * The behaviour every EventStore adapter promises. Each adapter's test file
 * calls this with a factory; the suite is the same for SQLite, PostgreSQL and
 * EventStoreDB, so they stay interchangeable.
 *
 * Streams get unique names and positions are taken relative to the head at the
 * start of a test, so an adapter may share one database between tests, as long
 * as no other writer appends while a test runs.
 *
 * Where a store promises less than the SQL stores (its `capabilities`), a test
 * checks what it does promise: positions that only grow instead of 1, 2, 3…,
 * ids refused in their own stream rather than across the log, a verifyChain
 * that refuses rather than walks a chain that is not kept. Jest fixes the tests
 * before any store is open, so the choice is made inside each test.
 */
export function eventStoreContract(
  name: string,
  createStore: () => Promise<EventStore>,
  dispose?: (store: EventStore) => Promise<void>,
  /** Where a store can be opened twice on one log: how, for the race of two writers (else one store races itself). */
  secondWriter?: SecondWriter,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      if (dispose) await dispose(store);
      else await store.close();
    });

    const streamName = (label: string) => `${label}-${randomUUID()}`;
    const types = (events: RecordedEvent[]) => events.map((e) => e.type);
    const failure = (promise: Promise<unknown>) => promise.then(
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
      const dense = store.capabilities.densePositions;
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
      if (!store.capabilities.hashChain) {
        await expect(store.verifyChain()).rejects.toBeInstanceOf(Error);
        return;
      }
      const head = await store.headPosition();
      // Only dense positions make the head a count of events.
      const events = store.capabilities.densePositions ? head : expect.any(Number);
      expect(await store.verifyChain()).toEqual({ intact: true, verifiedUpTo: head, events });
    };

    describe('capabilities', () => {
      it('says what the store promises beyond the port, as four booleans', () => {
        expect(store.capabilities).toEqual({
          densePositions: expect.any(Boolean),
          eventIdsUniqueAcrossLog: expect.any(Boolean),
          hashChain: expect.any(Boolean),
          atomicMultiStreamAppend: expect.any(Boolean),
        });
      });
    });

    atomicAppendContract(() => store, secondWriter);

    describe('append', () => {
      it('starts a stream at revision 0 and continues it with the expected revision, reporting every event', async () => {
        const stream = streamName('client');
        const start = await store.headPosition();
        const [a, b, c] = [event('A'), event('B'), event('C')];

        const first = await store.append(stream, [a], { expectedRevision: 'no_stream' });
        const next = await store.append(stream, [b, c], { expectedRevision: 0 });
        const positions = [...first.events, ...next.events].map((e) => e.position);
        expectPositionsAfter(start, positions);
        const [atA, atB, atC] = positions;

        expect(first).toEqual({ revision: 0, position: atA, events: [{ eventId: a.eventId, revision: 0, position: atA }] });
        expect(next).toEqual({
          revision: 2,
          position: atC,
          events: [
            { eventId: b.eventId, revision: 1, position: atB },
            { eventId: c.eventId, revision: 2, position: atC },
          ],
        });
        expect(await store.streamRevision(stream)).toBe(2);
        expect(await store.headPosition()).toBe(atC);
        expect((await store.readStream(stream)).map((e) => [e.eventId, e.revision, e.position])).toEqual([
          [a.eventId, 0, atA],
          [b.eventId, 1, atB],
          [c.eventId, 2, atC],
        ]);
      });

      it('gives positions that grow across streams, by one where they are dense, the head the last one', async () => {
        const start = await store.headPosition();
        const a = await store.append(streamName('a'), [event('A')], { expectedRevision: 'no_stream' });
        const b = await store.append(streamName('b'), [event('B'), event('B2')], { expectedRevision: 'no_stream' });
        const c = await store.append(streamName('c'), [event('C')], { expectedRevision: 'any' });
        const positions = [a.position, ...b.events.map((e) => e.position), c.position];
        expectPositionsAfter(start, positions);
        expect(await store.headPosition()).toBe(c.position);
      });

      it('refuses a stale or a future expected revision, naming the actual one, and appends nothing', async () => {
        const stream = streamName('client');
        await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        for (const expectedRevision of [0, 5]) {
          const error = await failure(store.append(stream, [event('C')], { expectedRevision }));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId: stream, expected: expectedRevision, actual: 1 });
        }
        expect(await store.headPosition()).toBe(head);
        expect(types(await store.readStream(stream))).toEqual(['A', 'B']);
        expect(await store.streamRevision(stream)).toBe(1);
      });

      it("refuses 'no_stream' when the stream exists", async () => {
        const stream = streamName('client');
        await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const error = await failure(store.append(stream, [event('B')], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 0 });
        expect(await store.headPosition()).toBe(head);
        expect(types(await store.readStream(stream))).toEqual(['A']);
      });

      it('refuses a numeric expected revision when the stream is absent', async () => {
        const stream = streamName('absent');
        const head = await store.headPosition();
        for (const expectedRevision of [0, 3]) {
          const error = await failure(store.append(stream, [event('B')], { expectedRevision }));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId: stream, expected: expectedRevision, actual: undefined });
        }
        expect(await store.headPosition()).toBe(head);
        expect(await store.streamRevision(stream)).toBeUndefined();
        expect(await store.readStream(stream)).toEqual([]);
      });

      it("appends with 'any' to an absent stream and to an existing one", async () => {
        const stream = streamName('client');
        expect((await store.append(stream, [event('A')], { expectedRevision: 'any' })).revision).toBe(0);
        expect((await store.append(stream, [event('B'), event('C')], { expectedRevision: 'any' })).revision).toBe(2);
        expect(types(await store.readStream(stream))).toEqual(['A', 'B', 'C']);
      });

      it('is idempotent by event id: the same events again answer the first result and append nothing, even with a stale expected revision', async () => {
        const stream = streamName('client');
        const firstBatch = [event('A'), event('B')];
        const secondBatch = [event('C')];
        const first = await store.append(stream, firstBatch, { expectedRevision: 'no_stream' });
        const second = await store.append(stream, secondBatch, { expectedRevision: 1 });
        await store.append(stream, [event('D')], { expectedRevision: 2 });
        const head = await store.headPosition();

        expect(await store.append(stream, firstBatch, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.append(stream, firstBatch, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.append(stream, secondBatch, { expectedRevision: 1 })).toEqual(second);
        expect(await store.headPosition()).toBe(head);
        expect(types(await store.readStream(stream))).toEqual(['A', 'B', 'C', 'D']);
      });

      it('refuses an event id already used in another stream (where ids are unique per stream only: in its own), appending none of the batch', async () => {
        const used = event('A');
        const one = streamName('one');
        await store.append(one, [used], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        if (!store.capabilities.eventIdsUniqueAcrossLog) {
          // Another stream may take the id here (EventStoreDB's idempotency is per stream), so what is
          // left to check is the refusal in its own stream: the id again, ahead of a new event.
          const error = await failure(store.append(one, [used, event('X')], { expectedRevision: 'any' }));
          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect(error).toMatchObject({ eventId: used.eventId });
          expect(await store.headPosition()).toBe(head);
          expect(types(await store.readStream(one))).toEqual(['A']);
          return;
        }

        const other = streamName('other');

        const error = await failure(store.append(other, [event('X'), used, event('Y')], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: used.eventId });
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(other)).toEqual([]);
        expect(await store.streamRevision(other)).toBeUndefined();
        expect(types(await store.readStream(one))).toEqual(['A']);
      });

      it('refuses a batch that repeats stored ids only in part or in another order, appending none of it', async () => {
        const stream = streamName('client');
        const [a, b] = [event('A'), event('B')];
        await store.append(stream, [a, b], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        const partly = await failure(store.append(stream, [a, event('X')], { expectedRevision: 'any' }));
        expect(partly).toBeInstanceOf(DuplicateEventIdError);
        expect(partly).toMatchObject({ eventId: a.eventId });
        if (store.capabilities.eventIdsUniqueAcrossLog) {
          // Only a log-wide check sees b behind a new id; EventStoreDB compares only the events where
          // the expected revision points, finds none there yet, and appends the batch.
          expect(await failure(store.append(stream, [event('X'), b], { expectedRevision: 1 }))).toBeInstanceOf(DuplicateEventIdError);
        }
        expect(await failure(store.append(stream, [b, a], { expectedRevision: 'any' }))).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.headPosition()).toBe(head);
        expect(types(await store.readStream(stream))).toEqual(['A', 'B']);
      });

      it('refuses a batch that carries the same event id twice, appending none of it', async () => {
        const stream = streamName('client');
        const twice = event('A');
        const head = await store.headPosition();
        const error = await failure(store.append(stream, [twice, event('B'), twice], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: twice.eventId });
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('keeps every field and the metadata of each event, and sets the record time itself', async () => {
        const stream = streamName('client');
        const byUser = event(
          'ClientWon',
          { clientId: 'c-1', total: { amount: 12_345, currency: 'EUR' }, lines: [1, 2.5, null, true, 'x'] },
          { actor: { type: 'user', id: 'rep-anna', role: 'rep' }, correlationId: 'corr-1', causationId: 'cmd-1' },
          { schemaVersion: 3, occurredAt: '2023-12-31T23:59:59.999Z' },
        );
        const byPolicy = event(
          'ClientHandedToClientDepartment',
          { clientId: 'c-1' },
          { actor: { type: 'policy', name: 'auto-handoff' }, correlationId: 'corr-1', causationId: byUser.eventId },
          { schemaVersion: 1, occurredAt: '2024-01-01T00:00:00.000Z' },
        );
        const byUserWithoutRole = event('Noted', null, { actor: { type: 'user', id: 'ops', role: null }, correlationId: 'corr-2', causationId: 'cmd-2' });

        const start = await store.headPosition();
        const before = Date.now();
        const result = await store.append(stream, [byUser, byPolicy, byUserWithoutRole], { expectedRevision: 'no_stream' });
        const after = Date.now();
        const read = await store.readStream(stream);
        const recordedAt = read[0]!.recordedAt;
        expect(read).toEqual([
          { ...byUser, streamId: stream, revision: 0, position: result.events[0]!.position, recordedAt },
          { ...byPolicy, streamId: stream, revision: 1, position: result.events[1]!.position, recordedAt },
          { ...byUserWithoutRole, streamId: stream, revision: 2, position: result.events[2]!.position, recordedAt },
        ]);
        expect(new Date(recordedAt).toISOString()).toBe(recordedAt);
        // Slack for a database server whose clock is not quite ours.
        expect(Date.parse(recordedAt)).toBeGreaterThanOrEqual(before - 5000);
        expect(Date.parse(recordedAt)).toBeLessThanOrEqual(after + 5000);
        expectPositionsAfter(start, result.events.map((e) => e.position));
        expect(await store.readAll({ after: start, limit: 3 })).toEqual(read);
      });

      it('keeps unicode text exactly', async () => {
        const stream = streamName('client');
        const text = 'Zürich 東京 北京市 مرحبا بالعالم עברית 🚀👩‍💼🇩🇪 ẞ Ωμέγα \u00a0\u200d "quotes" \\ back\nslash\ttab 𝄞';
        const data = { text, nested: { [text]: [text, { deeper: text }] } };
        const metadata = { actor: { type: 'user' as const, id: 'rep-明', role: 'ممثل' }, correlationId: `corr-${text}`, causationId: '🚀' };
        const sent = event('Unicode', data, metadata);
        await store.append(stream, [sent], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream(stream);
        expect(read!.data).toEqual(data);
        expect(read!.metadata).toEqual(metadata);
        expect((read!.data as typeof data).text).toBe(text);
      });

      it('keeps a payload of about 1 MB exactly', async () => {
        const stream = streamName('client');
        const lines = Array.from({ length: 8_000 }, (_, i) => ({ n: i, sku: `SKU-${i}-東京-🚀`, note: 'x'.repeat(100) }));
        const data = { lines, tail: 'end' };
        expect(JSON.stringify(data).length).toBeGreaterThan(1_000_000);
        await store.append(stream, [event('Large', data), event('Small')], { expectedRevision: 'no_stream' });
        const read = await store.readStream(stream);
        expect(types(read)).toEqual(['Large', 'Small']);
        expect(read[0]!.data).toEqual(data);
      });
    });

    describe('readStream', () => {
      it('reads revision ranges, inclusive at both ends, and an unknown stream as empty', async () => {
        const stream = streamName('client');
        await store.append(stream, Array.from({ length: 6 }, (_, i) => event(`E${i}`)), { expectedRevision: 'no_stream' });
        await store.append(streamName('other'), [event('Other')], { expectedRevision: 'no_stream' });
        expect(types(await store.readStream(stream))).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
        expect(types(await store.readStream(stream, { fromRevision: 2 }))).toEqual(['E2', 'E3', 'E4', 'E5']);
        expect(types(await store.readStream(stream, { toRevision: 1 }))).toEqual(['E0', 'E1']);
        expect(types(await store.readStream(stream, { fromRevision: 2, toRevision: 3 }))).toEqual(['E2', 'E3']);
        expect(types(await store.readStream(stream, { fromRevision: 4, toRevision: 4 }))).toEqual(['E4']);
        expect(types(await store.readStream(stream, { fromRevision: 5, toRevision: 99 }))).toEqual(['E5']);
        expect(await store.readStream(stream, { fromRevision: 6 })).toEqual([]);
        expect(await store.readStream(streamName('unknown'))).toEqual([]);
        expect(await store.streamRevision(stream)).toBe(5);
        expect(await store.streamRevision(streamName('unknown'))).toBeUndefined();
      });

      it('reads a 10,000-event stream back complete and in order', async () => {
        const stream = streamName('big');
        const start = await store.headPosition();
        for (let batch = 0; batch < 20; batch++) {
          const events = Array.from({ length: 500 }, (_, i) => event('Tick', { n: batch * 500 + i }));
          const result = await store.append(stream, events, { expectedRevision: batch === 0 ? 'no_stream' : batch * 500 - 1 });
          expect(result.revision).toBe(batch * 500 + 499);
        }
        const read = await store.readStream(stream);
        expect(read).toHaveLength(10_000);
        const misplaced = read.filter((e, i) => e.revision !== i || (e.data as { n: number }).n !== i);
        expect(misplaced).toEqual([]);
        expectPositionsAfter(start, read.map((e) => e.position));
        expect(await store.streamRevision(stream)).toBe(9_999);
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
          pages.push(types(page));
          after = page.at(-1)!.position;
        }
        expect(pages).toEqual([['A0', 'B0'], ['A1', 'A2'], ['B1']]);

        const all = await store.readAll({ after: start, limit: 100 });
        expectPositionsAfter(start, all.map((e) => e.position));
        expect(all.map((e) => [e.streamId, e.revision, e.type])).toEqual([
          [a, 0, 'A0'],
          [b, 0, 'B0'],
          [a, 1, 'A1'],
          [a, 2, 'A2'],
          [b, 1, 'B1'],
        ]);
        const [, , atA1, , atB1] = all.map((e) => e.position);
        expect(types(await store.readAll({ after: atA1, limit: 1 }))).toEqual(['A2']);
        expect(await store.readAll({ after: atB1, limit: 10 })).toEqual([]);
        expect(await store.headPosition()).toBe(atB1);
      });

      it('reads to the head when no limit is given', async () => {
        const start = await store.headPosition();
        const stream = streamName('many');
        for (let batch = 0; batch < 3; batch++) {
          await store.append(stream, Array.from({ length: 500 }, (_, i) => event('Tick', { n: batch * 500 + i })), { expectedRevision: 'any' });
        }
        const all = await store.readAll({ after: start });
        expect(all).toHaveLength(1_500);
        expectPositionsAfter(start, all.map((e) => e.position));
        expect(all.at(-1)!.position).toBe(await store.headPosition());
        if (start === 0) expect(await store.readAll()).toEqual(all);
      });
    });

    describe('readAll for a fold', () => {
      it('reads the same events, as of a time too, with only position, type, schema version, business time, record time and data', async () => {
        const start = await store.headPosition();
        const stream = streamName('fold');
        await store.append(stream, [event('A', { n: 1 }, undefined, { occurredAt: '2024-03-01T00:00:00.000Z', schemaVersion: 2 }), event('B', { n: 2 })], {
          expectedRevision: 'no_stream',
        });
        const full = await store.readAll({ after: start });
        const folded = await store.readAll({ after: start, forFold: true });
        expect(folded).toEqual(full.map(({ position, type, schemaVersion, occurredAt, recordedAt, data }) => ({ position, type, schemaVersion, occurredAt, recordedAt, data })));
        expect(Object.keys(folded[0]!).sort()).toEqual(['data', 'occurredAt', 'position', 'recordedAt', 'schemaVersion', 'type']);
        const upTo = await store.readAll({ after: start, forFold: true, occurredUpTo: '2024-03-01T00:00:00.000Z', limit: 5 });
        expect(upTo.map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('readAll filtered by type and bounded by position', () => {
      it('reads only the given types, only up to the given position, in global order and a page at a time', async () => {
        const start = await store.headPosition();
        const stream = streamName('filtered');
        const appended = await store.append(stream, [event('Kept'), event('Skipped'), event('Kept'), event('Other'), event('Kept')], { expectedRevision: 'no_stream' });
        const positions = appended.events.map((e) => e.position);
        expectPositionsAfter(start, positions);
        const [at1, at2, at3, at4, at5] = positions;
        const kept = await store.readAll({ after: start, types: ['Kept', 'Other'] });
        expect(kept.map((e) => [e.type, e.position])).toEqual([
          ['Kept', at1],
          ['Kept', at3],
          ['Other', at4],
          ['Kept', at5],
        ]);
        expect((await store.readAll({ after: start, types: ['Kept'], upToPosition: at4 })).map((e) => e.position)).toEqual([at1, at3]);
        expect((await store.readAll({ after: at1, types: ['Kept'], limit: 1, forFold: true })).map((e) => e.position)).toEqual([at3]);
        expect(await store.readAll({ after: start, types: ['Absent'] })).toEqual([]);
        expect((await store.readAll({ after: start, upToPosition: at2 })).map((e) => e.type)).toEqual(['Kept', 'Skipped']);
      });
    });

    describe('readAll as of a business time', () => {
      it('reads only events that occurred at or before the time, in global order, a page at a time', async () => {
        const start = await store.headPosition();
        const stream = streamName('asof');
        const at = (occurredAt: string, label: string) => event(label, { label }, undefined, { occurredAt });
        // Recorded out of business-time order, as an import of history would be.
        await store.append(stream, [at('2024-03-01T10:00:00.000Z', 'march'), at('2024-05-01T10:00:00.000Z', 'may')], { expectedRevision: 'no_stream' });
        await store.append(streamName('other'), [at('2024-01-15T00:00:00.000Z', 'january')], { expectedRevision: 'no_stream' });
        await store.append(stream, [at('2024-05-01T10:00:00.000Z', 'may again')], { expectedRevision: 1 });

        const upTo = (occurredUpTo: string, limit?: number, after = start) => store.readAll({ after, occurredUpTo, limit });
        expect(types(await upTo('2024-04-30T23:59:59.999Z'))).toEqual(['march', 'january']);
        expect(types(await upTo('2024-05-01T10:00:00.000Z'))).toEqual(['march', 'may', 'january', 'may again']);
        expect(await upTo('2023-12-31T23:59:59.999Z')).toEqual([]);
        const firstPage = await upTo('2024-04-30T23:59:59.999Z', 1);
        expect(types(firstPage)).toEqual(['march']);
        expect(types(await upTo('2024-04-30T23:59:59.999Z', 1, firstPage[0]!.position))).toEqual(['january']);
      });
    });

    describe('appendMany', () => {
      it('judges each append alone: the refused one changes nothing, the others are appended in order', async () => {
        const [first, second, third] = [streamName('many'), streamName('many'), streamName('many')];
        await store.append(second, [event('Existing')], { expectedRevision: 'no_stream' });
        const outcomes = await store.appendMany([
          { streamId: first, events: [event('A1'), event('A2')], options: { expectedRevision: 'no_stream' } },
          { streamId: second, events: [event('Refused')], options: { expectedRevision: 'no_stream' } },
          { streamId: third, events: [event('C1')], options: { expectedRevision: 'no_stream' } },
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(types(await store.readStream(first))).toEqual(['A1', 'A2']);
        expect(types(await store.readStream(second))).toEqual(['Existing']);
        expect(types(await store.readStream(third))).toEqual(['C1']);
        const [a, , c] = outcomes as PromiseFulfilledResult<AppendResult>[];
        expect(c!.value.position).toBeGreaterThan(a!.value.position);
      });

      it('answers an earlier append of the same events with its first result, as append does', async () => {
        const stream = streamName('many-again');
        const events = [event('Once')];
        const [first] = await store.appendMany([{ streamId: stream, events, options: { expectedRevision: 'no_stream' } }]);
        const [again] = await store.appendMany([{ streamId: stream, events, options: { expectedRevision: 'no_stream' } }]);
        expect((again as PromiseFulfilledResult<AppendResult>).value).toEqual((first as PromiseFulfilledResult<AppendResult>).value);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('readAll as the ledger knew it at a record time', () => {
      it('reads only events recorded at or before the time, whatever their business time', async () => {
        const start = await store.headPosition();
        const stream = streamName('asknown');
        const at = (occurredAt: string, label: string) => event(label, { label }, undefined, { occurredAt });
        await store.append(stream, [at('2024-05-01T10:00:00.000Z', 'recorded first')], { expectedRevision: 'no_stream' });
        const [known] = await store.readStream(stream);
        await new Promise((resolve) => setTimeout(resolve, 5));
        // History imported later, though it happened earlier.
        await store.append(streamName('late'), [at('2024-01-01T10:00:00.000Z', 'imported later')], { expectedRevision: 'no_stream' });

        const knownAt = (recordedUpTo: string) => store.readAll({ after: start, recordedUpTo });
        expect(types(await knownAt(known!.recordedAt))).toEqual(['recorded first']);
        expect(types(await knownAt(new Date(Date.now() + 60_000).toISOString()))).toEqual(['recorded first', 'imported later']);
        expect(types(await store.readAll({ after: start, recordedUpTo: known!.recordedAt, occurredUpTo: '2024-04-01T00:00:00.000Z' }))).toEqual([]);
        expect((await store.readAll({ after: start, recordedUpTo: known!.recordedAt, forFold: true })).map((folded) => folded.type)).toEqual(['recorded first']);
      });
    });

    describe('verifyChain', () => {
      it('verifies the log as it stands before a test appends: intact up to the head, at 0 for an empty log; refuses where no chain is kept', async () => {
        await expectChainIntactToHead();
      });

      it('verifies intact up to the head after several appends, refused and repeated ones among them', async () => {
        const [a, b] = [streamName('a'), streamName('b')];
        const first = [event('A1'), event('A2')];
        await store.append(a, first, { expectedRevision: 'no_stream' });
        await store.append(b, [event('B1')], { expectedRevision: 'no_stream' });
        await failure(store.append(a, [event('A3')], { expectedRevision: 0 }));
        await store.append(a, first, { expectedRevision: 'no_stream' });
        await store.append(a, [event('A3'), event('A4'), event('A5')], { expectedRevision: 1 });
        await store.append(b, [event('B2')], { expectedRevision: 'any' });
        await expectChainIntactToHead();
      });

      it('hashes events as they read back, whatever their text, numbers and key order, over more than one page', async () => {
        const stream = streamName('varied');
        const odd = [
          { z: 1, a: { y: [3, 2, 1], b: null }, '10': 'ten', '2': 'two' },
          { text: 'Zürich 東京 🚀 "q" \\ \n\t \u2028 𝄞', amounts: [0, -1, 0.1 + 0.2, 1e21, 12_345, Number.MAX_SAFE_INTEGER] },
          null,
          [],
          'a string',
          { deep: { deeper: { deepest: [{ b: 2, a: 1 }] } } },
        ];
        await store.append(stream, odd.map((data) => event('Odd', data)), { expectedRevision: 'no_stream' });
        for (let batch = 0; batch < 5; batch++) {
          await store.append(streamName('bulk'), Array.from({ length: 500 }, (_, i) => event('Bulk', { n: i, batch })), { expectedRevision: 'no_stream' });
        }
        await expectChainIntactToHead();
      });
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
          await appendTo(stream, Array.from({ length: 100 }, (_, j) => event('Old', { n: i + j })));
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
          await waitFor(() => received.length >= expectedIds.length || failed !== undefined, () => `received ${received.length} of ${expectedIds.length}`);
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
          await waitFor(() => received.length === 1, () => `received ${received.length} of 1`);
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
        expectPositionsAfter(start, first.map((e) => e.position));
        expect(second).toEqual(first);
      });
    });
  });
}

function event(
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

/** The first `count` events; fails (and unsubscribes) rather than hang when they do not come. */
function collect(events: Observable<RecordedEvent>, count: number, timeoutMs = 10_000): Promise<RecordedEvent[]> {
  return firstValueFrom(events.pipe(take(count), toArray(), timeout(timeoutMs)));
}

async function waitFor(condition: () => boolean, progress: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${progress()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
