/**
 * A quick append and read loop through the EventStore port, on SQLite and, when
 * the machine's server answers, on PostgreSQL. Figures, not a test: they vary
 * with the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore, SqliteEventStore, type EventStore, type NewEvent } from '@ledger/event-store';

import type { BenchFigure } from './figures';
import { BENCH_POSTGRES_URL, dropBenchSchema, postgresAnswers } from './postgres-server';

const newEvent = (streamIndex: number, revision: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ReorderPlaced',
  schemaVersion: 1,
  occurredAt: new Date(Date.UTC(2024, 0, 1) + revision * 86_400_000).toISOString(),
  data: { clientId: `c-${streamIndex}`, orderId: `o-${revision}`, total: { amount: 12_345, currency: 'EUR' }, takenBy: 'rep-anna' },
  metadata: { actor: { type: 'user', id: 'bench', role: 'rep' }, correlationId: 'bench', causationId: 'bench' },
});

interface OpenedStore {
  readonly store: EventStore;
  readonly dispose: () => Promise<void>;
}

function sqliteStore(synchronous: 'NORMAL' | 'FULL', inMemory: boolean): () => Promise<OpenedStore> {
  return async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-'));
    const store = SqliteEventStore.open({ path: inMemory ? ':memory:' : path.join(folder, 'bench.db'), synchronous });
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  };
}


/** A fresh schema on the server, dropped afterwards. */
function postgresStore(): () => Promise<OpenedStore> {
  return async () => {
    const schema = `bench_${process.pid}_${Date.now()}`;
    const store = await PostgresEventStore.connect({ connectionString: BENCH_POSTGRES_URL, schema });
    return {
      store,
      dispose: async () => {
        await store.close();
        await dropBenchSchema(schema);
      },
    };
  };
}


async function measure(TOTAL: number, label: string, open: () => Promise<OpenedStore>, batch: number): Promise<BenchFigure[]> {
  const STREAMS = Math.max(1, Math.floor(TOTAL / 10));
  const { store, dispose } = await open();
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
    await dispose();
  }
}

export async function benchAppends(options: { events: number }, report: (figure: BenchFigure) => void): Promise<void> {
  const total = options.events;
  console.log(`event stores: ${total.toLocaleString('en-US')} events over ${Math.floor(total / 10).toLocaleString('en-US')} streams, node ${process.version}`);
  const runs: Array<[string, () => Promise<OpenedStore>, number]> = [
    ['1 event per append, expected revision, SQLite NORMAL', sqliteStore('NORMAL', false), 1],
    ['10 events per append, expected revision, SQLite NORMAL', sqliteStore('NORMAL', false), 10],
    ['1 event per append, expected revision, SQLite FULL', sqliteStore('FULL', false), 1],
    // In memory: the port's own CPU cost, without the disk.
    ['1 event per append, SQLite in memory', sqliteStore('NORMAL', true), 1],
    ['10 events per append, SQLite in memory', sqliteStore('NORMAL', true), 10],
  ];
  if (await postgresAnswers()) {
    // The server's defaults (synchronous_commit on: each commit waits for its WAL flush).
    runs.push(['1 event per append, expected revision, PostgreSQL', postgresStore(), 1], ['10 events per append, expected revision, PostgreSQL', postgresStore(), 10]);
  } else {
    console.log(`PostgreSQL does not answer at ${BENCH_POSTGRES_URL}: its figures are left out (set LEDGER_BENCH_POSTGRES_URL)`);
  }
  for (const [label, open, batch] of runs) {
    for (const figure of await measure(total, label, open, batch)) report(figure);
  }
}
