import { createHash } from 'node:crypto';

import { type EvidenceTables, SqlEvidenceTables, SqliteEventStore, type StoredSubtree } from '@ledger/event-store';
import { sqliteSqlRunner } from '@ledger/event-store/sqlite/sqlite-sql-runner';
import { newEvent } from '@ledger/event-store/testing/contract-helpers';
import { eventLeaf } from '@ledger/evidence';

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

  it('after a restart, resumes from the frontier it kept without reading the log again', async () => {
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
    expect(reads).toEqual([300, 345]);
    expect(restarted.treeSize).toBe(345);
    expect(restarted.rootHash.equals(await expectedRoot())).toBe(true);
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
