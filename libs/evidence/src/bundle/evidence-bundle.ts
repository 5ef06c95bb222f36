import { canonicalEventContent, type ChainedContent } from '@ledger/event-store/event-chain';

import { parseCheckpointText } from '../checkpoint/checkpoint';
import { parseNote } from '../checkpoint/signed-note';
import { leafHash, type MerkleHash } from '../merkle/merkle-hash';
import { consistencyProof, inclusionProof } from '../merkle/merkle-proofs';
import type { SubtreeHashes } from '../merkle/subtree-hashes';

/**
 * An evidence bundle: events as the ledger stores them, each with its
 * inclusion proof against one signed checkpoint, in one JSON file an auditor
 * checks offline (verifyEvidenceBundle).
 *
 * The Merkle leaf of an event is the UTF-8 of its canonical content, the very
 * text the hash chain hashes (canonicalEventContent: the ten stored fields as
 * sorted-key JSON), and its leaf index is its position − 1. Not the chain
 * hash: that depends on the event before, so proving a client's scattered
 * events would need every predecessor's hash too; the content alone proves
 * each event by itself, and carries its position, so an event cannot pass
 * for another place in the log.
 */

export const EVIDENCE_FORMAT = 'sales-ledger-evidence/1';

/** An event exactly as stored: what the chain hashes, and the chain hash stored with it (lowercase hex). */
export type EvidenceEvent = ChainedContent & { readonly hash: string };

/**
 * What the bundle claims to hold whole: every position of a range, or every
 * event of some streams (each stream from its first revision on, none skipped).
 */
export type EvidenceScope =
  | { readonly kind: 'positions'; readonly from: number; readonly to: number }
  | { readonly kind: 'streams'; readonly streamIds: readonly string[]; readonly description?: string };

export interface EvidenceEntry {
  readonly event: EvidenceEvent;
  /** The inclusion proof of the event's leaf in the checkpoint's tree: base64 hashes, leaf to root. */
  readonly inclusionProof: readonly string[];
}

export interface EvidenceBundle {
  readonly format: typeof EVIDENCE_FORMAT;
  readonly scope: EvidenceScope;
  /** The signed checkpoint (a signed note) every proof leads to. */
  readonly checkpoint: string;
  /** In position order. */
  readonly events: readonly EvidenceEntry[];
  /** An earlier signed checkpoint (one an auditor kept) and the proof that the bundle's checkpoint extends it. */
  readonly earlier?: { readonly checkpoint: string; readonly consistencyProof: readonly string[] };
}

/** The Merkle leaf bytes of a stored event: the UTF-8 of its canonical content. */
export function eventLeaf(event: ChainedContent): Buffer {
  const { position, eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt, data, metadata } = event;
  return Buffer.from(
    canonicalEventContent({ position, eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt, data, metadata }),
    'utf8',
  );
}

/** leafHash(eventLeaf(event)): what a Merkle tree over the log appends for the event. */
export function eventLeafHash(event: ChainedContent): MerkleHash {
  // canonicalEventContent reads the ten fields by name (an EvidenceEvent's hash is not one of them): the text eventLeaf encodes.
  return leafHash(canonicalEventContent(event));
}

export const encodeHashes = (hashes: readonly MerkleHash[]): string[] => hashes.map((hash) => hash.toString('base64'));

const treeSizeOf = (signedCheckpoint: string): number => parseCheckpointText(parseNote(signedCheckpoint).text).treeSize;

/** Assembles a bundle: the events in position order with their proofs against the signed checkpoint's tree. */
export function buildEvidenceBundle(input: {
  readonly scope: EvidenceScope;
  readonly events: readonly EvidenceEvent[];
  readonly checkpoint: string;
  readonly hashes: SubtreeHashes;
  /** An earlier signed checkpoint to prove the bundle's extends. */
  readonly earlierCheckpoint?: string;
}): EvidenceBundle {
  const treeSize = treeSizeOf(input.checkpoint);
  const events = [...input.events].sort((a, b) => a.position - b.position);
  return {
    format: EVIDENCE_FORMAT,
    scope: input.scope,
    checkpoint: input.checkpoint,
    events: events.map((event) => ({ event, inclusionProof: encodeHashes(inclusionProof(event.position - 1, treeSize, input.hashes)) })),
    ...(input.earlierCheckpoint === undefined
      ? {}
      : {
          earlier: {
            checkpoint: input.earlierCheckpoint,
            consistencyProof: encodeHashes(consistencyProof(treeSizeOf(input.earlierCheckpoint), treeSize, input.hashes)),
          },
        }),
  };
}
