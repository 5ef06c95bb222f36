import { HASH_BYTES, type HashedSubtree, type MerkleHash, type Subtree } from './merkle-hash';

/**
 * Where proofs read hashes from: the hash of any complete subtree a store has
 * kept (MerkleFrontier's appends answer each one as it completes). A store
 * backed by a table first asks the proof's `…Subtrees` plan which ones it needs,
 * reads them in one query, and hands them over through subtreeHashesOf.
 */
export interface SubtreeHashes {
  /** The hash of a complete subtree; throws when it is not kept. */
  subtreeHash(subtree: Subtree): MerkleHash;
}

const key = ({ level, index }: Subtree): string => `${level}:${index}`;

/** A few subtree hashes read ahead (the plan of one proof), as a SubtreeHashes. */
export function subtreeHashesOf(hashed: Iterable<HashedSubtree>): SubtreeHashes {
  const byKey = new Map<string, MerkleHash>();
  for (const subtree of hashed) byKey.set(key(subtree), subtree.hash);
  return {
    subtreeHash(subtree) {
      const hash = byKey.get(key(subtree));
      if (!hash) throw new RangeError(`the hash of subtree ${key(subtree)} (level:index) was not read`);
      return hash;
    },
  };
}

/**
 * Every complete subtree of a growing tree, in memory: one byte array per level
 * with the hashes side by side (about 64 bytes a leaf in all, so a million
 * leaves fit in 64 MB). For tests, the offline tools and the bench.
 */
export class InMemorySubtreeHashes implements SubtreeHashes {
  private readonly levels: Array<{ bytes: Buffer; count: number }> = [];

  /** Keeps the subtrees an append completed (MerkleFrontier.append's answer). */
  keep(completed: readonly HashedSubtree[]): void {
    for (const { level, index, hash } of completed) {
      const stored = (this.levels[level] ??= { bytes: Buffer.alloc(HASH_BYTES * 16), count: 0 });
      if (index !== stored.count) throw new RangeError(`subtree ${level}:${index} arrived out of order: expected index ${stored.count}`);
      if ((index + 1) * HASH_BYTES > stored.bytes.length) {
        const grown = Buffer.alloc(stored.bytes.length * 2);
        stored.bytes.copy(grown);
        stored.bytes = grown;
      }
      hash.copy(stored.bytes, index * HASH_BYTES);
      stored.count += 1;
    }
  }

  subtreeHash({ level, index }: Subtree): MerkleHash {
    const stored = this.levels[level];
    if (!stored || index >= stored.count) throw new RangeError(`subtree ${level}:${index} is not complete yet`);
    return stored.bytes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}
