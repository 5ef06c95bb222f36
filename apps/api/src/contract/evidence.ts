import type { CheckpointAnswer, CheckpointKeyAnswer, ConsistencyProofAnswer, InclusionProofAnswer } from '@ledger/ledger';
import { ArgsType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IdField, OpaqueTextField, SafeIntField } from './fields';

/**
 * The auditors' evidence over REST (ADR 0013): plain JSON an auditor keeps
 * and checks offline, so these answers are documented for OpenAPI only.
 */

/** Base64 SHA-256 hashes (RFC 9162). */
const base64Hashes = (description: string) => ApiProperty({ type: 'array', items: { type: 'string', format: 'byte' }, description });

export class CheckpointView implements CheckpointAnswer {
  @ApiProperty({ type: 'integer', format: 'int64', minimum: 0, description: 'How many events the tree holds: positions 1 to treeSize.' })
  treeSize!: number;
  @ApiProperty({ description: 'The Merkle root of those events, base64.' }) rootHash!: string;
  @ApiProperty({ format: 'date-time', description: 'When the ledger signed it (UTC).' }) time!: string;
  @ApiProperty({
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

export class InclusionProofView implements InclusionProofAnswer {
  @ApiProperty({ type: 'integer', format: 'int64' }) treeSize!: number;
  @ApiProperty({ type: 'integer', format: 'int64', description: 'The position − 1.' }) leafIndex!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event exactly as stored, with its chain `hash`: its canonical JSON is the Merkle leaf.',
  })
  event!: InclusionProofAnswer['event'];
  @ApiProperty({ description: 'Base64 of SHA-256(0x00 ‖ canonical content).' }) leafHash!: string;
  @base64Hashes('The inclusion proof, leaf to root (RFC 9162 §2.1.3).') proof!: readonly string[];
  @ApiProperty({ type: () => CheckpointView }) checkpoint!: CheckpointView;
}

export class ConsistencyProofView implements ConsistencyProofAnswer {
  @ApiProperty({ type: () => CheckpointView, description: 'The earlier checkpoint.' }) from!: CheckpointView;
  @ApiProperty({ type: () => CheckpointView, description: 'The later checkpoint, which extends it.' }) to!: CheckpointView;
  @base64Hashes('The consistency proof (RFC 9162 §2.1.4).') proof!: readonly string[];
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
