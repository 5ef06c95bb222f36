/**
 * The same generated company history on SQLite and on PostgreSQL, side by side:
 * how fast it goes in (many appends per transaction, each still checking its
 * expected revision) and how fast every projection is rebuilt from it. Figures,
 * not a test: they vary with the machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { type LedgerStorage, openLedgerStorage, type StorageConfig } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';

import { type BenchFigure, say } from './figures';
import { BENCH_POSTGRES_URL, dropBenchSchema, postgresAnswers } from './postgres-server';
import { historyOf } from './projections.bench';

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

async function measureStore(label: string, config: StorageConfig, events: number, report: (figure: BenchFigure) => void): Promise<void> {
  const storage: LedgerStorage = await openLedgerStorage(config);
  try {
    let appended = 0;
    let chunk: Parameters<LedgerStorage['eventStore']['appendMany']>[0][number][] = [];
    const started = process.hrtime.bigint();
    const flush = async () => {
      const outcomes = await storage.eventStore.appendMany(chunk);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected');
      if (refused) throw (refused as PromiseRejectedResult).reason;
      chunk = [];
    };
    for (const { streamId, events: batch, expectedRevision } of historyOf(events)) {
      if (appended >= events) break;
      chunk.push({ streamId, events: batch, options: { expectedRevision } });
      appended += batch.length;
      if (chunk.length >= 1_000) await flush();
    }
    if (chunk.length > 0) await flush();
    report({
      measure: `load ${appended.toLocaleString('en-US')} events, 1,000 appends per transaction, ${label}`,
      value: appended / seconds(started),
      unit: 'events/s',
    });

    const rebuildStarted = process.hrtime.bigint();
    const runner = new ProjectionRunner(storage.eventStore, storage.projections, LEDGER_PROJECTIONS, { batchSize: 10_000 });
    await runner.start({ follow: false });
    const rebuild = seconds(rebuildStarted);
    report({
      measure: `full rebuild of all ${LEDGER_PROJECTIONS.length} projections, ${label}`,
      value: appended / rebuild,
      unit: 'events/s',
      note: `${rebuild.toFixed(1)} s`,
      aim: { atLeast: config.kind === 'postgres' ? 100_000 : 200_000 },
    });
    await runner.stop();
  } finally {
    await storage.close();
  }
}

export async function benchStores(options: { events: number }, report: (figure: BenchFigure) => void): Promise<void> {
  say(`SQLite and PostgreSQL side by side: ${options.events.toLocaleString('en-US')} events of a generated company`);
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-stores-'));
  try {
    await measureStore(
      'SQLite NORMAL',
      { kind: 'sqlite', path: path.join(folder, 'ledger.db'), synchronous: 'NORMAL' },
      options.events,
      report,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  if (!(await postgresAnswers())) {
    say(`PostgreSQL does not answer at ${BENCH_POSTGRES_URL}: its figures are left out (set LEDGER_BENCH_POSTGRES_URL)`);
    return;
  }
  const schema = `bench_stores_${process.pid}`;
  try {
    await measureStore('PostgreSQL', { kind: 'postgres', url: BENCH_POSTGRES_URL, schema }, options.events, report);
  } finally {
    await dropBenchSchema(schema);
  }
}
