import { type ChainedLog, copyLog } from '../copy-log';
import { chainHash, GENESIS_HASH } from '../event-chain';
import { type ChainedEvent, CopiedHashMismatchError, CopyRefusedError, type EventStore, type NewEvent } from '../event-store';
import { event } from './contract-helpers';

/**
 * appendCopiedEvents, for a store that moves a ledger in (SQLite, PostgreSQL): a log copied
 * into an empty store, whole or in batches, is the same chain (same events, positions, record
 * times and hashes), and a copy that does not continue the head or does not hash to its
 * source's hashes is refused with nothing of the batch kept. `openEmpty` gives a store of an
 * empty log of its own each time; the suite closes them.
 */
export function copyContract(name: string, openEmpty: () => Promise<EventStore>): void {
  describe(`EventStore contract: copying a log in (${name})`, () => {
    const opened: EventStore[] = [];
    const open = async () => {
      const store = await openEmpty();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    /** A source log of several streams whose metadata carries every field a copy must keep, read back with the hashes it chained. */
    const sourceLog = async (): Promise<{ source: EventStore; events: ChainedEvent[] }> => {
      const source = await open();
      const byPolicy: NewEvent['metadata'] = {
        actor: { type: 'policy', name: 'handoff-after-reorders' },
        correlationId: 'corr-1',
        causationId: 'cause-1',
        rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, strict: true } },
      };
      const byUser: NewEvent['metadata'] = {
        actor: { type: 'user', id: 'rep-anna', role: 'rep' },
        correlationId: 'corr-2',
        causationId: 'cmd-2',
      };
      await source.append('client-a', [event('ClientWon', { amount: '12.50', note: 'naïve – “quoted”' }, byUser), event('OrderPlaced')], {
        expectedRevision: 'no_stream',
      });
      await source.append('client-b', [event('ClientWon', { nested: { z: 1, a: [1, null] } }, byPolicy, { schemaVersion: 2 })], {
        expectedRevision: 'no_stream',
      });
      await source.append('client-a', [event('HandoffRequested', {}, byPolicy)], { expectedRevision: 1 });
      let previous = GENESIS_HASH;
      const events = (await source.readAll()).map((recorded) => {
        previous = chainHash(previous, recorded);
        return { ...recorded, hash: previous };
      });
      return { source, events };
    };

    /** The log with the hashes its chain holds, recomputed from what it reads (verifyChain finds them stored). */
    const chained = (events: EventStore): ChainedLog => ({
      events,
      hashes: async (positions) => {
        let previous = GENESIS_HASH;
        const all = new Map((await events.readAll()).map((recorded) => [recorded.position, (previous = chainHash(previous, recorded))]));
        return new Map(positions.filter((position) => all.has(position)).map((position) => [position, all.get(position)!]));
      },
    });

    it('copies a whole log batch by batch (copyLog), resumes a stopped copy, and refuses a target holding another log', async () => {
      const { source, events } = await sourceLog();
      const target = await open();
      await target.appendCopiedEvents(events.slice(0, 1));
      const batches: number[] = [];
      const result = await copyLog(chained(source), chained(target), { batchSize: 2, onBatch: (upTo) => batches.push(upTo) });
      expect(result).toEqual({ resumedAfter: 1, events: 3, headPosition: 4, headHash: events[3]!.hash });
      expect(batches).toEqual([3, 4]);
      expect(await target.readAll()).toEqual(await source.readAll());
      expect(await copyLog(chained(source), chained(target))).toEqual({
        resumedAfter: 4,
        events: 0,
        headPosition: 4,
        headHash: events[3]!.hash,
      });

      const ownLog = await open();
      await ownLog.append('other', [event('Other')], { expectedRevision: 'no_stream' });
      await expect(copyLog(chained(source), chained(ownLog))).rejects.toThrow(
        "the target already holds a log up to position 1 that is not the source's (their hashes at position 1 differ): copy into an empty store",
      );
      await expect(copyLog(chained(ownLog), chained(target))).rejects.toThrow(
        /holds a log up to position 4, beyond the source's head at 1/,
      );
    });

    it('keeps every event as its source recorded it, so the copy verifies as the same chain and later appends continue it', async () => {
      const { source, events } = await sourceLog();
      const target = await open();
      await target.appendCopiedEvents(events);

      expect(await target.readAll()).toEqual(await source.readAll());
      expect(await target.readStream('client-a')).toEqual(await source.readStream('client-a'));
      expect(await target.headPosition()).toBe(4);
      expect(await target.verifyChain()).toEqual({ intact: true, verifiedUpTo: 4, events: 4 });

      const next = await target.append('client-a', [event('OrderPlaced')], { expectedRevision: 2 });
      expect(next).toMatchObject({ revision: 3, position: 5 });
      expect(await target.verifyChain()).toEqual({ intact: true, verifiedUpTo: 5, events: 5 });
    });

    it('resumes a copy exactly where it stopped, batch after batch', async () => {
      const { source, events } = await sourceLog();
      const target = await open();
      await target.appendCopiedEvents(events.slice(0, 1));
      await target.appendCopiedEvents(events.slice(1, 3));
      await target.appendCopiedEvents(events.slice(3));
      expect(await target.readAll()).toEqual(await source.readAll());
      expect(await target.verifyChain()).toEqual({ intact: true, verifiedUpTo: 4, events: 4 });
    });

    it('refuses a batch that does not continue the head (a gap, a repeat, a log of its own), keeping nothing of it', async () => {
      const { events } = await sourceLog();
      const target = await open();
      await expect(target.appendCopiedEvents(events.slice(1))).rejects.toThrow(CopyRefusedError);
      await expect(target.appendCopiedEvents([events[0]!, events[2]!])).rejects.toThrow(/position 3 came where 2 was due/);
      expect(await target.headPosition()).toBe(0);

      await target.appendCopiedEvents(events.slice(0, 2));
      await expect(target.appendCopiedEvents(events)).rejects.toThrow(/head is at position 2: a copy continues it at 3, not at 1/);

      const ownLog = await open();
      await ownLog.append('other', [event('Other')], { expectedRevision: 'no_stream' });
      // Position 2 continues its head, but not its chain: its position 1 is another event.
      await expect(ownLog.appendCopiedEvents(events.slice(1))).rejects.toThrow(CopiedHashMismatchError);
      expect(await ownLog.headPosition()).toBe(1);
    });

    it('stops at the first event that does not hash to its source hash, naming its position, keeping nothing of the batch', async () => {
      const { events } = await sourceLog();
      const target = await open();
      const altered = events.map((copied) => (copied.position === 3 ? { ...copied, recordedAt: '2020-01-01T00:00:00.000Z' } : copied));
      const refusal = await target.appendCopiedEvents(altered).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CopiedHashMismatchError);
      expect(refusal).toMatchObject({ position: 3, storedHash: events[2]!.hash });
      expect((refusal as Error).message).toMatch(/^the event at position 3 does not hash to what its source stored/);
      expect(await target.headPosition()).toBe(0);
      expect(await target.readAll()).toEqual([]);
    });
  });
}
