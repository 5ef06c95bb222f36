/**
 * A quick append and read loop through the EventStore port on SQLite.
 * `npm run bench` (or `npm run bench -- --events 50000`). Figures, not a test:
 * they vary with the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type NewEvent } from '@ledger/event-store';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

const TOTAL = argument('events', 100_000);
const STREAMS = Math.max(1, Math.floor(TOTAL / 10));

const newEvent = (streamIndex: number, revision: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ReorderPlaced',
  schemaVersion: 1,
  occurredAt: new Date(Date.UTC(2024, 0, 1) + revision * 86_400_000).toISOString(),
  data: { clientId: `c-${streamIndex}`, orderId: `o-${revision}`, total: { amount: 12_345, currency: 'EUR' }, takenBy: 'rep-anna' },
  metadata: { actor: { type: 'user', id: 'bench', role: 'rep' }, correlationId: 'bench', causationId: 'bench' },
});

async function measure(label: string, synchronous: 'NORMAL' | 'FULL', batch: number, inMemory = false): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-'));
  const store = SqliteEventStore.open({ path: inMemory ? ':memory:' : path.join(folder, 'bench.db'), synchronous });
  try {
    const revisions = new Array<number>(STREAMS).fill(-1);
    const started = process.hrtime.bigint();
    for (let appended = 0; appended < TOTAL; appended += batch) {
      const stream = (appended / batch) % STREAMS;
      const events = Array.from({ length: batch }, (_, i) => newEvent(stream, revisions[stream] + 1 + i));
      const expectedRevision = revisions[stream] < 0 ? 'no_stream' : revisions[stream];
      revisions[stream] = (await store.append(`client-${stream}`, events, { expectedRevision })).revision;
    }
    const appendSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const readStarted = process.hrtime.bigint();
    let read = 0;
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, limit: 5_000 });
      if (page.length === 0) break;
      read += page.length;
      after = page.at(-1)!.position;
    }
    const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
    const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en-US');
    console.log(
      `${label.padEnd(44)} append ${rate(TOTAL, appendSeconds).padStart(9)} events/s   readAll ${rate(read, readSeconds).padStart(9)} events/s`,
    );
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`SQLite event store, ${TOTAL.toLocaleString('en-US')} events over ${STREAMS.toLocaleString('en-US')} streams, node ${process.version}`);
  await measure('1 event per append, expected revision, NORMAL', 'NORMAL', 1);
  await measure('10 events per append, expected revision, NORMAL', 'NORMAL', 10);
  await measure('1 event per append, expected revision, FULL', 'FULL', 1);
  // In memory: the port's own CPU cost, without the disk.
  await measure('1 event per append, in memory', 'NORMAL', 1, true);
  await measure('10 events per append, in memory', 'NORMAL', 10, true);
}

void main();
