/**
 * A quick append and read loop through the EventStore port on SQLite.
 * Figures, not a test: they vary with the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type NewEvent } from '@ledger/event-store';

import type { BenchFigure } from './figures';

const newEvent = (streamIndex: number, revision: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ReorderPlaced',
  schemaVersion: 1,
  occurredAt: new Date(Date.UTC(2024, 0, 1) + revision * 86_400_000).toISOString(),
  data: { clientId: `c-${streamIndex}`, orderId: `o-${revision}`, total: { amount: 12_345, currency: 'EUR' }, takenBy: 'rep-anna' },
  metadata: { actor: { type: 'user', id: 'bench', role: 'rep' }, correlationId: 'bench', causationId: 'bench' },
});

async function measure(TOTAL: number, label: string, synchronous: 'NORMAL' | 'FULL', batch: number, inMemory = false): Promise<BenchFigure[]> {
  const STREAMS = Math.max(1, Math.floor(TOTAL / 10));
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

    const verifyStarted = process.hrtime.bigint();
    const chain = await store.verifyChain();
    const verifySeconds = Number(process.hrtime.bigint() - verifyStarted) / 1e9;
    if (!chain.intact || chain.events !== TOTAL) throw new Error(`the chain should be intact over ${TOTAL} events: ${JSON.stringify(chain)}`);
    return [
      { measure: `append, ${label}`, value: TOTAL / appendSeconds, unit: 'events/s' },
      { measure: `readAll after it, ${label}`, value: read / readSeconds, unit: 'events/s' },
      { measure: `verifyChain, ${label}`, value: TOTAL / verifySeconds, unit: 'events/s' },
    ];
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchAppends(options: { events: number }, report: (figure: BenchFigure) => void): Promise<void> {
  const total = options.events;
  console.log(`SQLite event store: ${total.toLocaleString('en-US')} events over ${Math.floor(total / 10).toLocaleString('en-US')} streams, node ${process.version}`);
  const runs: Array<[string, 'NORMAL' | 'FULL', number, boolean]> = [
    ['1 event per append, expected revision, NORMAL', 'NORMAL', 1, false],
    ['10 events per append, expected revision, NORMAL', 'NORMAL', 10, false],
    ['1 event per append, expected revision, FULL', 'FULL', 1, false],
    // In memory: the port's own CPU cost, without the disk.
    ['1 event per append, in memory', 'NORMAL', 1, true],
    ['10 events per append, in memory', 'NORMAL', 10, true],
  ];
  for (const [label, synchronous, batch, inMemory] of runs) {
    for (const figure of await measure(total, label, synchronous, batch, inMemory)) report(figure);
  }
}
