import { type EvidenceTables, LEAVES_PER_RUN, RUN_LEVEL, type StoredLeafRun, type StoredSubtree } from '@ledger/event-store';
import { HASH_BYTES, type HashedSubtree, type MerkleHash, nodeHash, type Subtree, subtreeHashesOf } from '@ledger/evidence';

/**
 * The one way to the hashes of the kept tree's subtrees (ADR 0013), for the
 * proofs, the bundles, the follower's restore and its check of the log: a
 * subtree of a run or more is a row of its own; one below a run is computed
 * from the run's leaf hashes (at most LEAVES_PER_RUN − 1 node hashes), never
 * from the events, so a proof shows the tree as it was hashed, whatever the
 * log holds now.
 */
export async function readSubtreeHashes(tables: EvidenceTables, wanted: readonly Subtree[]) {
  const rows = wanted.filter(({ level }) => level >= RUN_LEVEL);
  const below = wanted.filter(({ level }) => level < RUN_LEVEL);
  const [kept, runs] = await Promise.all([
    rows.length === 0 ? [] : tables.subtrees(rows),
    below.length === 0 ? [] : tables.leafRuns([...new Set(below.map((subtree) => runOf(subtree)))]),
  ]);
  const leavesOf = new Map(runs.map(({ run, hashes }) => [run, Buffer.from(hashes, 'hex')]));
  const hashed: HashedSubtree[] = kept.map(({ level, index, hash }) => ({ level, index, hash: Buffer.from(hash, 'hex') }));
  for (const subtree of below) {
    const leaves = leavesOf.get(runOf(subtree));
    const first = (subtree.index * 2 ** subtree.level) % LEAVES_PER_RUN;
    const count = 2 ** subtree.level;
    // A run shorter than the subtree needs: the subtree is not kept, and asking for it fails as for a missing row.
    if (!leaves || (first + count) * HASH_BYTES > leaves.length) continue;
    hashed.push({ ...subtree, hash: completeSubtreeHash(leaves, first, count) });
  }
  return subtreeHashesOf(hashed);
}

const runOf = ({ level, index }: Subtree): number => Math.floor((index * 2 ** level) / LEAVES_PER_RUN);

/** The hash of the complete subtree of `count` (a power of two) leaf hashes from `first` on, side by side in `leaves`. */
function completeSubtreeHash(leaves: Buffer, first: number, count: number): MerkleHash {
  let level: MerkleHash[] = [];
  for (let at = first; at < first + count; at++) level.push(leaves.subarray(at * HASH_BYTES, (at + 1) * HASH_BYTES));
  while (level.length > 1) {
    const up: MerkleHash[] = [];
    for (let at = 0; at < level.length; at += 2) up.push(nodeHash(level[at]!, level[at + 1]!));
    level = up;
  }
  return level[0]!;
}

/** What the follower keeps of a batch: the subtrees of a run or more completed (as rows), and the runs of leaves it touched. */
export class KeptBatch {
  private readonly subtrees: StoredSubtree[] = [];
  private readonly runs: StoredLeafRun[] = [];

  /**
   * @param tail the leaf hashes of the last run, incomplete, before the batch (the run starting at
   * size − tail.length); the batch goes on filling it.
   */
  constructor(private tail: MerkleHash[]) {}

  /** A leaf appended, with the subtrees it completed (MerkleFrontier's answer, the leaf first). */
  add(completed: readonly HashedSubtree[]): void {
    const [leaf, ...parents] = completed;
    this.tail.push(leaf!.hash);
    for (const { level, index, hash } of parents) {
      if (level >= RUN_LEVEL) this.subtrees.push({ level, index, hash: hash.toString('hex') });
    }
    if (this.tail.length === LEAVES_PER_RUN) this.closeRun(leaf!.index);
  }

  /**
   * Writes the subtrees, then the runs: a crash between statements never leaves a kept leaf
   * without the subtrees above it. Answers the leaf hashes of the incomplete run left.
   */
  async keep(tables: EvidenceTables, size: number): Promise<MerkleHash[]> {
    const tail = this.tail;
    if (tail.length > 0) this.closeRun(size - 1);
    await tables.keepSubtrees(this.subtrees);
    await tables.keepLeafRuns(this.runs);
    return tail;
  }

  private closeRun(lastLeaf: number): void {
    this.runs.push({ run: Math.floor(lastLeaf / LEAVES_PER_RUN), hashes: Buffer.concat(this.tail).toString('hex') });
    this.tail = [];
  }
}
