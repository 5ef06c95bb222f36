import { type AppendResult, type EventStore, WrongExpectedRevisionError } from '../event-store';
import { appendContract } from './append-contract';
import { atomicAppendContract, type SecondWriter } from './atomic-append-contract';
import { contractHelpers, event, eventAt } from './contract-helpers';
import { readAllFilterContract } from './read-all-filter-contract';
import { subscribeContract } from './subscribe-contract';

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

    const { streamName, types, failure, expectPositionsAfter, expectChainIntactToHead } = contractHelpers(() => store);

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

    appendContract(() => store);

    describe('readStream', () => {
      it('reads revision ranges, inclusive at both ends, and an unknown stream as empty', async () => {
        const stream = streamName('client');
        await store.append(
          stream,
          Array.from({ length: 6 }, (_, i) => event(`E${i}`)),
          { expectedRevision: 'no_stream' },
        );
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
        expectPositionsAfter(
          start,
          read.map((e) => e.position),
        );
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
        for (let after = start; ;) {
          const page = await store.readAll({ after, limit: 2 });
          if (page.length === 0) break;
          pages.push(types(page));
          after = page.at(-1)!.position;
        }
        expect(pages).toEqual([['A0', 'B0'], ['A1', 'A2'], ['B1']]);

        const all = await store.readAll({ after: start, limit: 100 });
        expectPositionsAfter(
          start,
          all.map((e) => e.position),
        );
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
          await store.append(
            stream,
            Array.from({ length: 500 }, (_, i) => event('Tick', { n: batch * 500 + i })),
            { expectedRevision: 'any' },
          );
        }
        const all = await store.readAll({ after: start });
        expect(all).toHaveLength(1_500);
        expectPositionsAfter(
          start,
          all.map((e) => e.position),
        );
        expect(all.at(-1)!.position).toBe(await store.headPosition());
        if (start === 0) expect(await store.readAll()).toEqual(all);
      });
    });

    describe('readAll for a fold', () => {
      it('reads the same events, as of a time too, with only position, type, schema version, business time, record time and data', async () => {
        const start = await store.headPosition();
        const stream = streamName('fold');
        await store.append(
          stream,
          [event('A', { n: 1 }, undefined, { occurredAt: '2024-03-01T00:00:00.000Z', schemaVersion: 2 }), event('B', { n: 2 })],
          {
            expectedRevision: 'no_stream',
          },
        );
        const full = await store.readAll({ after: start });
        const folded = await store.readAll({ after: start, forFold: true });
        expect(folded).toEqual(
          full.map(({ position, type, schemaVersion, occurredAt, recordedAt, data }) => ({
            position,
            type,
            schemaVersion,
            occurredAt,
            recordedAt,
            data,
          })),
        );
        expect(Object.keys(folded[0]!).sort()).toEqual(['data', 'occurredAt', 'position', 'recordedAt', 'schemaVersion', 'type']);
        const upTo = await store.readAll({ after: start, forFold: true, occurredUpTo: '2024-03-01T00:00:00.000Z', limit: 5 });
        expect(upTo.map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('readAll filtered by type and bounded by position', () => {
      it('reads only the given types, only up to the given position, in global order and a page at a time', async () => {
        const start = await store.headPosition();
        const stream = streamName('filtered');
        const appended = await store.append(stream, [event('Kept'), event('Skipped'), event('Kept'), event('Other'), event('Kept')], {
          expectedRevision: 'no_stream',
        });
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
        // Recorded out of business-time order, as an import of history would be.
        await store.append(stream, [eventAt('march', '2024-03-01T10:00:00.000Z'), eventAt('may', '2024-05-01T10:00:00.000Z')], {
          expectedRevision: 'no_stream',
        });
        await store.append(streamName('other'), [eventAt('january', '2024-01-15T00:00:00.000Z')], { expectedRevision: 'no_stream' });
        await store.append(stream, [eventAt('may again', '2024-05-01T10:00:00.000Z')], { expectedRevision: 1 });

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
        await store.append(stream, [eventAt('recorded first', '2024-05-01T10:00:00.000Z')], { expectedRevision: 'no_stream' });
        const [known] = await store.readStream(stream);
        await new Promise((resolve) => setTimeout(resolve, 5));
        // History imported later, though it happened earlier.
        await store.append(streamName('late'), [eventAt('imported later', '2024-01-01T10:00:00.000Z')], { expectedRevision: 'no_stream' });

        const knownAt = (recordedUpTo: string) => store.readAll({ after: start, recordedUpTo });
        expect(types(await knownAt(known!.recordedAt))).toEqual(['recorded first']);
        expect(types(await knownAt(new Date(Date.now() + 60_000).toISOString()))).toEqual(['recorded first', 'imported later']);
        expect(
          types(await store.readAll({ after: start, recordedUpTo: known!.recordedAt, occurredUpTo: '2024-04-01T00:00:00.000Z' })),
        ).toEqual([]);
        expect(
          (await store.readAll({ after: start, recordedUpTo: known!.recordedAt, forFold: true })).map((folded) => folded.type),
        ).toEqual(['recorded first']);
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
        await store.append(
          stream,
          odd.map((data) => event('Odd', data)),
          { expectedRevision: 'no_stream' },
        );
        for (let batch = 0; batch < 5; batch++) {
          await store.append(
            streamName('bulk'),
            Array.from({ length: 500 }, (_, i) => event('Bulk', { n: i, batch })),
            { expectedRevision: 'no_stream' },
          );
        }
        await expectChainIntactToHead();
      });
    });

    readAllFilterContract(() => store);
    subscribeContract(() => store);
  });
}
