import type { KeyObject } from 'node:crypto';

import { HASH_BYTES, type MerkleHash } from '../merkle/merkle-hash';
import { parseNote, signNote, verifyNote } from './signed-note';

/**
 * Checkpoints in the C2SP tlog-checkpoint format, as a signed note's text:
 *
 *     <origin>\n                 the log's name, unique to it
 *     <tree size>\n              decimal, no leading zeros
 *     <base64 root hash>\n       standard base64 of the 32-byte MTH
 *     time <ISO 8601 UTC>\n      an extension line: when the ledger made it
 *
 * The format leaves extension lines to the log; this one states the time the
 * issue asks a checkpoint to carry, under the signature like everything else.
 */

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: MerkleHash;
  /** When the ledger made it (ISO 8601, UTC); absent in a checkpoint from elsewhere that does not state it. */
  readonly time?: string;
  /** Extension lines other than the time, as read. */
  readonly extensions?: readonly string[];
}

const TIME_LINE = /^time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)$/;

/** The checkpoint's text, the part its signature covers. */
export function checkpointText(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash, time, extensions = [] } = checkpoint;
  if (!origin || /[\n\r]/.test(origin)) throw new Error('a checkpoint origin is one non-empty line');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new Error(`a tree size is a whole number ≥ 0, not ${treeSize}`);
  if (rootHash.length !== HASH_BYTES) throw new Error(`a root hash has ${HASH_BYTES} bytes, not ${rootHash.length}`);
  if (time !== undefined && !TIME_LINE.test(`time ${time}`)) throw new Error(`a checkpoint time is ISO 8601 in UTC, not ${time}`);
  const lines = [origin, String(treeSize), rootHash.toString('base64'), ...(time === undefined ? [] : [`time ${time}`]), ...extensions];
  return `${lines.join('\n')}\n`;
}

/** Reads a checkpoint's text back; throws naming the line that is malformed. */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3)
    throw new Error('a checkpoint has at least an origin, a tree size and a root hash, each on a line');
  const [origin, size, root, ...rest] = lines as [string, string, string, ...string[]];
  if (!origin) throw new Error('the checkpoint origin (line 1) is empty');
  if (!/^(0|[1-9]\d*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new Error(`the tree size (line 2) is not a decimal number: ${size}`);
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== HASH_BYTES || rootHash.toString('base64') !== root) {
    throw new Error(`the root hash (line 3) is not the base64 of ${HASH_BYTES} bytes: ${root}`);
  }
  const timeLine = rest.find((line) => TIME_LINE.test(line));
  const extensions = rest.filter((line) => line !== timeLine);
  return {
    origin,
    treeSize: Number(size),
    rootHash,
    ...(timeLine === undefined ? {} : { time: TIME_LINE.exec(timeLine)![1]! }),
    ...(extensions.length === 0 ? {} : { extensions }),
  };
}

/** A checkpoint signed with an Ed25519 private key under a key name: the signed note to publish and keep. */
export function signCheckpoint(checkpoint: Checkpoint, keyName: string, privateKey: KeyObject): string {
  return signNote(checkpointText(checkpoint), keyName, privateKey);
}

export type CheckpointVerification =
  | { readonly verified: true; readonly checkpoint: Checkpoint; readonly keyName: string }
  | { readonly verified: false; readonly reason: string };

/** Parses a signed checkpoint and checks its signature by the public key (under `keyName` only, when given). */
export function verifyCheckpoint(signed: string, publicKey: KeyObject, keyName?: string): CheckpointVerification {
  try {
    const note = parseNote(signed);
    const checkpoint = parseCheckpointText(note.text);
    const verification = verifyNote(note, publicKey, keyName);
    if (!verification.verified) return { verified: false, reason: verification.reason };
    return { verified: true, checkpoint, keyName: verification.keyName };
  } catch (error) {
    return { verified: false, reason: `the checkpoint is malformed: ${(error as Error).message}` };
  }
}
