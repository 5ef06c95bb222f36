/**
 * The Merkle tree as the ledger keeps it: the follower catching the tree up
 * over a SQLite log (leaves hashed, subtrees written to their table), beside
 * what one append of one event costs; and an inclusion proof read from the
 * table. The follower is off the append path (an append waits for no tree),
 * but it runs on the same thread: its time per event is what the tree takes
 * from a process appending flat out, compared with the append's own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { type NewEvent, SqlEvidenceTables, SqliteEventStore } from '@ledger/event-store';
import { sqliteSqlRunner } from '@ledger/event-store/sqlite/sqlite-sql-runner';
import { inclusionProof, inclusionRanges, subtreesOfRanges } from '@ledger/evidence';
import { MerkleFollower, readSubtreeHashes } from '@ledger/ledger';

import { type BenchFigure, secondsSince } from './figures';

type Report = (figure: BenchFigure) => void;

/** The aims: the tree costs at most 10 % of append throughput; a proof at 1,000,000 events in 5 ms. */
const TREE_SHARE_AIM = { atMost: 10 };
const PROOF_AIM = { atMost: 5 };
const SINGLE_APPENDS = 10_000;
const PROOFS = 1_000;

const reorder = (n: number): NewEvent => ({
  eventId: `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'ReorderPlaced',
  schemaVersion: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  data: { clientId: `c-${n % 1_000}`, amount: { minor: n * 100, currency: 'EUR' } },
  metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: `corr-${n}`, causationId: `cmd-${n}` },
});

export async function benchMerkleFollower({ events }: { events: number }, report: Report): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-merkle-'));
  const store = SqliteEventStore.open({ path: path.join(folder, 'ledger.db') });
  try {
    const single = Math.min(events, SINGLE_APPENDS);
    const appending = process.hrtime.bigint();
    for (let n = 1; n <= single; n++) await store.append(`client-${n % 1_000}`, [reorder(n)], { expectedRevision: 'any' });
    const appendMicros = (secondsSince(appending) / single) * 1e6;
    // The rest of the log in large appends: only its size matters to the tree.
    for (let n = single + 1; n <= events; n += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, events - n + 1) }, (_, at) => reorder(n + at));
      await store.append(`client-${n % 1_000}`, batch, { expectedRevision: 'any' });
    }

    const tables = new SqlEvidenceTables(sqliteSqlRunner(store.database));
    const following = process.hrtime.bigint();
    const head = await new MerkleFollower(store, tables).catchUp();
    const followerMicros = (secondsSince(following) / head.treeSize) * 1e6;
    const size = `${head.treeSize.toLocaleString('en-US')} events`;
    report({ measure: '  append of 1 event (SQLite, WAL, synchronous=NORMAL)', value: appendMicros, unit: 'µs/event' });
    report({ measure: '  follower: read, hash and keep the subtrees (SQLite table)', value: followerMicros, unit: 'µs/event', note: size });
    report({
      measure: "  the follower's time per event, as a share of an append's",
      value: (followerMicros / appendMicros) * 100,
      unit: '%',
      aim: TREE_SHARE_AIM,
    });

    const restoring = process.hrtime.bigint();
    await new MerkleFollower(store, tables).catchUp();
    report({ measure: '  restart: the frontier restored from the table, nothing new', value: secondsSince(restoring) * 1e3, unit: 'ms' });

    const proving = process.hrtime.bigint();
    for (let i = 0; i < PROOFS; i++) {
      const leaf = Math.floor(Math.random() * head.treeSize);
      const hashes = await readSubtreeHashes(tables, subtreesOfRanges(inclusionRanges(leaf, head.treeSize)));
      inclusionProof(leaf, head.treeSize, hashes);
    }
    report({
      measure: `  inclusion proof at ${size}, read from the table`,
      value: (secondsSince(proving) / PROOFS) * 1e3,
      unit: 'ms',
      ...(head.treeSize >= 1_000_000 ? { aim: PROOF_AIM } : {}),
    });
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
