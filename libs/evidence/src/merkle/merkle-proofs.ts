import { foldSubtreeHashes, largestPowerOfTwoBelow, type LeafRange, type MerkleHash, rangeSubtrees, type Subtree } from './merkle-hash';
import type { SubtreeHashes } from './subtree-hashes';

/**
 * Inclusion and consistency proofs (RFC 9162 sections 2.1.3.1 and 2.1.4.1),
 * in two steps so a store can batch its reads: the ranges whose hashes make
 * the proof (each the MTH of a range of leaves), then their hashes from the
 * complete subtrees a SubtreeHashes keeps.
 */

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${value}`);
}

/** PATH(m, D[0:n]): the ranges of the inclusion proof of leaf m, from the leaf up to the root. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  checkSize('the tree size', treeSize);
  checkSize('the leaf index', leafIndex);
  if (leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);
  const fromRoot: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (leafIndex < start + k) {
      fromRoot.push({ start: start + k, end });
      end = start + k;
    } else {
      fromRoot.push({ start, end: start + k });
      start += k;
    }
  }
  return fromRoot.reverse();
}

/** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true): the ranges of the proof that the tree of `first` leaves is a prefix of the tree of `second`. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  checkSize('the first tree size', first);
  checkSize('the second tree size', second);
  if (first > second) throw new RangeError(`a tree of ${first} leaves is not a prefix of one of ${second}`);
  // The proof that the empty tree, or a tree itself, is a prefix is empty.
  if (first === 0 || first === second) return [];
  const fromRoot: LeafRange[] = [];
  let start = 0;
  let end = second;
  let m = first;
  let whole = true; // SUBPROOF's b: the subtree [start, start + m) is the first tree as a whole, whose root the verifier has.
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      fromRoot.push({ start: start + k, end });
      end = start + k;
    } else {
      fromRoot.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) fromRoot.push({ start, end });
  return fromRoot.reverse();
}

/** The complete subtrees whose hashes a set of proof ranges needs, each once: what a store reads ahead. */
export function subtreesOfRanges(ranges: readonly LeafRange[]): Subtree[] {
  const seen = new Set<string>();
  return ranges
    .flatMap((range) => rangeSubtrees(range))
    .filter(({ level, index }) => {
      const key = `${level}:${index}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** MTH(D[start:end]) of a range RFC 9162's recursion produces, from the subtrees that make it. */
export function rangeHash(range: LeafRange, hashes: SubtreeHashes): MerkleHash {
  return foldSubtreeHashes(rangeSubtrees(range).map((subtree) => hashes.subtreeHash(subtree)));
}

/** The root of the tree of the first `treeSize` leaves (a past checkpoint's size, or the current one). */
export function treeRoot(treeSize: number, hashes: SubtreeHashes): MerkleHash {
  checkSize('the tree size', treeSize);
  return rangeHash({ start: 0, end: treeSize }, hashes);
}

/** The inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves, leaf to root. */
export function inclusionProof(leafIndex: number, treeSize: number, hashes: SubtreeHashes): MerkleHash[] {
  return inclusionRanges(leafIndex, treeSize).map((range) => rangeHash(range, hashes));
}

/** The consistency proof from the tree of `first` leaves to the tree of `second`. */
export function consistencyProof(first: number, second: number, hashes: SubtreeHashes): MerkleHash[] {
  return consistencyRanges(first, second).map((range) => rangeHash(range, hashes));
}
