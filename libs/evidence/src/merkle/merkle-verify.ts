import { isPowerOfTwo, type MerkleHash, nodeHash } from './merkle-hash';

/**
 * The verifiers of RFC 9162: inclusion (section 2.1.3.2) and consistency
 * (section 2.1.4.2), step for step, so an auditor can set them beside the RFC.
 * A failure says why in words. Shifts are divisions: sizes go past 2^31.
 */

export type ProofCheck = { readonly valid: true } | { readonly valid: false; readonly reason: string };

const VALID: ProofCheck = { valid: true };
const fail = (reason: string): ProofCheck => ({ valid: false, reason });
const half = (n: number): number => Math.floor(n / 2);
const lowBitSet = (n: number): boolean => n % 2 === 1;

function badSize(value: number): boolean {
  return !Number.isSafeInteger(value) || value < 0;
}

/**
 * The walk both verifiers share (RFC 9162 2.1.3.2 step 4, 2.1.4.2 step 6): from node fn of the
 * last node sn, each proof hash is a sibling on the left (fn is a right child, or the last node
 * of its level) or on the right, then both move up a level. Answers whether the proof ran out
 * exactly at the root (sn 0), or was longer or shorter than the tree needs.
 */
function walkUp(
  fn: number,
  sn: number,
  proof: readonly Uint8Array[],
  combine: (hash: Uint8Array, isLeft: boolean) => void,
): 'done' | 'more than' | 'fewer than' {
  for (const hash of proof) {
    if (sn === 0) return 'more than';
    const isLeft = lowBitSet(fn) || fn === sn;
    combine(hash, isLeft);
    if (isLeft && !lowBitSet(fn)) {
      while (!lowBitSet(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? 'done' : 'fewer than';
}

export interface InclusionClaim {
  readonly leafIndex: number;
  readonly treeSize: number;
  /** leafHash of the leaf's bytes. */
  readonly leafHash: Uint8Array;
  /** The proof's hashes, leaf to root. */
  readonly proof: readonly Uint8Array[];
  /** The root hash the leaf is claimed to be under (a checkpoint's). */
  readonly root: Uint8Array;
}

export function verifyInclusion({ leafIndex, treeSize, leafHash, proof, root }: InclusionClaim): ProofCheck {
  if (badSize(leafIndex) || badSize(treeSize)) return fail(`the leaf index ${leafIndex} or tree size ${treeSize} is not a whole number`);
  if (leafIndex >= treeSize) return fail(`leaf ${leafIndex} is not below the tree size ${treeSize}`);
  let r: MerkleHash = Buffer.from(leafHash);
  const walked = walkUp(leafIndex, treeSize - 1, proof, (p, isLeft) => {
    r = isLeft ? nodeHash(p, r) : nodeHash(r, p);
  });
  if (walked !== 'done') return fail(`the proof has ${proof.length} hashes, ${walked} leaf ${leafIndex} of a tree of ${treeSize} needs`);
  if (!r.equals(root))
    return fail(`the leaf and its proof hash to ${r.toString('base64')}, not to the root ${Buffer.from(root).toString('base64')}`);
  return VALID;
}

export interface ConsistencyClaim {
  readonly firstSize: number;
  readonly firstRoot: Uint8Array;
  readonly secondSize: number;
  readonly secondRoot: Uint8Array;
  /** The proof's hashes, as consistencyProof answers them. */
  readonly proof: readonly Uint8Array[];
}

export function verifyConsistency({ firstSize, firstRoot, secondSize, secondRoot, proof }: ConsistencyClaim): ProofCheck {
  if (badSize(firstSize) || badSize(secondSize)) return fail(`the tree sizes ${firstSize} and ${secondSize} are not whole numbers`);
  if (firstSize > secondSize) {
    return fail(`the second tree (${secondSize} leaves) is smaller than the first (${firstSize}): the log was truncated`);
  }
  // The RFC's algorithm starts from a proof that is never empty; these two cases have an empty one.
  if (firstSize === secondSize) {
    if (proof.length > 0) return fail(`two trees of the same size need an empty proof, not ${proof.length} hashes`);
    return Buffer.from(firstRoot).equals(secondRoot)
      ? VALID
      : fail(`two trees of ${firstSize} leaves have different roots: the histories fork`);
  }
  if (firstSize === 0) return proof.length === 0 ? VALID : fail(`the empty tree needs an empty proof, not ${proof.length} hashes`);
  // Step 1.
  if (proof.length === 0) return fail(`the proof is empty; from ${firstSize} to ${secondSize} leaves it cannot be`);
  // Step 2.
  const path = isPowerOfTwo(firstSize) ? [firstRoot, ...proof] : [...proof];
  // Steps 3 and 4.
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (lowBitSet(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Steps 5 to 7 (the roots are compared below).
  let fr: MerkleHash = Buffer.from(path[0]!);
  let sr = fr;
  const walked = walkUp(fn, sn, path.slice(1), (c, isLeft) => {
    if (isLeft) fr = nodeHash(c, fr);
    sr = isLeft ? nodeHash(c, sr) : nodeHash(sr, c);
  });
  if (walked !== 'done') return fail(`the proof has ${proof.length} hashes, ${walked} from ${firstSize} to ${secondSize} leaves needs`);
  if (!fr.equals(firstRoot)) {
    return fail(
      `the proof does not lead to the first tree's root (${firstSize} leaves): it is not a prefix of the second, the histories fork`,
    );
  }
  if (!sr.equals(secondRoot)) {
    return fail(
      `the proof does not lead to the second tree's root (${secondSize} leaves): it does not extend the first, the histories fork`,
    );
  }
  return VALID;
}
