import type { CheckpointAnswer, CheckpointKeyAnswer, ConsistencyProofAnswer, EventSelector, InclusionProofAnswer } from '@ledger/ledger';
import { BadRequestException } from '@nestjs/common';
import { ArgsType, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { DateTimeField, IdField, JsonObjectField, NestedField, OpaqueTextField, SafeIntField, StringListField, TextField } from './fields';

/**
 * The auditors' evidence (ADR 0013): checkpoints and proofs on both
 * transports; the key and the bundle, files an auditor keeps, over REST only.
 */

@ObjectType('Checkpoint', { description: 'A signed checkpoint of the Merkle tree over the log (C2SP tlog-checkpoint).' })
export class CheckpointView implements CheckpointAnswer {
  @SafeIntField({ minimum: 0, description: 'How many events the tree holds: positions 1 to treeSize.' }) treeSize!: number;
  @TextField({ description: 'The Merkle root of those events, base64.' }) rootHash!: string;
  @DateTimeField({ description: 'When the ledger signed it (UTC).' }) time!: string;
  @TextField({
    description:
      'The C2SP signed note (tlog-checkpoint): origin, tree size, base64 root and `time <ISO 8601>` lines, a blank line, then the Ed25519 signature line. Keep it: a later bundle must extend it.',
  })
  note!: string;
}

export class CheckpointKeyView implements CheckpointKeyAnswer {
  @ApiProperty({ description: "The log's name, the checkpoints' first line." }) origin!: string;
  @ApiProperty({ description: 'The key name on the signature lines.' }) keyName!: string;
  @ApiProperty({ description: 'The signed-note verifier key: <name>+<key id>+<base64 of 0x01 and the 32-byte Ed25519 key>.' })
  verifierKey!: string;
  @ApiProperty({ description: 'The same Ed25519 public key as SPKI PEM.' }) publicKeyPem!: string;
  @ApiProperty({
    description:
      'True when no LEDGER_CHECKPOINT_KEY is configured: the key was made at start-up, so checkpoints signed before a restart do not verify with it.',
  })
  ephemeral!: boolean;
}

@ObjectType('InclusionProof', {
  description: 'The proof that an event is the one a checkpoint’s tree holds at its position (RFC 9162 §2.1.3).',
})
export class InclusionProofView implements InclusionProofAnswer {
  @SafeIntField({ minimum: 0 }) treeSize!: number;
  @SafeIntField({ minimum: 0, description: 'The position − 1.' }) leafIndex!: number;
  @JsonObjectField({ description: 'The event exactly as stored, with its chain `hash`: its canonical JSON is the Merkle leaf.' })
  event!: InclusionProofAnswer['event'];
  @TextField({ description: 'Base64 of SHA-256(0x00 ‖ canonical content).' }) leafHash!: string;
  @StringListField({ description: 'The inclusion proof: base64 hashes, leaf to root.' }) proof!: readonly string[];
  @NestedField(() => CheckpointView) checkpoint!: CheckpointView;
}

@ObjectType('ConsistencyProof', { description: 'The proof that a later checkpoint extends an earlier one (RFC 9162 §2.1.4).' })
export class ConsistencyProofView implements ConsistencyProofAnswer {
  @NestedField(() => CheckpointView, { description: 'The earlier checkpoint.' }) from!: CheckpointView;
  @NestedField(() => CheckpointView, { description: 'The later checkpoint, which extends it.' }) to!: CheckpointView;
  @StringListField({ description: 'The consistency proof: base64 hashes.' }) proof!: readonly string[];
}

export class EvidenceBundleView {
  @ApiProperty({ example: 'sales-ledger-evidence/1' }) format!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'A range of positions, or streams each complete from revision 0.',
  })
  scope!: Record<string, unknown>;
  @ApiProperty({ description: 'The signed checkpoint every proof leads to.' }) checkpoint!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Each event as stored (with its chain hash) and its inclusionProof, in position order.',
  })
  events!: unknown[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'An earlier signed checkpoint and the consistency proof from it, when earlierTreeSize was asked.',
  })
  earlier?: Record<string, unknown>;
}

const TREE_SIZE = 'The tree size of the kept checkpoint to prove against; default the latest.';

@ArgsType()
export class InclusionProofQueryDto {
  @SafeIntField({ optional: true, minimum: 1, fromQueryString: true, description: "The event's position (or give eventId)." })
  position?: number;
  @OpaqueTextField({ optional: true, maxLength: 200, description: "The event's id (or give position)." }) eventId?: string;
  @SafeIntField({ optional: true, minimum: 0, fromQueryString: true, description: TREE_SIZE }) treeSize?: number;
}

@ArgsType()
export class ConsistencyProofQueryDto {
  @SafeIntField({ minimum: 0, fromQueryString: true, description: 'The earlier checkpoint’s tree size.' }) from!: number;
  @SafeIntField({ optional: true, minimum: 0, fromQueryString: true, description: 'The later checkpoint’s tree size; default the latest.' })
  to?: number;
}

@ArgsType()
export class EvidenceBundleQueryDto {
  @IdField({ optional: true, description: "A client: its stream's every event (instead of a range of positions)." }) clientId?: string;
  @SafeIntField({ optional: true, minimum: 1, fromQueryString: true, description: 'The first position of the range (default 1).' })
  from?: number;
  @SafeIntField({
    optional: true,
    minimum: 1,
    fromQueryString: true,
    description: "The last position (default the checkpoint's tree size).",
  })
  to?: number;
  @SafeIntField({ optional: true, minimum: 0, fromQueryString: true, description: TREE_SIZE }) treeSize?: number;
  @SafeIntField({
    optional: true,
    minimum: 0,
    fromQueryString: true,
    description: 'An earlier kept checkpoint (one you kept from an audit before): the bundle proves its checkpoint extends it.',
  })
  earlierTreeSize?: number;
}

/** The event an inclusion proof is of: by position or by id, one of the two. */
export function eventSelectorOf({ position, eventId }: InclusionProofQueryDto): EventSelector {
  if ((position === undefined) === (eventId === undefined))
    throw new BadRequestException('name the event by position or by eventId, one of the two');
  return position === undefined ? { eventId: eventId! } : { position };
}

/** A bundle is of a client or of a range of positions. */
export function checkBundleScope({ clientId, from, to }: EvidenceBundleQueryDto): void {
  if (clientId !== undefined && (from !== undefined || to !== undefined)) {
    throw new BadRequestException('ask for a client (clientId) or a range of positions (from, to), not both');
  }
}
