import { evidenceBundle, LedgerEvidence } from '@ledger/ledger';
import { Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

import {
  checkBundleScope,
  CheckpointView,
  ConsistencyProofQueryDto,
  ConsistencyProofView,
  eventSelectorOf,
  EvidenceBundleQueryDto,
  InclusionProofQueryDto,
  InclusionProofView,
} from '../../contract/evidence';
import { Arguments } from '../args';
import { OperationQuery } from '../operation-query';

/** The auditors' evidence (ADR 0013), as REST answers it: kept checkpoints, proofs against them, a bundle. */
@Resolver()
export class EvidenceResolver {
  constructor(private readonly evidence: LedgerEvidence) {}

  @OperationQuery('checkpoints', () => [CheckpointView], { description: 'The kept signed checkpoints, largest tree first (at most 100).' })
  checkpoints(): Promise<CheckpointView[]> {
    return this.evidence.checkpoints();
  }

  @OperationQuery('inclusionProof', () => InclusionProofView, {
    description:
      'The proof that an event (by position or eventId) is the one a kept checkpoint’s tree (default the latest) holds at its position.',
  })
  inclusionProof(@Arguments() args: InclusionProofQueryDto): Promise<InclusionProofView> {
    return this.evidence.inclusionProof(eventSelectorOf(args), args.treeSize);
  }

  @OperationQuery('consistencyProof', () => ConsistencyProofView, {
    description: 'The proof that a later kept checkpoint (`to`, default the latest) extends an earlier one (`from`).',
  })
  consistencyProof(@Arguments() args: ConsistencyProofQueryDto): Promise<ConsistencyProofView> {
    return this.evidence.consistencyProof(args.from, args.to);
  }

  @OperationQuery('evidenceBundle', () => GraphQLJSONObject, {
    description:
      'An evidence bundle (sales-ledger-evidence/1) of a range of positions or a client’s stream, as GET /v1/audit/evidence answers it: `ledger verify-evidence` checks it offline.',
  })
  async evidenceBundle(@Arguments() args: EvidenceBundleQueryDto): Promise<Record<string, unknown>> {
    checkBundleScope(args);
    return { ...(await evidenceBundle(this.evidence, args)) };
  }
}
