import type { KeyObject } from 'node:crypto';

import { verifyConsistency } from '../merkle/merkle-verify';
import { type Checkpoint, verifyCheckpoint } from './checkpoint';

export type CheckpointConsistency =
  | { readonly consistent: true; readonly earlier: Checkpoint; readonly later: Checkpoint }
  | { readonly consistent: false; readonly reason: string };

const describe = (checkpoint: Checkpoint): string => `${checkpoint.treeSize} events${checkpoint.time ? ` at ${checkpoint.time}` : ''}`;

/**
 * Whether a later signed checkpoint extends an earlier one (both signed by
 * the key, of the same log): the proof of RFC 9162 between their trees. A
 * later tree that is smaller means a truncated log; one that does not extend
 * the earlier means a rewritten past, a fork.
 */
export function verifyCheckpointConsistency(
  earlierSigned: string,
  laterSigned: string,
  consistencyProof: readonly Uint8Array[],
  publicKey: KeyObject,
): CheckpointConsistency {
  const earlierCheck = verifyCheckpoint(earlierSigned, publicKey);
  if (!earlierCheck.verified) return { consistent: false, reason: `the earlier checkpoint: ${earlierCheck.reason}` };
  const laterCheck = verifyCheckpoint(laterSigned, publicKey);
  if (!laterCheck.verified) return { consistent: false, reason: `the later checkpoint: ${laterCheck.reason}` };
  const earlier = earlierCheck.checkpoint;
  const later = laterCheck.checkpoint;
  if (earlier.origin !== later.origin) {
    return { consistent: false, reason: `the checkpoints are of different logs: "${earlier.origin}" and "${later.origin}"` };
  }
  const proof = verifyConsistency({
    firstSize: earlier.treeSize,
    firstRoot: earlier.rootHash,
    secondSize: later.treeSize,
    secondRoot: later.rootHash,
    proof: consistencyProof,
  });
  if (!proof.valid) {
    return {
      consistent: false,
      reason: `the checkpoint of ${describe(later)} does not extend the one of ${describe(earlier)}: ${proof.reason}`,
    };
  }
  return { consistent: true, earlier, later };
}
