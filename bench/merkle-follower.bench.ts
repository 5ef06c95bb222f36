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
import { AppendedContents, MerkleFollower, readSubtreeHashes } from '@ledger/ledger';

import { type BenchFigure, secondsSince } from './figures';

type Report = (figure: BenchFigure) => void;

/** The aims: the tree costs at most 10 % of append throughput; a proof at 1,000,000 events in 5 ms. */
const TREE_SHARE_AIM = { atMost: 10 };
const PROOF_AIM = { atMost: 5 };
const SINGLE_APPENDS = 10_000;
/** Appends a turn of the with-and-without-listening comparison takes. */
const LISTENING_TURN = 500;
const PROOFS = 1_000;

const reorder = (n: number): NewEvent => ({
  eventId: `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`,
  type: 'ReorderPlaced',
  schemaVersion: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  data: { clientId: `c-${n % 1_000}`, amount: { minor: n * 100, currency: 'EUR' } },
  metadata: { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: `corr-${n}`, causationId: `cmd-${n}` },
});

/** Microseconds an event appending `count` single-event appends from `first` on. */
async function singleAppends(store: SqliteEventStore, first: number, count: number): Promise<number> {
  const appending = process.hrtime.bigint();
  for (let n = first; n < first + count; n++) await store.append(`client-${n % 1_000}`, [reorder(n)], { expectedRevision: 'any' });
  return (secondsSince(appending) / count) * 1e6;
}

export async function benchMerkleFollower({ events }: { events: number }, report: Report): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-merkle-'));
  const store = SqliteEventStore.open({ path: path.join(folder, 'ledger.db') });
  try {
    const single = Math.min(events, SINGLE_APPENDS);
    // The log in large appends: only its size matters to the tree.
    for (let n = 1; n <= events; n += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, events - n + 1) }, (_, at) => reorder(n + at));
      await store.append(`client-${n % 1_000}`, batch, { expectedRevision: 'any' });
    }
    const tables = new SqlEvidenceTables(sqliteSqlRunner(store.database));
    // Made after the appends: it reads every event back, as for another process's appends or after a restart.
    const reading = new MerkleFollower(store, tables);
    const following = process.hrtime.bigint();
    const head = await reading.catchUp();
    const readingMicros = (secondsSince(following) / head.treeSize) * 1e6;
    await reading.stop();
    const size = `${head.treeSize.toLocaleString('en-US')} events`;

    // Single appends to the log of that size, in turns of LISTENING_TURN with and without a listener doing what the
    // follower's does (keeping the contents handed over), so that the load and the file weigh on both alike.
    let next = events + 1;
    const micros = [0, 0];
    for (let turn = 0; turn < (2 * single) / LISTENING_TURN; turn++) {
      const listening = turn % 2;
      const held = new AppendedContents(single);
      const stopListening = listening ? store.followAppendedContents((appended) => held.add(appended)) : () => undefined;
      micros[listening]! += (await singleAppends(store, next, LISTENING_TURN)) * LISTENING_TURN;
      stopListening();
      next += LISTENING_TURN;
    }
    const [appendMicros, listeningMicros] = micros.map((total) => total / single) as [number, number];
    // A follower brought up to the log, then as many appends again: it hashes the contents the store handed over.
    const follower = new MerkleFollower(store, tables);
    const before = await follower.catchUp();
    await singleAppends(store, next, single);
    const catchingUp = process.hrtime.bigint();
    const own = await follower.catchUp();
    const ownMicros = (secondsSince(catchingUp) / (own.treeSize - before.treeSize)) * 1e6;

    report({ measure: `  append of 1 event (SQLite, WAL, synchronous=NORMAL) to ${size}`, value: appendMicros, unit: 'µs/event' });
    report({
      measure: "  follower reading the log back (another process's appends, a restart)",
      value: readingMicros,
      unit: 'µs/event',
      note: `${size}: read, hash, subtrees kept`,
    });
    report({ measure: '    as a share of an append', value: (readingMicros / appendMicros) * 100, unit: '%' });
    report({ measure: '  append of 1 event, the follower listening', value: listeningMicros, unit: 'µs/event' });
    report({
      measure: "  follower on this process's own appends",
      value: ownMicros,
      unit: 'µs/event',
      note: 'from the contents handed over: hash, subtrees kept',
    });
    // What listening added to the appends counts as the tree's too.
    report({
      measure: "  the tree's time per event (follower and listening), as a share of an append's",
      value: ((ownMicros + Math.max(0, listeningMicros - appendMicros)) / appendMicros) * 100,
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
