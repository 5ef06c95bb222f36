import type { EventStore } from '../event-store';
import { contractHelpers, eventAt } from './contract-helpers';

/** readAll narrowed by stream and by ranges of business and record time (called from eventStoreContract, inside its describe). */
export function readAllFilterContract(current: () => EventStore): void {
  const { streamName, types } = contractHelpers(current);
  describe('readAll filtered by stream and time ranges', () => {
    it('reads only one stream, in global order, a page at a time, combined with the other filters', async () => {
      const store = current();
      const start = await store.headPosition();
      const [mine, other] = [streamName('mine'), streamName('other')];
      await store.append(mine, [eventAt('m1', '2024-01-01T00:00:00.000Z')], { expectedRevision: 'no_stream' });
      await store.append(other, [eventAt('o1', '2024-01-01T00:00:00.000Z')], { expectedRevision: 'no_stream' });
      await store.append(mine, [eventAt('m2', '2024-02-01T00:00:00.000Z'), eventAt('m3', '2024-03-01T00:00:00.000Z')], {
        expectedRevision: 0,
      });
      await store.append(other, [eventAt('o2', '2024-02-01T00:00:00.000Z')], { expectedRevision: 0 });

      expect(types(await store.readAll({ after: start, streamId: mine }))).toEqual(['m1', 'm2', 'm3']);
      const [first] = await store.readAll({ after: start, streamId: mine, limit: 1 });
      expect(types(await store.readAll({ after: first!.position, streamId: mine, limit: 1 }))).toEqual(['m2']);
      expect(types(await store.readAll({ after: start, streamId: mine, types: ['m1', 'm3'] }))).toEqual(['m1', 'm3']);
      const mineFromFebruary = { after: start, streamId: mine, occurredFrom: '2024-02-01T00:00:00.000Z' };
      expect(types(await store.readAll({ ...mineFromFebruary, occurredUpTo: '2024-02-29T23:59:59.999Z' }))).toEqual(['m2']);
      expect((await store.readAll({ ...mineFromFebruary, forFold: true })).map((folded) => folded.type)).toEqual(['m2', 'm3']);
      expect(await store.readAll({ after: start, streamId: streamName('absent') })).toEqual([]);
    });

    it('reads only events that occurred, or were recorded, at or after a time, both ends inclusive', async () => {
      const store = current();
      const start = await store.headPosition();
      const stream = streamName('ranges');
      await store.append(stream, [eventAt('march', '2024-03-01T10:00:00.000Z'), eventAt('january', '2024-01-15T00:00:00.000Z')], {
        expectedRevision: 'no_stream',
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.append(stream, [eventAt('may', '2024-05-01T10:00:00.000Z')], { expectedRevision: 1 });
      const [, , may] = await store.readStream(stream);

      const occurred = (occurredFrom: string, occurredUpTo?: string) => store.readAll({ after: start, occurredFrom, occurredUpTo });
      expect(types(await occurred('2024-03-01T10:00:00.000Z'))).toEqual(['march', 'may']);
      expect(types(await occurred('2024-03-01T10:00:00.001Z'))).toEqual(['may']);
      expect(types(await occurred('2024-01-01T00:00:00.000Z', '2024-03-01T10:00:00.000Z'))).toEqual(['march', 'january']);
      expect(types(await store.readAll({ after: start, recordedFrom: may!.recordedAt }))).toEqual(['may']);
      expect(types(await store.readAll({ after: start, recordedFrom: may!.recordedAt, recordedUpTo: may!.recordedAt }))).toEqual(['may']);
      const page = await store.readAll({ after: start, occurredFrom: '2024-02-01T00:00:00.000Z', limit: 1 });
      expect(types(page)).toEqual(['march']);
      expect(types(await store.readAll({ after: page[0]!.position, occurredFrom: '2024-02-01T00:00:00.000Z', limit: 1 }))).toEqual(['may']);
    });
  });
}
