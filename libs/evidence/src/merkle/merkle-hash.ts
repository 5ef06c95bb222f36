import * as crypto from 'node:crypto';

/**
 * The hashing of RFC 6962 / RFC 9162 (section 2.1.1): a leaf hashes as
 * SHA-256(0x00 || leaf bytes), an inner node as SHA-256(0x01 || left || right),
 * the empty tree as SHA-256 of nothing. The prefixes keep a leaf from passing
 * for a node (a second-preimage attack). Positions are plain numbers (exact to
 * 2^53), so the code divides rather than shifts bits (bit operators stop at 2^31).
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** A SHA-256 digest, 32 bytes. */
export type MerkleHash = Buffer;

export const HASH_BYTES = 32;

/** The root of a tree with no leaves: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: MerkleHash = crypto.createHash('sha256').digest();

// crypto.hash (Node 20.12+) over one buffer or string costs about half of createHash with its updates; older Nodes take the long way.
const oneShot = typeof crypto.hash === 'function';
const sha256: (bytes: Buffer | string) => MerkleHash = oneShot
  ? (bytes) => crypto.hash('sha256', bytes, 'buffer')
  : (bytes) => crypto.createHash('sha256').update(bytes).digest();

/**
 * SHA-256(0x00 || leaf); a string leaf is hashed as its UTF-8 bytes. A string goes in with its prefix
 * as U+0000 (UTF-8 0x00): hashed as one text, with no buffer made of it (the follower hashes every event).
 */
export function leafHash(leaf: Uint8Array | string): MerkleHash {
  return typeof leaf === 'string' ? sha256('\u0000' + leaf) : sha256(Buffer.concat([LEAF_PREFIX, leaf]));
}

/** Where nodeHash lays out 0x01 || left || right: hashing is synchronous, so one buffer serves every call. */
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES, NODE_PREFIX[0]);

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): MerkleHash {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) return sha256(Buffer.concat([NODE_PREFIX, left, right]));
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return sha256(nodeInput);
}

/** The largest power of two strictly below n (n > 1): where RFC 9162 splits a tree of n leaves. */
export function largestPowerOfTwoBelow(n: number): number {
  if (!(n > 1)) throw new RangeError(`a tree of ${n} leaves does not split`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * A complete subtree: the 2^level leaves from index · 2^level on. Every hash a
 * proof needs is one of these or a right fold of a few, so a store that keeps
 * them (a table keyed by level and index) can answer any proof in O(log² n) reads.
 */
export interface Subtree {
  readonly level: number;
  readonly index: number;
}

/** A complete subtree with its hash. */
export interface HashedSubtree extends Subtree {
  readonly hash: MerkleHash;
}

export const subtreeStart = ({ level, index }: Subtree): number => index * 2 ** level;

/** A half-open range of leaf indexes [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The complete subtrees that make up a range, largest first. For a range that
 * RFC 9162's recursion produces (its start a multiple of the largest power of
 * two that fits in it) the range's hash MTH is the right fold of their hashes:
 * MTH = node(s1, node(s2, … node(s(k-1), sk))).
 */
export function rangeSubtrees({ start, end }: LeafRange): Subtree[] {
  const subtrees: Subtree[] = [];
  let at = start;
  while (at < end) {
    let size = 1;
    let level = 0;
    while (size * 2 <= end - at) {
      size *= 2;
      level += 1;
    }
    if (at % size !== 0) throw new RangeError(`the leaves [${start}, ${end}) are not a subtree of a Merkle tree`);
    subtrees.push({ level, index: at / size });
    at += size;
  }
  return subtrees;
}

/** The right fold of subtree hashes, largest first (see rangeSubtrees); the empty tree's root for none. */
export function foldSubtreeHashes(hashes: readonly Uint8Array[]): MerkleHash {
  if (hashes.length === 0) return EMPTY_TREE_ROOT;
  let root: MerkleHash = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i]!, root);
  return root;
}
