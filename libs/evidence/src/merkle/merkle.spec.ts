import { createHash } from 'node:crypto';

import { MerkleFrontier } from './merkle-frontier';
import { EMPTY_TREE_ROOT, leafHash, type MerkleHash, rangeSubtrees } from './merkle-hash';
import { consistencyProof, consistencyRanges, inclusionProof, inclusionRanges, subtreesOfRanges, treeRoot } from './merkle-proofs';
import { verifyConsistency, verifyInclusion } from './merkle-verify';
import { InMemorySubtreeHashes, subtreeHashesOf } from './subtree-hashes';

/**
 * RFC 6962 section 2.1 written out literally, as the reference the code under
 * test is held to: MTH, PATH and SUBPROOF recursive over the leaves' bytes,
 * with its own SHA-256 calls and nothing imported from the library.
 */
const reference = {
  sha256: (...parts: Uint8Array[]): Buffer => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest(),
  split(n: number): number {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  },
  mth(leaves: readonly Buffer[]): Buffer {
    if (leaves.length === 0) return reference.sha256();
    if (leaves.length === 1) return reference.sha256(Buffer.from([0]), leaves[0]!);
    // Remembered by (first leaf object, length), which names one run of one array's leaves (a different tree must use
    // other Buffer objects): only to keep thousands of proofs quick.
    const known = reference.memo.get(leaves[0]!)?.get(leaves.length);
    if (known) return known;
    const k = reference.split(leaves.length);
    const hash = reference.sha256(Buffer.from([1]), reference.mth(leaves.slice(0, k)), reference.mth(leaves.slice(k)));
    if (!reference.memo.has(leaves[0]!)) reference.memo.set(leaves[0]!, new Map());
    reference.memo.get(leaves[0]!)!.set(leaves.length, hash);
    return hash;
  },
  memo: new WeakMap<Buffer, Map<number, Buffer>>(),
  path(m: number, leaves: readonly Buffer[]): Buffer[] {
    if (leaves.length <= 1) return [];
    const k = reference.split(leaves.length);
    return m < k
      ? [...reference.path(m, leaves.slice(0, k)), reference.mth(leaves.slice(k))]
      : [...reference.path(m - k, leaves.slice(k)), reference.mth(leaves.slice(0, k))];
  },
  subproof(m: number, leaves: readonly Buffer[], whole: boolean): Buffer[] {
    const n = leaves.length;
    if (m === n) return whole ? [] : [reference.mth(leaves)];
    const k = reference.split(n);
    return m <= k
      ? [...reference.subproof(m, leaves.slice(0, k), whole), reference.mth(leaves.slice(k))]
      : [...reference.subproof(m - k, leaves.slice(k), false), reference.mth(leaves.slice(0, k))];
  },
  proof: (m: number, leaves: readonly Buffer[]): Buffer[] => (m === 0 || m === leaves.length ? [] : reference.subproof(m, leaves, true)),
};

const MAX_SIZE = 300;
/** Proofs compared as text: jest's deep equality over thousands of arrays of Buffers is slow. */
const hex = (hashes: readonly Buffer[]): string => hashes.map((hash) => hash.toString('hex')).join(' ');
const leaves = Array.from({ length: 3_000 }, (_, i) => Buffer.from(`leaf ${i}`));

/** A tree of the first `size` leaves built with the code under test, its subtrees kept in memory. */
function grow(size: number) {
  const frontier = new MerkleFrontier();
  const hashes = new InMemorySubtreeHashes();
  const roots: MerkleHash[] = [frontier.root()];
  for (const leaf of leaves.slice(0, size)) {
    hashes.keep(frontier.append(leaf));
    roots.push(frontier.root());
  }
  return { frontier, hashes, roots };
}

const tree = grow(leaves.length);
/** The reference root of every prefix up to MAX_SIZE, computed once. */
const referenceRoots = Array.from({ length: MAX_SIZE + 1 }, (_, n) => reference.mth(leaves.slice(0, n)));

/**
 * The leaf indexes (or first sizes) to try in a tree of n leaves: all of them up to 64 leaves, beyond
 * that the ends, each side of every power of two and a few seeded random ones (every pair of
 * 300 sizes costs minutes on a loaded machine and finds nothing these do not).
 */
function samples(n: number, upTo: number, next: () => number): number[] {
  if (n <= 64) return Array.from({ length: upTo + 1 }, (_, i) => i);
  const picked = new Set([0, 1, upTo - 1, upTo]);
  for (let k = 1; k <= n; k *= 2) for (const near of [k - 1, k, k + 1]) if (near <= upTo) picked.add(near);
  for (let i = 0; i < 6; i++) picked.add(Math.floor(next() * (upTo + 1)));
  return [...picked].filter((value) => value >= 0 && value <= upTo);
}

/** A seeded generator, so a failing random pair is found again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('Merkle tree hashing (RFC 6962 / 9162)', () => {
  it('hashes the empty tree as SHA-256 of nothing and a leaf with the 0x00 prefix', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash('')).toEqual(reference.sha256(Buffer.from([0])));
  });

  it('given leaves appended one by one, the frontier root equals MTH at every size 0..300', () => {
    for (let n = 0; n <= MAX_SIZE; n++) expect(tree.roots[n]).toEqual(referenceRoots[n]);
  });

  it('keeps at most one subtree per set bit of the size, and restores from the kept subtrees', () => {
    for (const n of [0, 1, 2, 3, 7, 8, 255, 256, 300, 2_999]) {
      const grown = n === leaves.length ? tree.frontier : grow(n).frontier;
      expect(grown.subtrees().length).toBe(n.toString(2).replace(/0/g, '').length);
      const restored = MerkleFrontier.restore(n, tree.hashes);
      expect(restored.root()).toEqual(tree.roots[n]);
      expect(restored.size).toBe(n);
    }
    const restored = MerkleFrontier.restore(100, tree.hashes);
    restored.append(leaves[100]!);
    expect(restored.root()).toEqual(tree.roots[101]);
  });

  it('answers the root of any past size from the kept subtrees', () => {
    for (let n = 0; n <= MAX_SIZE; n++) expect(treeRoot(n, tree.hashes)).toEqual(referenceRoots[n]);
  });

  it('refuses a range that is no subtree', () => {
    expect(() => rangeSubtrees({ start: 1, end: 3 })).toThrow(/not a subtree/);
  });
});

describe('inclusion proofs', () => {
  it('for every tree size 1..300 and leaves all over it, equal PATH of RFC 6962 and verify against MTH', () => {
    const next = random(6_962);
    for (let n = 1; n <= MAX_SIZE; n++) {
      const prefix = leaves.slice(0, n);
      for (const m of samples(n, n - 1, next)) {
        const proof = inclusionProof(m, n, tree.hashes);
        expect(hex(proof)).toBe(hex(reference.path(m, prefix)));
        const check = verifyInclusion({ leafIndex: m, treeSize: n, leafHash: leafHash(leaves[m]!), proof, root: referenceRoots[n]! });
        expect(check).toEqual({ valid: true });
      }
    }
  });

  it('read through the plan of subtrees a store would fetch in one query, give the same proof', () => {
    for (const [m, n] of [
      [0, 1],
      [5, 6],
      [1_000, 2_999],
      [2_998, 2_999],
    ] as const) {
      const plan = subtreesOfRanges(inclusionRanges(m, n));
      const fetched = subtreeHashesOf(plan.map((subtree) => ({ ...subtree, hash: tree.hashes.subtreeHash(subtree) })));
      expect(inclusionProof(m, n, fetched)).toEqual(inclusionProof(m, n, tree.hashes));
    }
  });

  it('given random leaves of larger trees, the proofs verify against the frontier root', () => {
    const next = random(22);
    for (let i = 0; i < 500; i++) {
      const n = 1 + Math.floor(next() * (leaves.length - 1));
      const m = Math.floor(next() * n);
      const proof = inclusionProof(m, n, tree.hashes);
      expect(verifyInclusion({ leafIndex: m, treeSize: n, leafHash: leafHash(leaves[m]!), proof, root: tree.roots[n]! })).toEqual({
        valid: true,
      });
    }
  });

  it('fail with a reason for another leaf, another index, a changed, missing or extra hash, or a leaf past the size', () => {
    const m = 37;
    const n = 300;
    const proof = inclusionProof(m, n, tree.hashes);
    const claim = { leafIndex: m, treeSize: n, leafHash: leafHash(leaves[m]!), proof, root: referenceRoots[n]! };
    const flipped = proof.map((hash, at) => (at === 2 ? Buffer.from(hash.map((byte, i) => (i === 0 ? byte ^ 1 : byte))) : hash));
    const cases: Array<[Partial<typeof claim>, RegExp]> = [
      [{ leafHash: leafHash(leaves[38]!) }, /not to the root/],
      [{ leafIndex: 38 }, /not to the root/],
      [{ proof: flipped }, /not to the root/],
      [{ proof: proof.slice(0, -1) }, /fewer than/],
      [{ proof: [...proof, proof[0]!] }, /more than/],
      [{ leafIndex: 300 }, /not below the tree size/],
      [{ treeSize: 256 }, /more than/],
    ];
    for (const [change, reason] of cases) {
      const check = verifyInclusion({ ...claim, ...change });
      expect(check.valid).toBe(false);
      expect(!check.valid && check.reason).toMatch(reason);
    }
  });
});

describe('consistency proofs', () => {
  it('for every tree size 1..300 and first sizes all over it, equal PROOF of RFC 6962 and verify between the two MTHs', () => {
    const next = random(9_162);
    for (let n = 1; n <= MAX_SIZE; n++) {
      const prefix = leaves.slice(0, n);
      for (const m of samples(n, n, next)) {
        const proof = consistencyProof(m, n, tree.hashes);
        expect(hex(proof)).toBe(hex(reference.proof(m, prefix)));
        const claim = { firstSize: m, firstRoot: referenceRoots[m]!, secondSize: n, secondRoot: referenceRoots[n]!, proof };
        expect(verifyConsistency(claim)).toEqual({ valid: true });
      }
    }
  });

  it('given random pairs of sizes in larger trees, the proofs verify and their plans name only complete subtrees', () => {
    const next = random(4_096);
    for (let i = 0; i < 500; i++) {
      const n = 1 + Math.floor(next() * (leaves.length - 1));
      const m = 1 + Math.floor(next() * n);
      const proof = consistencyProof(m, n, tree.hashes);
      const claim = { firstSize: m, firstRoot: tree.roots[m]!, secondSize: n, secondRoot: tree.roots[n]!, proof };
      expect(verifyConsistency(claim)).toEqual({ valid: true });
      for (const { level, index } of subtreesOfRanges(consistencyRanges(m, n))) expect((index + 1) * 2 ** level).toBeLessThanOrEqual(n);
    }
  });

  it('fail with a reason for a truncated tree, a forked one, a changed hash or a wrong length', () => {
    const proof = consistencyProof(100, 300, tree.hashes);
    const claim = { firstSize: 100, firstRoot: referenceRoots[100]!, secondSize: 300, secondRoot: referenceRoots[300]!, proof };
    const other = grow(300);
    // Copies, not the same Buffer objects: the reference's memory of subtree roots goes by object.
    const forkedLeaves = leaves.slice(0, 300).map((leaf, at) => Buffer.from(at === 50 ? 'rewritten' : leaf));
    const forkedRoot = reference.mth(forkedLeaves);
    const cases: Array<[Partial<typeof claim>, RegExp]> = [
      [
        { firstSize: 300, firstRoot: referenceRoots[300]!, secondSize: 100, secondRoot: referenceRoots[100]! },
        /smaller than the first.*truncated/,
      ],
      [{ secondRoot: forkedRoot }, /second tree's root.*fork/],
      [{ firstRoot: referenceRoots[99]! }, /first tree's root.*fork/],
      [{ proof: [...proof.slice(0, -1), other.roots[5]!] }, /fork/],
      [{ proof: proof.slice(0, -1) }, /fewer than/],
      [{ proof: [...proof, proof[0]!] }, /more than/],
      [{ proof: [] }, /empty/],
      [{ secondSize: 100, secondRoot: referenceRoots[99]!, proof: [] }, /trees of 100 leaves have different roots.*fork/],
    ];
    for (const [change, reason] of cases) {
      const check = verifyConsistency({ ...claim, ...change });
      expect(check.valid).toBe(false);
      expect(!check.valid && check.reason).toMatch(reason);
    }
  });
});
