import {
  type AppendRequest,
  DuplicateEventIdError,
  type EventStore,
  type NewEvent,
  PartialAppendError,
  WrongExpectedRevisionError,
} from '../event-store';
import { contractHelpers, event } from './contract-helpers';

/** Opens another writer on the same log as `store` (another connection, another file handle), as a second process would. */
export type SecondWriter = (store: EventStore) => Promise<EventStore>;

/**
 * appendAtomically, as every store runs it (called from eventStoreContract, inside
 * its describe, with its store of the moment): all streams or none, positions of one
 * call together, the hash chain intact, idempotent repeats, and two writers racing
 * for one stream. Where a store says it cannot be atomic against a concurrent
 * writer (capabilities.atomicMultiStreamAppend false), the race checks that a
 * loser either stored nothing or says what it stored.
 */
export function atomicAppendContract(current: () => EventStore, secondWriter?: SecondWriter): void {
  describe('appendAtomically', () => {
    const { streamName, failure, expectPositionsAfter, expectChainIntactToHead } = contractHelpers(current);
    const types = async (streamId: string) => (await current().readStream(streamId)).map((recorded) => recorded.type);
    const request = (
      streamId: string,
      events: NewEvent[],
      expectedRevision: AppendRequest['options']['expectedRevision'],
    ): AppendRequest => ({ streamId, events, options: { expectedRevision } });

    it('appends every stream at its own expected revision, in order, one result each, the positions together', async () => {
      const [lead, client, notes] = [streamName('lead'), streamName('client'), streamName('notes')];
      const store = current();
      await store.append(lead, [event('Contacted')], { expectedRevision: 'no_stream' });
      const start = await store.headPosition();
      const results = await store.appendAtomically([
        request(lead, [event('Converted'), event('Noted')], 0),
        request(client, [event('Won')], 'no_stream'),
        request(notes, [event('Note')], 'any'),
      ]);
      expect(results.map((result) => result.revision)).toEqual([2, 0, 0]);
      expect(results.map((result) => result.events.length)).toEqual([2, 1, 1]);
      const positions = results.flatMap((result) => result.events.map((appended) => appended.position));
      expectPositionsAfter(start, positions);
      expect(await store.headPosition()).toBe(positions.at(-1));
      expect((await store.readAll({ after: start })).map((recorded) => [recorded.streamId, recorded.type])).toEqual([
        [lead, 'Converted'],
        [lead, 'Noted'],
        [client, 'Won'],
        [notes, 'Note'],
      ]);
    });

    it.each([0, 1, 2])('stores nothing when the expected revision of stream %i is wrong, and refuses naming that stream', async (wrong) => {
      const streams = [streamName('a'), streamName('b'), streamName('c')];
      const store = current();
      await store.append(streams[wrong]!, [event('Before')], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const error = await failure(store.appendAtomically(streams.map((streamId) => request(streamId, [event('New')], 'no_stream'))));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId: streams[wrong], expected: 'no_stream', actual: 0 });
      expect(await store.headPosition()).toBe(head);
      expect(await Promise.all(streams.map(types))).toEqual(streams.map((_, index) => (index === wrong ? ['Before'] : [])));
      // The next append follows on with no hole where the refused one would have been.
      const next = await store.append(streams[0]!, [event('After')], { expectedRevision: wrong === 0 ? 0 : 'no_stream' });
      expectPositionsAfter(head, [next.position]);
    });

    it('stores nothing when one of its event ids is refused', async () => {
      const store = current();
      const [a, b] = [streamName('a'), streamName('b')];
      const twice = event('Twice');
      const head = await store.headPosition();
      expect(
        await failure(store.appendAtomically([request(a, [event('A'), twice], 'no_stream'), request(b, [twice], 'no_stream')])),
      ).toBeInstanceOf(DuplicateEventIdError);
      expect(await store.headPosition()).toBe(head);
      if (store.capabilities.eventIdsUniqueAcrossLog) {
        const stored = event('Stored');
        await store.append(streamName('elsewhere'), [stored], { expectedRevision: 'no_stream' });
        expect(
          await failure(store.appendAtomically([request(a, [event('A')], 'no_stream'), request(b, [event('B'), stored], 'no_stream')])),
        ).toBeInstanceOf(DuplicateEventIdError);
      }
      expect(await types(a)).toEqual([]);
      expect(await types(b)).toEqual([]);
    });

    it('answers a repeat with the first results and appends nothing; a repeat of some streams beside new ones appends only the new', async () => {
      const store = current();
      const [lead, client, later] = [streamName('lead'), streamName('client'), streamName('later')];
      const requests = [request(lead, [event('Converted')], 'no_stream'), request(client, [event('Won'), event('Ordered')], 'no_stream')];
      const first = await store.appendAtomically(requests);
      const head = await store.headPosition();
      expect(await store.appendAtomically(requests)).toEqual(first);
      expect(await store.headPosition()).toBe(head);
      // A lead converted once already (by this very command), its client not yet won: the retry stores the rest.
      const rest = await store.appendAtomically([requests[0]!, request(later, [event('Won')], 'no_stream')]);
      expect(rest[0]).toEqual(first[0]);
      expectPositionsAfter(head, [rest[1]!.position]);
      expect(await types(lead)).toEqual(['Converted']);
      expect(await types(later)).toEqual(['Won']);
    });

    it('keeps the hash chain intact across atomic appends, refused ones among them', async () => {
      const store = current();
      const [a, b] = [streamName('a'), streamName('b')];
      await store.appendAtomically([request(a, [event('A0'), event('A1')], 'no_stream'), request(b, [event('B0')], 'no_stream')]);
      await failure(store.appendAtomically([request(a, [event('A2')], 1), request(b, [event('Refused')], 'no_stream')]));
      await store.appendAtomically([request(b, [event('B1')], 0), request(a, [event('A2')], 1)]);
      await expectChainIntactToHead();
    });

    it('lets one of two writers racing for a stream win, with all its streams; the other stores nothing', async () => {
      const one = current();
      const two = secondWriter ? await secondWriter(one) : one;
      try {
        const rounds = 20;
        let partial = 0;
        for (let round = 0; round < rounds; round++) {
          const [contested, ownOne, ownTwo] = [streamName('client'), streamName('lead-one'), streamName('lead-two')];
          const start = await one.headPosition();
          const outcomes = await Promise.allSettled([
            one.appendAtomically([request(ownOne, [event('Converted')], 'no_stream'), request(contested, [event('Won')], 'no_stream')]),
            two.appendAtomically([request(ownTwo, [event('Converted')], 'no_stream'), request(contested, [event('Won')], 'no_stream')]),
          ]);
          expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
          const winner = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
          const [winnerOwn, loserOwn] = winner === 0 ? [ownOne, ownTwo] : [ownTwo, ownOne];
          const { value } = outcomes[winner] as PromiseFulfilledResult<Awaited<ReturnType<EventStore['appendAtomically']>>>;
          const { reason } = outcomes[1 - winner] as PromiseRejectedResult;
          expect(await types(contested)).toEqual(['Won']);
          expect(await types(winnerOwn)).toEqual(['Converted']);
          if (one.capabilities.atomicMultiStreamAppend) {
            expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
            expect(await types(loserOwn)).toEqual([]);
            expectPositionsAfter(
              start,
              value.flatMap((result) => result.events.map((appended) => appended.position)),
            );
          } else if (reason instanceof PartialAppendError) {
            // Honest about what it could not undo: the loser's own stream, named.
            partial++;
            expect(reason.appended).toEqual([loserOwn]);
            expect(await types(loserOwn)).toEqual(['Converted']);
          } else {
            expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
            expect(await types(loserOwn)).toEqual([]);
          }
        }
        if (one.capabilities.atomicMultiStreamAppend) expect(partial).toBe(0);
        if (one.capabilities.hashChain) expect(await one.verifyChain()).toMatchObject({ intact: true });
      } finally {
        if (two !== one) await two.close();
      }
    });
  });
}
