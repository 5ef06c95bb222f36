/**
 * The Merkle tree's own cost, in process and in memory: what it adds to each
 * append's hashing, and how long an inclusion proof takes at the log's size.
 * The store keeping the subtrees in a table adds its reads to the proof and its
 * writes to the append; these figures are the floor under those.
 */
import { chainLink, GENESIS_HASH } from '@ledger/event-store/event-chain';
import { eventLeaf, type EvidenceEvent, inclusionProof, InMemorySubtreeHashes, MerkleFrontier } from '@ledger/evidence';

import { type BenchFigure, secondsSince } from './figures';

/** The aim: an inclusion proof at 1,000,000 events in 5 ms or less. */
const PROOF_AIM = { atMost: 5 };
const PROOFS = 1_000;

type Report = (figure: BenchFigure) => void;

function eventAt(position: number): Omit<EvidenceEvent, 'hash'> {
  return {
    position,
    eventId: `0190a0b0-0000-7000-8000-${String(position).padStart(12, '0')}`,
    streamId: `client-${position % 1_000}`,
    revision: Math.floor(position / 1_000),
    type: 'ReorderPlaced',
    schemaVersion: 1,
    occurredAt: '2025-03-01T10:00:00.000Z',
    recordedAt: '2025-03-01T10:00:01.000Z',
    data: { clientId: `c-${position % 1_000}`, amount: { minor: position * 100, currency: 'EUR' } },
    metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: `corr-${position}`, causationId: `cmd-${position}` },
  };
}

export function benchMerkle({ events }: { events: number }, report: Report): void {
  let chainSeconds = 0;
  let merkleSeconds = 0;
  let previous = GENESIS_HASH;
  const frontier = new MerkleFrontier();
  const hashes = new InMemorySubtreeHashes();
  for (let position = 1; position <= events; position++) {
    const event = eventAt(position);
    const chained = process.hrtime.bigint();
    previous = chainLink(previous, event).hash;
    const merkled = process.hrtime.bigint();
    hashes.keep(frontier.append(eventLeaf(event)));
    const done = process.hrtime.bigint();
    chainSeconds += Number(merkled - chained) / 1e9;
    merkleSeconds += Number(done - merkled) / 1e9;
  }
  report({ measure: '  hash chain link per event (canonical JSON, SHA-256)', value: (chainSeconds / events) * 1e6, unit: 'µs' });
  report({
    measure: '  Merkle leaf and frontier append per event, subtrees kept in memory',
    value: (merkleSeconds / events) * 1e6,
    unit: 'µs',
  });

  const started = process.hrtime.bigint();
  for (let i = 0; i < PROOFS; i++) inclusionProof(Math.floor(Math.random() * events), events, hashes);
  report({
    measure: `  inclusion proof at ${events.toLocaleString('en-US')} events, subtrees in memory`,
    value: (secondsSince(started) / PROOFS) * 1e3,
    unit: 'ms',
    ...(events >= 1_000_000 ? { aim: PROOF_AIM } : {}),
  });
}
