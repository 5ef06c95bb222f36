import { createHash } from 'node:crypto';

import type { EventStore } from '../event-store';
import { type EvidenceTables, LEAVES_PER_RUN, type StoredCheckpoint } from '../evidence-tables';
import { newEvent } from './contract-helpers';

/** A store of its own (an empty database or schema), its evidence tables, and how to let go of it. */
export interface OpenedEvidenceTables {
  readonly events: EventStore;
  readonly tables: EvidenceTables;
  close(): Promise<void>;
}

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const checkpointOf = (treeSize: number, time = '2025-03-01T00:00:00.000Z'): StoredCheckpoint => ({
  treeSize,
  rootHash: hex(`root ${treeSize}`),
  time,
  note: `sales-ledger/log\n${treeSize}\n…\n\n— sales-ledger abc=\n`,
});

/**
 * What every EvidenceTables promises: subtree hashes kept once each and read
 * back by (level, index) whatever their number, runs of leaf hashes only ever
 * lengthened, the leaf count one past the highest leaf, checkpoints kept once per tree size, and the events' stored
 * chain hashes by position. Each test opens a store of its own.
 */
export function evidenceTablesContract(name: string, open: () => Promise<OpenedEvidenceTables>): void {
  describe(`EvidenceTables contract: ${name}`, () => {
    let opened: OpenedEvidenceTables;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(() => opened.close());

    it('keeps subtree hashes, a repeat left as it was, and reads any number of them back by level and index', async () => {
      const { tables } = opened;
      const low = Array.from({ length: 250 }, (_, index) => ({ level: 4, index, hash: hex(`node ${index}`) }));
      const high = Array.from({ length: 125 }, (_, index) => ({ level: 5, index, hash: hex(`node ${index}`) }));
      await tables.keepSubtrees([...high, ...low]);
      await tables.keepSubtrees([{ level: 4, index: 7, hash: hex('another') }]);
      const wanted = [...low.filter((row) => row.index % 2 === 1), high[124]!, { level: 9, index: 0, hash: '' }];
      const read = await tables.subtrees(wanted);
      const byKey = (all: ReadonlyArray<{ level: number; index: number }>) =>
        [...all].sort((a, b) => a.level - b.level || a.index - b.index);
      expect(byKey(read)).toEqual(byKey([...low.filter((row) => row.index % 2 === 1), high[124]!]));
      expect(read.find((subtree) => subtree.level === 4 && subtree.index === 7)!.hash).toBe(hex('node 7'));
      expect(await tables.subtrees([])).toEqual([]);
    });

    it('keeps runs of leaf hashes, a run replaced only by a longer one, and counts the leaves from the last run', async () => {
      const { tables } = opened;
      const leaves = (from: number, count: number) => Array.from({ length: count }, (_, at) => hex(`leaf ${from + at}`)).join('');
      expect(await tables.leafCount()).toBe(0);
      const runs = Array.from({ length: 150 }, (_, run) => ({ run, hashes: leaves(run * LEAVES_PER_RUN, LEAVES_PER_RUN) }));
      await tables.keepLeafRuns([...runs, { run: 150, hashes: leaves(150 * LEAVES_PER_RUN, 3) }]);
      expect(await tables.leafCount()).toBe(150 * LEAVES_PER_RUN + 3);
      await tables.keepLeafRuns([{ run: 150, hashes: leaves(150 * LEAVES_PER_RUN, 2) }]);
      expect(await tables.leafCount()).toBe(150 * LEAVES_PER_RUN + 3);
      await tables.keepLeafRuns([{ run: 150, hashes: leaves(150 * LEAVES_PER_RUN, 5) }]);
      expect(await tables.leafCount()).toBe(150 * LEAVES_PER_RUN + 5);
      const read = await tables.leafRuns([...runs.map(({ run }) => run), 150, 151]);
      expect([...read].sort((a, b) => a.run - b.run)).toEqual([...runs, { run: 150, hashes: leaves(150 * LEAVES_PER_RUN, 5) }]);
      expect(await tables.leafRuns([])).toEqual([]);
    });

    it('counts leaves past 2^31, and reads a run and a subtree there back exactly', async () => {
      const { tables } = opened;
      const run = { run: 3_000_000_000 / LEAVES_PER_RUN, hashes: hex('far') };
      const far = { level: 4, index: 3_000_000_000 / LEAVES_PER_RUN, hash: hex('far') };
      await tables.keepLeafRuns([run]);
      await tables.keepSubtrees([far]);
      expect(await tables.leafCount()).toBe(3_000_000_001);
      expect(await tables.leafRuns([run.run])).toEqual([run]);
      expect(await tables.subtrees([far])).toEqual([far]);
    });

    it('keeps one checkpoint per tree size, the first kept, and answers the latest, one by size and the newest first', async () => {
      const { tables } = opened;
      expect(await tables.checkpoint()).toBeUndefined();
      expect(await tables.keepCheckpoint(checkpointOf(10))).toEqual(checkpointOf(10));
      await tables.keepCheckpoint(checkpointOf(3));
      expect(await tables.keepCheckpoint(checkpointOf(10, '2025-04-01T00:00:00.000Z'))).toEqual(checkpointOf(10));
      expect(await tables.checkpoint()).toEqual(checkpointOf(10));
      expect(await tables.checkpoint(3)).toEqual(checkpointOf(3));
      expect(await tables.checkpoint(4)).toBeUndefined();
      expect(await tables.checkpoints(10)).toEqual([checkpointOf(10), checkpointOf(3)]);
      expect(await tables.checkpoints(1)).toEqual([checkpointOf(10)]);
    });

    it('reads the chain hash stored with each event by position, skipping positions with none, and finds an event by id', async () => {
      const { events, tables } = opened;
      await events.append('client-1', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
      await events.append('client-2', [newEvent('C')], { expectedRevision: 'no_stream' });
      const chain = await events.verifyChain();
      expect(chain).toMatchObject({ intact: true, verifiedUpTo: 3 });
      const hashes = await tables.eventHashes([1, 3, 9]);
      expect([...hashes.keys()].sort()).toEqual([1, 3]);
      for (const hash of hashes.values()) expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await tables.eventHashes([])).toEqual(new Map());
      const [third] = await events.readAll({ after: 2 });
      expect(await tables.positionOf(third!.eventId)).toBe(3);
      expect(await tables.positionOf('no-such-event')).toBeUndefined();
    });
  });
}
