import { foldSubtreeHashes, type HashedSubtree, leafHash, type MerkleHash, nodeHash, rangeSubtrees } from './merkle-hash';
import type { SubtreeHashes } from './subtree-hashes';

/**
 * The tree as it grows, held as its compact range: the roots of the complete
 * subtrees that make up leaves [0, size), largest first — one per set bit of
 * size, so at most log2(size) + 1 hashes. An append merges equal neighbours
 * (O(log n), amortised 2 hashes), and the root is their right fold at any time.
 * The append answers every subtree it completed, so a store can keep them for
 * proofs; restore() rebuilds the frontier from such a store after a restart.
 */
export class MerkleFrontier {
  private readonly roots: HashedSubtree[] = [];
  private leaves = 0;

  /** The frontier of the first `size` leaves, read from the complete subtrees a store kept. */
  static restore(size: number, hashes: SubtreeHashes): MerkleFrontier {
    const frontier = new MerkleFrontier();
    for (const subtree of rangeSubtrees({ start: 0, end: size })) frontier.roots.push({ ...subtree, hash: hashes.subtreeHash(subtree) });
    frontier.leaves = size;
    return frontier;
  }

  get size(): number {
    return this.leaves;
  }

  /** Appends a leaf's bytes (a string as UTF-8); answers the subtrees completed, the leaf first. */
  append(leaf: Uint8Array | string): HashedSubtree[] {
    return this.appendLeafHash(leafHash(leaf));
  }

  /** Appends a leaf already hashed with leafHash; answers the subtrees completed, the leaf first. */
  appendLeafHash(hash: MerkleHash): HashedSubtree[] {
    let completed: HashedSubtree = { level: 0, index: this.leaves, hash };
    const all = [completed];
    // A subtree is completed at each level where the new leaf's index ends in a 1 bit: it joins the equal-sized root on its left.
    while (completed.index % 2 === 1) {
      const left = this.roots.pop()!;
      completed = { level: completed.level + 1, index: (completed.index - 1) / 2, hash: nodeHash(left.hash, completed.hash) };
      all.push(completed);
    }
    this.roots.push(completed);
    this.leaves += 1;
    return all;
  }

  /** MTH of the leaves so far (the empty tree's root for none). */
  root(): MerkleHash {
    return foldSubtreeHashes(this.roots.map((subtree) => subtree.hash));
  }

  /** The compact range itself: the complete subtrees of [0, size), largest first. */
  subtrees(): readonly HashedSubtree[] {
    return [...this.roots];
  }
}
