import type { KeyObject } from 'node:crypto';

import { chainHash, GENESIS_HASH } from '@ledger/event-store/event-chain';

import { type Checkpoint, verifyCheckpoint } from '../checkpoint/checkpoint';
import { verifyCheckpointConsistency } from '../checkpoint/checkpoint-consistency';
import { verifyInclusion } from '../merkle/merkle-verify';
import { bundleShapeProblems } from './bundle-shape';
import { eventLeafHash, type EvidenceBundle, type EvidenceEntry, type EvidenceEvent } from './evidence-bundle';

/**
 * The offline check of an evidence bundle, with nothing but the ledger's
 * public key: the checkpoint's signature; each event's inclusion in the
 * checkpoint's tree at its position; the events' order and the scope's
 * completeness; the chain links between neighbouring events; and that the
 * checkpoint extends an earlier one (the bundle's, or one the auditor kept).
 * Every failure is listed, each naming what failed.
 */

export type EvidenceFailureKind =
  | 'malformed' // the file is not a bundle
  | 'signature' // a checkpoint is not signed by the key
  | 'event' // an event is not what the checkpoint commits to at its position (altered, moved, or beyond the tree)
  | 'order' // events out of position order, or one twice
  | 'missing' // the scope claims an event the bundle lacks
  | 'chain' // a stored chain hash does not follow from the event before
  | 'consistency'; // the checkpoint does not extend an earlier one: truncated or forked

export interface EvidenceFailure {
  readonly kind: EvidenceFailureKind;
  readonly message: string;
  /** The event's position, when the failure is one event's. */
  readonly position?: number;
}

export interface EvidenceVerification {
  readonly valid: boolean;
  readonly failures: readonly EvidenceFailure[];
  /** The bundle's checkpoint, when it could be read. */
  readonly checkpoint?: Checkpoint;
  /** How many events were proven included. */
  readonly eventsProven: number;
}

export interface EvidenceVerificationOptions {
  /** Accept signatures under this key name only. */
  readonly keyName?: string;
  /** A signed checkpoint the auditor kept from before: the bundle must prove its checkpoint extends this one. */
  readonly keptCheckpoint?: string;
}

const decode = (hashes: readonly string[]): Buffer[] => hashes.map((hash) => Buffer.from(hash, 'base64'));
const named = (event: EvidenceEvent): string =>
  `the event at position ${event.position} (${event.type} ${event.eventId} in ${event.streamId})`;

function inclusionFailure({ event, inclusionProof }: EvidenceEntry, checkpoint: Checkpoint): EvidenceFailure | undefined {
  const { position } = event;
  if (position > checkpoint.treeSize) {
    return {
      kind: 'event',
      position,
      message: `${named(event)} lies beyond the checkpoint's tree of ${checkpoint.treeSize} events: the signed log does not hold it (truncated?)`,
    };
  }
  const check = verifyInclusion({
    leafIndex: position - 1,
    treeSize: checkpoint.treeSize,
    leafHash: eventLeafHash(event),
    proof: decode(inclusionProof),
    root: checkpoint.rootHash,
  });
  if (check.valid) return undefined;
  return {
    kind: 'event',
    position,
    message: `${named(event)} is not proven in the checkpoint's tree: it is not the event committed to at that position (altered, or moved from elsewhere), or its proof is of another tree: ${check.reason}`,
  };
}

function orderFailures(events: readonly EvidenceEvent[]): EvidenceFailure[] {
  return events.flatMap((event, at) => {
    const before = events[at - 1];
    if (!before || before.position < event.position) return [];
    const what = before.position === event.position ? 'appears twice' : `comes after position ${before.position}`;
    return [
      { kind: 'order' as const, position: event.position, message: `position ${event.position} ${what}: the events are out of log order` },
    ];
  });
}

function gaps(have: readonly number[], from: number, to: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let expected = from;
  for (const value of [...new Set(have)].sort((a, b) => a - b).filter((value) => value >= from && value <= to)) {
    if (value > expected) found.push([expected, value - 1]);
    expected = value + 1;
  }
  if (expected <= to) found.push([expected, to]);
  return found;
}

const span = (noun: string, [first, last]: [number, number]): string =>
  first === last ? `${noun} ${first} is` : `${noun}s ${first} to ${last} are`;

function scopeFailures(bundle: EvidenceBundle): EvidenceFailure[] {
  const events = bundle.events.map((entry) => entry.event);
  const { scope } = bundle;
  if (scope.kind === 'positions') {
    const outside = events.filter((event) => event.position < scope.from || event.position > scope.to);
    return [
      ...gaps(
        events.map((event) => event.position),
        scope.from,
        scope.to,
      ).map((gap) => ({
        kind: 'missing' as const,
        message: `${span('position', gap)} missing from the bundle of positions ${scope.from} to ${scope.to}`,
      })),
      ...outside.map((event) => ({
        kind: 'missing' as const,
        position: event.position,
        message: `${named(event)} lies outside the bundle's range`,
      })),
    ];
  }
  const streams = new Set(scope.streamIds);
  const failures: EvidenceFailure[] = events
    .filter((event) => !streams.has(event.streamId))
    .map((event) => ({ kind: 'missing', position: event.position, message: `${named(event)} is of a stream the bundle does not cover` }));
  for (const streamId of scope.streamIds) {
    const revisions = events.filter((event) => event.streamId === streamId).map((event) => event.revision);
    const last = Math.max(-1, ...revisions);
    for (const gap of gaps(revisions, 0, last)) {
      failures.push({ kind: 'missing', message: `stream ${streamId}: ${span('revision', gap)} missing from the bundle` });
    }
  }
  return failures;
}

/** The stored chain hash of each event whose predecessor is in the bundle too (or that is the first) follows from it. */
function chainFailures(events: readonly EvidenceEvent[]): EvidenceFailure[] {
  return events.flatMap((event, at) => {
    const before = event.position === 1 ? GENESIS_HASH : events[at - 1]?.position === event.position - 1 ? events[at - 1]!.hash : undefined;
    if (before === undefined || chainHash(before, event) === event.hash) return [];
    return [
      {
        kind: 'chain' as const,
        position: event.position,
        message: `${named(event)}: its stored chain hash does not follow from the event before it`,
      },
    ];
  });
}

function consistencyFailures(
  bundle: EvidenceBundle,
  checkpoint: Checkpoint,
  publicKey: KeyObject,
  kept: string | undefined,
): EvidenceFailure[] {
  const failures: EvidenceFailure[] = [];
  if (bundle.earlier) {
    const result = verifyCheckpointConsistency(
      bundle.earlier.checkpoint,
      bundle.checkpoint,
      decode(bundle.earlier.consistencyProof),
      publicKey,
    );
    if (!result.consistent) failures.push({ kind: 'consistency', message: result.reason });
  }
  if (kept === undefined) return failures;
  const keptCheck = verifyCheckpoint(kept, publicKey);
  if (!keptCheck.verified) return [...failures, { kind: 'signature', message: `the kept checkpoint: ${keptCheck.reason}` }];
  const { treeSize, rootHash } = keptCheck.checkpoint;
  if (treeSize === checkpoint.treeSize) {
    if (!rootHash.equals(checkpoint.rootHash)) {
      failures.push({
        kind: 'consistency',
        message: `the bundle's checkpoint and the kept one both cover ${treeSize} events but differ in root: the histories fork`,
      });
    }
  } else if (treeSize > checkpoint.treeSize) {
    failures.push({
      kind: 'consistency',
      message: `the bundle's checkpoint covers ${checkpoint.treeSize} events, fewer than the ${treeSize} of the kept one: the log was truncated`,
    });
  } else {
    const earlier = bundle.earlier ? verifyCheckpoint(bundle.earlier.checkpoint, publicKey) : undefined;
    const same = earlier?.verified && earlier.checkpoint.treeSize === treeSize && earlier.checkpoint.rootHash.equals(rootHash);
    if (!same) {
      failures.push({
        kind: 'consistency',
        message: `the bundle does not prove its checkpoint (${checkpoint.treeSize} events) extends the kept one (${treeSize} events): ask for a bundle with a consistency proof from it`,
      });
    }
  }
  return failures;
}

/** Checks a bundle (as parsed from its JSON file) against the ledger's Ed25519 public key; offline, no database. */
export function verifyEvidenceBundle(
  value: unknown,
  publicKey: KeyObject,
  options: EvidenceVerificationOptions = {},
): EvidenceVerification {
  const problems = bundleShapeProblems(value);
  if (problems.length > 0) return { valid: false, failures: problems.map((message) => ({ kind: 'malformed', message })), eventsProven: 0 };
  const bundle = value as EvidenceBundle;
  const signed = verifyCheckpoint(bundle.checkpoint, publicKey, options.keyName);
  if (!signed.verified) {
    return { valid: false, failures: [{ kind: 'signature', message: `the bundle's checkpoint: ${signed.reason}` }], eventsProven: 0 };
  }
  const { checkpoint } = signed;
  const events = bundle.events.map((entry) => entry.event);
  const inclusion = bundle.events.map((entry) => inclusionFailure(entry, checkpoint));
  const failures = [
    ...inclusion.filter((failure) => failure !== undefined),
    ...orderFailures(events),
    ...scopeFailures(bundle),
    ...chainFailures(events),
    ...consistencyFailures(bundle, checkpoint, publicKey, options.keptCheckpoint),
  ];
  return { valid: failures.length === 0, failures, checkpoint, eventsProven: inclusion.filter((failure) => failure === undefined).length };
}
