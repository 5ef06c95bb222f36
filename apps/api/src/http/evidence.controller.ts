import { evidenceBundle, type InclusionProofAnswer, LedgerEvidence } from '@ledger/ledger';
import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { Operation, Public } from '../auth/access.decorators';
import {
  checkBundleScope,
  CheckpointKeyView,
  CheckpointView,
  ConsistencyProofQueryDto,
  ConsistencyProofView,
  eventSelectorOf,
  EvidenceBundleQueryDto,
  EvidenceBundleView,
  InclusionProofQueryDto,
  InclusionProofView,
} from '../contract/evidence';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';

/**
 * What an auditor verifies without trusting the ledger (ADR 0013): signed
 * checkpoints of the Merkle tree over the log, proofs against them, and
 * evidence bundles the CLI's verify-evidence checks offline.
 */
@SecuredController('v1/audit', 'audit')
export class EvidenceController {
  constructor(private readonly evidence: LedgerEvidence) {}

  /** Catches the tree up to the head and signs a checkpoint of it, kept in the ledger (one per tree size). */
  @Post('checkpoints')
  @HttpCode(201)
  @Operation('makeCheckpoint')
  @ApiCreatedResponse({ type: CheckpointView })
  makeCheckpoint(): Promise<CheckpointView> {
    return this.evidence.makeCheckpoint();
  }

  /** The kept checkpoints, largest tree first (at most 100). */
  @QueryRoute('checkpoints', [CheckpointView], 'checkpoints')
  checkpoints(): Promise<CheckpointView[]> {
    return this.evidence.checkpoints();
  }

  /** The proof that an event (by position or id) is the one a kept checkpoint's tree holds at its position. */
  @QueryRoute('inclusionProof', InclusionProofView, 'proofs/inclusion')
  inclusionProof(@Query() query: InclusionProofQueryDto): Promise<InclusionProofAnswer> {
    return this.evidence.inclusionProof(eventSelectorOf(query), query.treeSize);
  }

  /** The proof that a later kept checkpoint (default the latest) extends an earlier one: nothing rewritten, nothing cut off. */
  @QueryRoute('consistencyProof', ConsistencyProofView, 'proofs/consistency')
  consistencyProof(@Query() query: ConsistencyProofQueryDto): Promise<ConsistencyProofView> {
    return this.evidence.consistencyProof(query.from, query.to);
  }

  /** An evidence bundle (sales-ledger-evidence/1) of a range of positions or a client's stream: `ledger verify-evidence` checks it offline. */
  @QueryRoute('evidenceBundle', EvidenceBundleView, 'evidence')
  async bundle(@Query() query: EvidenceBundleQueryDto): Promise<EvidenceBundleView> {
    checkBundleScope(query);
    return (await evidenceBundle(this.evidence, query)) as unknown as EvidenceBundleView;
  }
}

/** The key checkpoints are verified with, public so that anyone holding a checkpoint can check it. */
@Controller('.well-known')
@ApiTags('audit')
export class CheckpointKeyController {
  constructor(private readonly evidence: LedgerEvidence) {}

  @Public()
  @Get('ledger-checkpoint-key')
  @ApiOkResponse({ type: CheckpointKeyView })
  key(): CheckpointKeyView {
    return this.evidence.publicKey();
  }
}
