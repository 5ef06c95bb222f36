import { DuplicateEventIdError, type EventStore, WrongExpectedRevisionError } from '../event-store';
import { contractHelpers, event } from './contract-helpers';

/** append, as every store runs it: revisions, idempotent repeats, positions, the chain (called from eventStoreContract, inside its describe, with its store of the moment). */
export function appendContract(current: () => EventStore): void {
  const { streamName, types, failure, expectPositionsAfter } = contractHelpers(current);
  let store: EventStore;
  beforeEach(() => {
    store = current();
  });

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
      const byUserWithoutRole = event('Noted', null, {
        actor: { type: 'user', id: 'ops', role: null },
        correlationId: 'corr-2',
        causationId: 'cmd-2',
      });

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
      expectPositionsAfter(
        start,
        result.events.map((e) => e.position),
      );
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
}
