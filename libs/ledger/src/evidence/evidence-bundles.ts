import { streamIds } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import {
  buildEvidenceBundle,
  consistencyRanges,
  type EvidenceBundle,
  type EvidenceScope,
  inclusionRanges,
  subtreesOfRanges,
} from '@ledger/evidence';

import { LedgerError } from '../application/ledger-error';
import { evidenceRangeInvalid, type LedgerEvidence } from './ledger-evidence';
import { readSubtreeHashes } from './merkle-follower';

/** The most events one bundle of a range of positions holds. */
export const MAX_BUNDLE_EVENTS = 10_000;

/** What a bundle holds: a range of positions (default: the whole checkpoint), or a client's stream; against which checkpoints. */
export interface EvidenceBundleRequest {
  readonly from?: number;
  readonly to?: number;
  readonly clientId?: string;
  /** The checkpoint's tree size; default the latest. */
  readonly treeSize?: number;
  /** An earlier kept checkpoint's tree size: the bundle then proves its checkpoint extends that one. */
  readonly earlierTreeSize?: number;
}

/**
 * An evidence bundle (sales-ledger-evidence/1) an auditor verifies offline:
 * the events of a range of positions or of a client's stream, each as stored
 * with its chain hash and its inclusion proof against one signed checkpoint,
 * and optionally the proof that it extends an earlier one.
 */
export async function evidenceBundle(evidence: LedgerEvidence, request: EvidenceBundleRequest): Promise<EvidenceBundle> {
  const [store] = evidence.kept();
  const checkpoint = await evidence.checkpoint(request.treeSize);
  const { treeSize } = checkpoint;
  const earlier = request.earlierTreeSize === undefined ? undefined : await evidence.checkpoint(request.earlierTreeSize);
  if (earlier && earlier.treeSize > treeSize) {
    throw evidenceRangeInvalid(
      `the earlier checkpoint (${earlier.treeSize} events) is larger than the bundle's (${treeSize})`,
      'earlierTreeSize',
    );
  }
  const { scope, events } =
    request.clientId === undefined ? await positionsOf(evidence, request, treeSize) : await clientOf(evidence, request.clientId, treeSize);
  const ranges = [
    ...events.flatMap((event) => inclusionRanges(event.position - 1, treeSize)),
    ...(earlier ? consistencyRanges(earlier.treeSize, treeSize) : []),
  ];
  const hashes = await readSubtreeHashes(store, subtreesOfRanges(ranges));
  return buildEvidenceBundle({
    scope,
    events: await evidence.withHashes(events),
    checkpoint: checkpoint.note,
    hashes,
    ...(earlier ? { earlierCheckpoint: earlier.note } : {}),
  });
}

async function positionsOf(evidence: LedgerEvidence, request: EvidenceBundleRequest, treeSize: number) {
  const from = request.from ?? 1;
  const to = request.to ?? treeSize;
  if (to < from) throw evidenceRangeInvalid(`the range runs backwards: from ${from} to ${to}`, 'to');
  if (to > treeSize) {
    throw new LedgerError({
      code: 'EVENT_NOT_IN_CHECKPOINT',
      message: `position ${to} lies beyond the checkpoint's tree of ${treeSize} events: make a newer checkpoint (POST /v1/audit/checkpoints), or ask up to ${treeSize}`,
      field: 'to',
    });
  }
  if (to - from + 1 > MAX_BUNDLE_EVENTS) {
    throw evidenceRangeInvalid(
      `a bundle holds at most ${MAX_BUNDLE_EVENTS} events: ask for ${from} to ${from + MAX_BUNDLE_EVENTS - 1}, then on`,
      'to',
    );
  }
  const events: RecordedEvent[] = [];
  for (let after = from - 1; after < to;) {
    const page = await evidence.events.readAll({ after, upToPosition: to, limit: 1_000 });
    if (page.length === 0) break;
    events.push(...page);
    after = page.at(-1)!.position;
  }
  const scope: EvidenceScope = { kind: 'positions', from, to };
  return { scope, events };
}

async function clientOf(evidence: LedgerEvidence, clientId: string, treeSize: number) {
  const streamId = streamIds.client(clientId);
  const events = (await evidence.events.readStream(streamId)).filter((event) => event.position <= treeSize);
  if (events.length === 0) {
    throw new LedgerError({
      code: 'CLIENT_NOT_FOUND',
      message: `client ${clientId} has no events in the checkpoint's tree of ${treeSize} events`,
      field: 'clientId',
    });
  }
  const scope: EvidenceScope = { kind: 'streams', streamIds: [streamId], description: `client ${clientId}` };
  return { scope, events };
}
