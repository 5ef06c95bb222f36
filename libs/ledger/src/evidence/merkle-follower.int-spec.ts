import { createHash } from 'node:crypto';

import {
  chainHash,
  type EvidenceTables,
  GENESIS_HASH,
  LEAF_RUNS,
  type RecordedEvent,
  SqlEvidenceTables,
  SqliteEventStore,
  type StoredSubtree,
} from '@ledger/event-store';
import { sqliteSqlRunner } from '@ledger/event-store/sqlite/sqlite-sql-runner';
import { newEvent } from '@ledger/event-store/testing/contract-helpers';
import { tempFiles } from '@ledger/event-store/testing/temp-files';
import { eventLeaf, MerkleFrontier } from '@ledger/evidence';

import { MerkleFollower } from './merkle-follower';

/** RFC 9162's MTH written out recursively, independent of the code under test. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** Tables that fail once, after keeping the first `keep` rows of a write: a process dying between two statements. */
function failingOnce(tables: EvidenceTables, keep: number): EvidenceTables {
  let failed = false;
  return Object.assign(Object.create(tables) as EvidenceTables, {
    async keepSubtrees(rows: readonly StoredSubtree[]) {
      if (failed) return tables.keepSubtrees(rows);
      failed = true;
      await tables.keepSubtrees(rows.slice(0, keep));
      throw new Error('the process died here');
    },
  });
}

describe('MerkleFollower over a SQLite ledger', () => {
  let events: SqliteEventStore;
  let tables: SqlEvidenceTables;
  beforeEach(() => {
    events = SqliteEventStore.open({ path: ':memory:' });
    tables = new SqlEvidenceTables(sqliteSqlRunner(events.database));
  });
  afterEach(() => events.close());

  async function append(count: number): Promise<void> {
    for (let at = 0; at < count; at++) {
      await events.append(`client-${at % 7}`, [newEvent('ReorderPlaced', { n: at })], { expectedRevision: 'any' });
    }
  }
  const expectedRoot = async () => referenceRoot((await events.readAll()).map((event) => eventLeaf(event)));

  // On SQLite every read and write resolves at once: a catch-up that never returned to the event loop held every
  // request of the API process until the whole log was hashed (an export's /metrics samples waited seconds, then failed).
  it('lets other work run between batches while it catches up a long log', async () => {
    await append(2_000);
    const follower = new MerkleFollower(events, tables, { batchSize: 100 });
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 0);
    await follower.catchUp();
    clearInterval(ticking);
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('keeps the tree of every size it catches up to, the root as an independent MTH computes it', async () => {
    const follower = new MerkleFollower(events, tables, { batchSize: 64 });
    expect((await follower.catchUp()).treeSize).toBe(0);
    for (const count of [1, 2, 5, 100, 192]) {
      await append(count);
      const head = await follower.catchUp();
      expect(head.treeSize).toBe(await events.headPosition());
      expect(head.rootHash.equals(await expectedRoot())).toBe(true);
    }
    expect(await tables.leafCount()).toBe(300);
  });

  describe("hashing this process's own appends from the contents the store hands over", () => {
    const file = tempFiles('ledger-merkle-');
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, at) => from + at);

    /** A follower over `own` that records the positions it reads back to hash (not those it checks). */
    async function followed(held: number, appends: (own: SqliteEventStore, other: SqliteEventStore) => Promise<void>) {
      const path = file();
      const own = SqliteEventStore.open({ path });
      const other = SqliteEventStore.open({ path });
      try {
        const readBack: number[] = [];
        const watched = Object.assign(Object.create(own) as SqliteEventStore, {
          readAll: async (options: { after?: number; limit?: number; upToPosition?: number }) => {
            const read = await own.readAll(options);
            if (options.upToPosition === undefined) readBack.push(...read.map((event) => event.position));
            return read;
          },
        });
        const follower = new MerkleFollower(watched, new SqlEvidenceTables(sqliteSqlRunner(own.database)), {
          batchSize: 50,
          appendedContentsHeld: held,
        });
        await appends(own, other);
        const head = await follower.catchUp();
        await follower.stop();
        const root = referenceRoot((await own.readAll()).map((event) => eventLeaf(event)));
        return { head, root, readBack };
      } finally {
        await Promise.all([own.close(), other.close()]);
      }
    }
    const appendTo = async (store: SqliteEventStore, count: number) => {
      for (let at = 0; at < count; at++) {
        await store.append(`client-${at % 7}`, [newEvent('ReorderPlaced', { n: at })], { expectedRevision: 'any' });
      }
    };

    it("reads back only another process's appends, and keeps the same tree", async () => {
      const { head, root, readBack } = await followed(1_000, async (own, other) => {
        await appendTo(own, 120);
        await appendTo(other, 30);
        await appendTo(own, 80);
      });
      expect(head.treeSize).toBe(230);
      expect(head.rootHash.equals(root)).toBe(true);
      // One batch from the other process's first event: 121–150 are its, 151–170 come with them.
      expect(readBack).toEqual(range(121, 170));
    });

    it('reads back what it fell too far behind to hold', async () => {
      const { head, root, readBack } = await followed(100, (own) => appendTo(own, 300));
      expect(head.treeSize).toBe(300);
      expect(head.rootHash.equals(root)).toBe(true);
      expect(readBack).toEqual(range(1, 200));
    });
  });

  it('after a restart, resumes from the frontier it kept, reading back only its newest batch to check it', async () => {
    await append(300);
    await new MerkleFollower(events, tables, { batchSize: 100 }).catchUp();
    await append(45);
    const reads: Array<number | undefined> = [];
    const watched = Object.assign(Object.create(events) as SqliteEventStore, {
      readAll: (options: { after?: number; limit?: number }) => {
        reads.push(options.after);
        return events.readAll(options);
      },
    });
    const restarted = await new MerkleFollower(watched, tables, { batchSize: 100 }).catchUp();
    // Leaves 201–300 read back once, to check the log still holds what the tree hashed; then only the new events.
    expect(reads).toEqual([200, 300, 345]);
    expect(restarted.treeSize).toBe(345);
    expect(restarted.rootHash.equals(await expectedRoot())).toBe(true);
  });

  it('on a database kept before runs of leaves (migration 7 moves its rows), resumes the same tree and checks it', async () => {
    await append(45);
    // What the follower kept before: a row for every leaf and every completed subtree.
    const frontier = new MerkleFrontier();
    const rows = (await events.readAll()).flatMap((event) => frontier.append(eventLeaf(event)));
    events.database.exec('DROP TABLE merkle_leaf_runs; DELETE FROM merkle_subtrees');
    const insert = events.database.prepare('INSERT INTO merkle_subtrees (level, idx, hash) VALUES (?, ?, ?)');
    for (const { level, index, hash } of rows) insert.run(level, index, hash.toString('hex'));
    events.database.exec(LEAF_RUNS.sqlite);
    expect(await tables.leafCount()).toBe(45);
    expect(events.database.prepare('SELECT DISTINCT level FROM merkle_subtrees ORDER BY level').pluck().all()).toEqual([4, 5]);
    await append(20);
    const resumed = await new MerkleFollower(events, tables).catchUp();
    expect(resumed.treeSize).toBe(65);
    expect(resumed.rootHash.equals(await expectedRoot())).toBe(true);
  });

  /** Rewrites the log in the database, guards set aside and every later chain hash recomputed, so verifyChain finds it intact. */
  async function rewriteLog(rewrite: (events: RecordedEvent[]) => RecordedEvent[]): Promise<void> {
    const { database } = events;
    const kept = rewrite(await events.readAll());
    const guards = database
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
      .all();
    database.exec('DROP TRIGGER events_are_never_updated; DROP TRIGGER events_are_never_deleted');
    let hash = GENESIS_HASH;
    for (const event of kept) {
      hash = chainHash(hash, event);
      database.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run(JSON.stringify(event.data), hash, event.position);
    }
    database.prepare('DELETE FROM events WHERE position > ?').run(kept.at(-1)?.position ?? 0);
    for (const guard of guards) database.exec(guard.sql);
    expect(await events.verifyChain()).toMatchObject({ intact: true });
  }

  describe('a log rewritten beneath the tree it kept', () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    beforeEach(() => (warnings.length = 0));

    it('cut short: refuses to grow the tree (LOG_REWRITTEN), warns once naming the position, keeps the tree, and a restart finds it again', async () => {
      await append(20);
      const follower = new MerkleFollower(events, tables, { logger, intervalMs: 5 });
      const before = await follower.catchUp();
      await rewriteLog((all) => all.slice(0, -3));
      await append(5);
      const found =
        'the log holds no event at position 20, which the Merkle tree of 20 events hashed: it was truncated or events deleted beneath the tree';
      await expect(follower.catchUp()).rejects.toMatchObject({
        failure: { code: 'LOG_REWRITTEN' },
        message: expect.stringContaining(found),
      });
      expect(follower.logRewritten).toContain(found);
      follower.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await follower.stop();
      expect(warnings).toEqual([expect.stringContaining(found)]);
      expect(await tables.leafCount()).toBe(before.treeSize);
      const restarted = new MerkleFollower(events, tables, { logger });
      await expect(restarted.catchUp()).rejects.toMatchObject({ failure: { code: 'LOG_REWRITTEN' } });
    });

    // Before, the follower read on from its size: the new events (21–24 here, SQLite never reusing a position) became leaves
    // 21–24 of a tree whose leaves 19–20 the log no longer held, and every checkpoint after signed that tree.
    it('cut short and appended to again past its size: found on the next round, no new event hashed into the tree', async () => {
      await append(20);
      const follower = new MerkleFollower(events, tables, { logger });
      await follower.catchUp();
      await rewriteLog((all) => all.slice(0, -2));
      await append(4);
      expect(await events.headPosition()).toBeGreaterThan(20);
      await expect(follower.catchUp()).rejects.toMatchObject({
        failure: { code: 'LOG_REWRITTEN' },
        message: expect.stringContaining('the log holds no event at position 20,'),
      });
      expect(await tables.leafCount()).toBe(20);
    });

    it('an event edited and the chain re-hashed: a restarted follower finds the edit among its newest leaves', async () => {
      await append(20);
      await new MerkleFollower(events, tables).catchUp();
      await rewriteLog((all) => all.map((event) => (event.position === 12 ? { ...event, data: { n: 1_000 } } : event)));
      const restarted = new MerkleFollower(events, tables, { logger });
      await expect(restarted.catchUp()).rejects.toThrow(
        'the event at position 12 is not the one the Merkle tree hashed there: the log was edited beneath the tree',
      );
      expect(warnings).toHaveLength(1);
    });
  });

  it.each([0, 1, 57, 150, 199])(
    'after dying with %i rows of a batch written, it (or a new process) goes on from what the tables hold',
    async (keep) => {
      await append(130);
      await new MerkleFollower(events, tables).catchUp();
      await append(70);
      const dying = new MerkleFollower(events, failingOnce(tables, keep), { batchSize: 100 });
      await expect(dying.catchUp()).rejects.toThrow('the process died here');
      const retried = await dying.catchUp();
      expect(retried.rootHash.equals(await expectedRoot())).toBe(true);
      const fresh = await new MerkleFollower(events, tables).catchUp();
      expect(fresh).toEqual(retried);
    },
  );
});
