import { generateKeyPairSync, type KeyObject } from 'node:crypto';

import { canonicalEventContent, type ChainedContent, chainHash, GENESIS_HASH } from '@ledger/event-store/event-chain';

import { signCheckpoint } from '../checkpoint/checkpoint';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { treeRoot } from '../merkle/merkle-proofs';
import { InMemorySubtreeHashes } from '../merkle/subtree-hashes';
import {
  buildEvidenceBundle,
  eventLeaf,
  eventLeafHash,
  type EvidenceBundle,
  type EvidenceEvent,
  type EvidenceScope,
} from './evidence-bundle';
import { type EvidenceFailureKind, verifyEvidenceBundle } from './verify-evidence-bundle';

const STREAMS = ['client-c-1', 'client-c-2', 'lead-l-1'];
const ledgerKeys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');

/** A log as a store keeps it: events over three streams, each with its chained hash. */
function ledgerLog(count: number, change: (event: ChainedContent) => ChainedContent = (event) => event): EvidenceEvent[] {
  const revisions = new Map<string, number>();
  let previous = GENESIS_HASH;
  return Array.from({ length: count }, (_, at) => {
    const streamId = STREAMS[at % STREAMS.length]!;
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const event = change({
      position: at + 1,
      eventId: `e-${at + 1}`,
      streamId,
      revision,
      type: 'ReorderPlaced',
      schemaVersion: 1,
      occurredAt: '2025-03-01T10:00:00.000Z',
      recordedAt: '2025-03-01T10:00:01.000Z',
      data: { amount: { minor: 100 * (at + 1), currency: 'EUR' }, note: `order ${at + 1}` },
      metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: `corr-${at}`, causationId: `cmd-${at}` },
    });
    previous = chainHash(previous, event);
    return { ...event, hash: previous };
  });
}

/** The ledger's side: a Merkle tree over the log, and checkpoints of it signed with a key. */
function ledgerOf(events: readonly EvidenceEvent[], key: KeyObject = ledgerKeys.privateKey) {
  const frontier = new MerkleFrontier();
  const hashes = new InMemorySubtreeHashes();
  for (const event of events) hashes.keep(frontier.append(eventLeaf(event)));
  const checkpointAt = (treeSize: number, time = '2025-03-02T00:00:00.000Z') =>
    signCheckpoint({ origin: 'sales-ledger.test/log', treeSize, rootHash: treeRoot(treeSize, hashes), time }, 'sales-ledger', key);
  return { events, hashes, checkpointAt };
}

const log = ledgerLog(300);
const ledger = ledgerOf(log);
const positions = (from: number, to: number): EvidenceScope => ({ kind: 'positions', from, to });

function bundleOf(scope: EvidenceScope, options: { of?: ReturnType<typeof ledgerOf>; size?: number; earlierSize?: number } = {}) {
  const of = options.of ?? ledger;
  const size = options.size ?? of.events.length;
  const events =
    scope.kind === 'positions'
      ? of.events.slice(scope.from - 1, scope.to)
      : of.events.filter((event) => event.position <= size && scope.streamIds.includes(event.streamId));
  return buildEvidenceBundle({
    scope,
    events,
    checkpoint: of.checkpointAt(size),
    hashes: of.hashes,
    ...(options.earlierSize === undefined ? {} : { earlierCheckpoint: of.checkpointAt(options.earlierSize, '2025-03-01T00:00:00.000Z') }),
  });
}

/** The bundle as an auditor reads it from the file. */
const asRead = (bundle: EvidenceBundle): unknown => JSON.parse(JSON.stringify(bundle));

function expectFailures(verification: ReturnType<typeof verifyEvidenceBundle>, expected: Array<[EvidenceFailureKind, RegExp]>) {
  expect(verification.valid).toBe(false);
  for (const [kind, message] of expected) {
    expect(verification.failures).toContainEqual(expect.objectContaining({ kind, message: expect.stringMatching(message) }));
  }
}

describe('the Merkle leaf of an event', () => {
  it('is its canonical content, so ADR 0013’s worked example holds', () => {
    const example = ledgerLog(3, (event) => ({
      ...event,
      streamId: 'client-c-1',
      revision: event.position - 1,
      occurredAt: '2024-03-01T10:00:00.000Z',
      recordedAt: '2024-03-01T10:00:01.000Z',
      data: { n: event.position },
      metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: 'corr-1', causationId: 'cmd-1' },
    }));
    expect(eventLeaf(example[0]!).toString()).toBe(canonicalEventContent(example[0]!));
    expect(eventLeafHash(example[0]!).toString('hex')).toBe('fc7da39d337e3ccbf3dadca5f68b9ce05d70dedf7c6bff0daacc910d6ab5f48a');
    expect(treeRoot(3, ledgerOf(example).hashes).toString('hex')).toBe('8b1ccd55869a73b5ab4893b8f9755b5ddd88f07f39a5bbff8157489053a589fc');
  });
});

describe('verifyEvidenceBundle', () => {
  it('given a range of the log and a client’s streams, when verified with the ledger’s public key, then everything checks', () => {
    for (const bundle of [
      bundleOf(positions(1, 300)),
      bundleOf(positions(120, 180)),
      bundleOf({ kind: 'streams', streamIds: ['client-c-2'] }),
    ]) {
      const verification = verifyEvidenceBundle(asRead(bundle), ledgerKeys.publicKey);
      expect(verification.failures).toEqual([]);
      expect(verification).toMatchObject({ valid: true, eventsProven: bundle.events.length, checkpoint: { treeSize: 300 } });
    }
  });

  it('given an event whose data was edited in the bundle, then that event is named as not proven in the checkpoint’s tree', () => {
    const bundle = asRead(bundleOf(positions(1, 20))) as { events: Array<{ event: { data: { note: string } } }> };
    bundle.events[6]!.event.data.note = 'order 7 (edited)';
    expectFailures(verifyEvidenceBundle(bundle, ledgerKeys.publicKey), [
      ['event', /^the event at position 7 \(ReorderPlaced e-7 in client-c-1\) is not proven in the checkpoint's tree/],
      ['chain', /position 7 .*stored chain hash does not follow/],
    ]);
  });

  it('given an edit in the database followed by re-hashing the whole chain, then the chain passes but the kept checkpoint catches it', () => {
    const rehashed = ledgerOf(ledgerLog(300, (event) => (event.position === 42 ? { ...event, data: { amount: 0 } } : event)));
    const bundle = { ...bundleOf(positions(40, 45), { of: rehashed }), checkpoint: ledger.checkpointAt(300) };
    const verification = verifyEvidenceBundle(asRead(bundle), ledgerKeys.publicKey);
    expect(verification.failures.filter((failure) => failure.kind === 'chain')).toEqual([]);
    expectFailures(verification, [['event', /position 42 .*not proven in the checkpoint's tree/]]);
    expect(verification.failures.map((failure) => failure.position)).toEqual([40, 41, 42, 43, 44, 45]);
  });

  it('given two events swapped in the bundle, or one moved to another position, then the order or the position is named', () => {
    const swapped = asRead(bundleOf(positions(1, 10))) as { events: unknown[] };
    [swapped.events[3], swapped.events[4]] = [swapped.events[4], swapped.events[3]];
    expectFailures(verifyEvidenceBundle(swapped, ledgerKeys.publicKey), [
      ['order', /position 4 comes after position 5: .*out of log order/],
    ]);

    const moved = asRead(bundleOf(positions(1, 10))) as { events: Array<{ event: { position: number } }> };
    moved.events[9]!.event.position = 11;
    expectFailures(verifyEvidenceBundle(moved, ledgerKeys.publicKey), [
      ['event', /position 11 .*not proven in the checkpoint's tree/],
      ['missing', /^position 10 is missing from the bundle of positions 1 to 10$/],
    ]);
  });

  it('given a log reordered and re-hashed and a new checkpoint signed over it, then it does not extend the checkpoint the auditor kept', () => {
    const reordered = ledgerOf(
      ledgerLog(300).map((event, at, all) => {
        const source = at === 9 ? all[10]! : at === 10 ? all[9]! : event;
        return { ...source, position: event.position };
      }),
    );
    const kept = ledger.checkpointAt(200);
    expectFailures(
      verifyEvidenceBundle(asRead(bundleOf(positions(1, 300), { of: reordered, earlierSize: 200 })), ledgerKeys.publicKey, {
        keptCheckpoint: kept,
      }),
      [['consistency', /does not prove its checkpoint \(300 events\) extends the kept one \(200 events\)/]],
    );
    const withKeptAsEarlier = { ...bundleOf(positions(1, 300), { of: reordered }), earlier: { checkpoint: kept, consistencyProof: [] } };
    expectFailures(verifyEvidenceBundle(asRead(withKeptAsEarlier), ledgerKeys.publicKey), [
      ['consistency', /does not extend the one of 200 events/],
    ]);
  });

  it('given a range bundle cut short, then the missing positions are named', () => {
    const bundle = bundleOf(positions(1, 300));
    const cut = { ...bundle, events: bundle.events.slice(0, 290) };
    expectFailures(verifyEvidenceBundle(asRead(cut), ledgerKeys.publicKey), [
      ['missing', /^positions 291 to 300 are missing from the bundle of positions 1 to 300$/],
    ]);
  });

  it('given a stream with an event left out, then the missing revision is named', () => {
    const bundle = bundleOf({ kind: 'streams', streamIds: ['client-c-1'] });
    const holed = { ...bundle, events: bundle.events.filter((entry) => entry.event.revision !== 5) };
    expectFailures(verifyEvidenceBundle(asRead(holed), ledgerKeys.publicKey), [
      ['missing', /^stream client-c-1: revision 5 is missing from the bundle$/],
    ]);
  });

  it('given a truncated log and a checkpoint signed over what is left, then the checkpoint the auditor kept shows the truncation', () => {
    const truncated = ledgerOf(log.slice(0, 250));
    const bundle = bundleOf(positions(1, 250), { of: truncated });
    expect(verifyEvidenceBundle(asRead(bundle), ledgerKeys.publicKey).valid).toBe(true);
    expectFailures(verifyEvidenceBundle(asRead(bundle), ledgerKeys.publicKey, { keptCheckpoint: ledger.checkpointAt(300) }), [
      ['consistency', /covers 250 events, fewer than the 300 of the kept one: the log was truncated/],
    ]);
    const beyond = { ...bundleOf(positions(1, 300)), checkpoint: truncated.checkpointAt(250) };
    expectFailures(verifyEvidenceBundle(asRead(beyond), ledgerKeys.publicKey), [
      ['event', /position 251 .*beyond the checkpoint's tree of 250 events/],
    ]);
  });

  it('given a checkpoint signed with another key, then the signature is named and nothing else is trusted', () => {
    const forged = ledgerOf(log, otherKeys.privateKey);
    const verification = verifyEvidenceBundle(asRead(bundleOf(positions(1, 10), { of: forged })), ledgerKeys.publicKey);
    expect(verification).toMatchObject({ valid: false, eventsProven: 0 });
    expectFailures(verification, [['signature', /^the bundle's checkpoint: no signature by the given public key/]]);
  });

  it('given two checkpoints of histories that fork, then the consistency proof between them fails naming both', () => {
    const forked = ledgerOf(ledgerLog(300, (event) => (event.position === 100 ? { ...event, type: 'ReorderCancelled' } : event)));
    const bundle = { ...bundleOf(positions(250, 300), { of: forked, earlierSize: 200 }) };
    const withHonestEarlier = {
      ...bundle,
      earlier: { ...bundle.earlier!, checkpoint: ledger.checkpointAt(200, '2025-03-01T00:00:00.000Z') },
    };
    expectFailures(verifyEvidenceBundle(asRead(withHonestEarlier), ledgerKeys.publicKey), [
      [
        'consistency',
        /^the checkpoint of 300 events at 2025-03-02T00:00:00.000Z does not extend the one of 200 events at 2025-03-01T00:00:00.000Z: .*fork/,
      ],
    ]);
    const sameSize = { ...bundleOf(positions(1, 5), { of: forked }) };
    expectFailures(verifyEvidenceBundle(asRead(sameSize), ledgerKeys.publicKey, { keptCheckpoint: ledger.checkpointAt(300) }), [
      ['consistency', /both cover 300 events but differ in root: the histories fork/],
    ]);
  });

  it('given an honest later bundle proving it extends the kept checkpoint, then it checks', () => {
    const bundle = bundleOf(positions(201, 300), { earlierSize: 200 });
    const verification = verifyEvidenceBundle(asRead(bundle), ledgerKeys.publicKey, {
      keptCheckpoint: ledger.checkpointAt(200, '2025-03-01T00:00:00.000Z'),
    });
    expect(verification.failures).toEqual([]);
    expect(
      verifyEvidenceBundle(asRead(bundleOf(positions(1, 3))), ledgerKeys.publicKey, { keptCheckpoint: ledger.checkpointAt(300) }).valid,
    ).toBe(true);
  });

  it('given a file that is not a bundle, then each malformed field is named', () => {
    const bundle = asRead(bundleOf(positions(1, 2))) as { events: Array<{ event: Record<string, unknown>; inclusionProof: unknown }> };
    delete bundle.events[0]!.event.eventId;
    bundle.events[1]!.inclusionProof = 'not a list';
    expectFailures(verifyEvidenceBundle(bundle, ledgerKeys.publicKey), [
      ['malformed', /^events\[0\]\.event\.eventId is not a string$/],
      ['malformed', /^events\[1\]\.inclusionProof is not a list of base64 hashes$/],
    ]);
    expectFailures(verifyEvidenceBundle({ format: 'other' }, ledgerKeys.publicKey), [['malformed', /format is "other"/]]);
  });
});
