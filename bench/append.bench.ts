/**
 * Appends and reads through the EventStore port against the raw driver on the same
 * workload, in the same run: the port's cost is the ratio between the two. SQLite on
 * disk in WAL mode with the same synchronous setting for both; PostgreSQL through the
 * port too when the machine's server answers. Figures, not a test: they vary with the
 * machine and its load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { type EventStore, type NewEvent, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';

import { EmmettPostgresLog } from './emmett-postgres';
import { type BenchFigure, say, secondsSince } from './figures';
import { BENCH_POSTGRES_URL, dropBenchSchema, postgresAnswers } from './postgres-server';
import { RawPostgresLog } from './raw-postgres';
import { RawSqliteLog } from './raw-sqlite';
import { type AppendWorkload, averageBodyBytes, streamOf, workloadAppends } from './workload';

/** The aims: the port at 80 % or more of the raw driver for appends, 70 % for reads (whole events, metadata parsed). */
const RATIO_AIM = { atLeast: 0.8 };
const READ_RATIO_AIM = { atLeast: 0.7 };
const READ_PAGE = 5_000;
const STREAMS_READ = 10_000;

type Report = (figure: BenchFigure) => void;

const appendThroughPort = (store: EventStore, workload: AppendWorkload, batch: number): Promise<number> =>
  appendThrough(
    (streamId, first, events) => store.append(streamId, events, { expectedRevision: first === 0 ? 'no_stream' : first - 1 }),
    workload,
    batch,
  );

function appendRaw(raw: RawSqliteLog, workload: AppendWorkload, batch: number): number {
  let appended = 0;
  const started = process.hrtime.bigint();
  for (const { streamId, first, events } of workloadAppends(workload, batch)) {
    raw.append(streamId, first, events);
    appended += events.length;
  }
  return appended / secondsSince(started);
}

function ratio(label: string, ours: number, raw: number, report: Report, aim = RATIO_AIM): void {
  report({ measure: `  ratio ours / raw, ${label}`, value: ours / raw, unit: '×', aim });
}

/** The streams a read of `count` streams visits: spread evenly over all of them. */
function streamsToRead(workload: AppendWorkload): string[] {
  const count = Math.min(STREAMS_READ, workload.streams);
  return Array.from({ length: count }, (_, index) => streamOf(Math.floor((index * workload.streams) / count)));
}

/** Events per second reading the whole log a page at a time, then a sample of streams one by one. */
async function readRates(
  workload: AppendWorkload,
  readPage: (after: number) => Promise<ReadonlyArray<{ position: number }>> | ReadonlyArray<{ position: number }>,
  readStream: (streamId: string) => Promise<readonly unknown[]> | readonly unknown[],
): Promise<{ log: number; streams: number }> {
  let read = 0;
  const started = process.hrtime.bigint();
  for (let after = 0; ;) {
    const page = await readPage(after);
    if (page.length === 0) break;
    read += page.length;
    after = page.at(-1)!.position;
  }
  const log = read / secondsSince(started);
  return { log, streams: await streamReadRate(workload, async (streamId) => readStream(streamId)) };
}

const readsThroughPort = (store: EventStore, workload: AppendWorkload) =>
  readRates(
    workload,
    (after) => store.readAll({ after, limit: READ_PAGE }),
    (streamId) => store.readStream(streamId),
  );

const readsRaw = (raw: RawSqliteLog, workload: AppendWorkload) =>
  readRates(
    workload,
    (after) => raw.readPage(after, READ_PAGE),
    (streamId) => raw.readStream(streamId),
  );

/** Both sides on fresh files in one folder, the port first; the 1-per-append files are then read. */
async function compareOnSqlite(
  workload: AppendWorkload,
  synchronous: 'NORMAL' | 'FULL',
  withReads: boolean,
  report: Report,
): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-append-'));
  const size = `${workload.events.toLocaleString('en-US')} events / ${workload.streams.toLocaleString('en-US')} streams`;
  const setting = `WAL, synchronous=${synchronous}`;
  try {
    for (const batch of [1, 10]) {
      const label = batch === 1 ? '1 event per append, expected revision' : '10 events per append to one stream';
      const store = SqliteEventStore.open({ path: path.join(folder, `ours-${batch}.db`), synchronous });
      const raw = RawSqliteLog.open(path.join(folder, `raw-${batch}.db`), synchronous);
      try {
        const ours = await appendThroughPort(store, workload, batch);
        const limit = appendRaw(raw, workload, batch);
        report({ measure: `append ${label}: ours (${setting})`, value: ours, unit: 'events/s', note: size });
        report({ measure: `append ${label}: raw driver (${setting})`, value: limit, unit: 'events/s' });
        ratio(label, ours, limit, report);
        if (withReads && batch === 1) {
          const ourReads = await readsThroughPort(store, workload);
          const rawReads = await readsRaw(raw, workload);
          report({
            measure: `read the whole log in order, pages of ${READ_PAGE.toLocaleString('en-US')}: ours`,
            value: ourReads.log,
            unit: 'events/s',
            note: 'RecordedEvent: data and metadata parsed',
          });
          report({ measure: `read the whole log in order: raw driver`, value: rawReads.log, unit: 'events/s', note: 'data parsed' });
          ratio('read the whole log', ourReads.log, rawReads.log, report, READ_RATIO_AIM);
          const streams = streamsToRead(workload).length.toLocaleString('en-US');
          report({ measure: `read ${streams} streams one by one: ours`, value: ourReads.streams, unit: 'events/s' });
          report({ measure: `read ${streams} streams one by one: raw driver`, value: rawReads.streams, unit: 'events/s' });
          ratio(`read ${streams} streams`, ourReads.streams, rawReads.streams, report, READ_RATIO_AIM);
          const started = process.hrtime.bigint();
          const chain = await store.verifyChain();
          if (!chain.intact || chain.events !== workload.events)
            throw new Error(`the chain should be intact over ${workload.events} events: ${JSON.stringify(chain)}`);
          report({
            measure: 'verifyChain over that log (ours only: the raw table has no chain)',
            value: workload.events / secondsSince(started),
            unit: 'events/s',
          });
        }
      } finally {
        await store.close();
        raw.close();
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Events per second appending the workload through one side's append(streamId, first revision, events). */
async function appendThrough(
  append: (streamId: string, first: number, events: NewEvent[]) => Promise<unknown>,
  workload: AppendWorkload,
  batch: number,
): Promise<number> {
  let appended = 0;
  const started = process.hrtime.bigint();
  for (const { streamId, first, events } of workloadAppends(workload, batch)) {
    await append(streamId, first, events);
    appended += events.length;
  }
  return appended / secondsSince(started);
}

/** Events per second reading a sample of the workload's streams one by one. */
async function streamReadRate(workload: AppendWorkload, readStream: (streamId: string) => Promise<readonly unknown[]>): Promise<number> {
  let read = 0;
  const started = process.hrtime.bigint();
  for (const streamId of streamsToRead(workload)) read += (await readStream(streamId)).length;
  return read / secondsSince(started);
}

/** Writers loops at once, each on its own streams (stream number modulo writers), one event per append. */
async function appendConcurrently(store: EventStore, workload: AppendWorkload, writers: number): Promise<number> {
  let appended = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (const { stream, streamId, first, events } of workloadAppends(workload, 1)) {
        if (stream % writers !== writer) continue;
        await store.append(streamId, events, { expectedRevision: first === 0 ? 'no_stream' : first - 1 });
        appended += events.length;
      }
    }),
  );
  return appended / secondsSince(started);
}

const CONCURRENT_WRITERS = 8;

type Append = (streamId: string, first: number, events: NewEvent[]) => Promise<unknown>;

/** Appends a slice takes before the next side has its turn. */
const INTERLEAVE_SLICE = 100;

/**
 * Events per second of each side on the same workload, the sides taking turns a slice of appends
 * at a time (in a rotating order): a commit on PostgreSQL waits for its WAL flush, whose time swings
 * with the machine's load, so sides run one after another would be measured under different loads.
 * Each side's rate is its events over the time of its own slices.
 */
async function appendInterleaved(sides: readonly Append[], workload: AppendWorkload, batch: number): Promise<number[]> {
  const appends = [...workloadAppends(workload, batch)];
  const seconds = sides.map(() => 0);
  for (let from = 0, round = 0; from < appends.length; from += INTERLEAVE_SLICE, round++) {
    const slice = appends.slice(from, from + INTERLEAVE_SLICE);
    for (let turn = 0; turn < sides.length; turn++) {
      const side = (round + turn) % sides.length;
      const started = process.hrtime.bigint();
      for (const { streamId, first, events } of slice) await sides[side]!(streamId, first, events);
      seconds[side]! += secondsSince(started);
    }
  }
  const events = appends.reduce((sum, append) => sum + append.events.length, 0);
  return seconds.map((spent) => events / spent);
}

async function onPostgres(workload: AppendWorkload, report: Report): Promise<void> {
  let single = 0;
  for (const batch of [1, 10]) {
    const schema = `bench_${process.pid}_${Date.now()}`;
    const rawSchema = `${schema}_raw`;
    const emmettDatabase = `${schema}_emmett`;
    const store = await PostgresEventStore.connect({ connectionString: BENCH_POSTGRES_URL, schema });
    const raw = await RawPostgresLog.open(BENCH_POSTGRES_URL, rawSchema);
    const emmett = await EmmettPostgresLog.open(BENCH_POSTGRES_URL, emmettDatabase);
    try {
      const label = batch === 1 ? '1 event per append, expected revision' : '10 events per append to one stream';
      const [ours, limit, peer] = (await appendInterleaved(
        [
          (streamId, first, events) => store.append(streamId, events, { expectedRevision: first === 0 ? 'no_stream' : first - 1 }),
          (streamId, first, events) => raw.append(streamId, first, events),
          (streamId, first, events) => emmett.append(streamId, first, events),
        ],
        workload,
        batch,
      )) as [number, number, number];
      report({
        measure: `append ${label}: ours on PostgreSQL`,
        value: ours,
        unit: 'events/s',
        note: `${workload.events.toLocaleString('en-US')} events; server defaults (synchronous_commit on); the three sides take turns, ${INTERLEAVE_SLICE} appends each`,
      });
      report({ measure: `append ${label}: raw pg driver`, value: limit, unit: 'events/s' });
      report({ measure: `append ${label}: Emmett on PostgreSQL`, value: peer, unit: 'events/s' });
      report({ measure: `  ratio ours / raw pg, ${label}`, value: ours / limit, unit: '×', aim: { atLeast: 0.7 } });
      report({ measure: `  ratio ours / Emmett, ${label}`, value: ours / peer, unit: '×' });
      if (batch === 1) {
        single = ours;
        const streams = streamsToRead(workload).length.toLocaleString('en-US');
        const ourReads = await streamReadRate(workload, (streamId) => store.readStream(streamId));
        const peerReads = await streamReadRate(workload, (streamId) => emmett.readStream(streamId));
        report({ measure: `read ${streams} streams one by one: ours on PostgreSQL`, value: ourReads, unit: 'events/s' });
        report({ measure: `read ${streams} streams one by one: Emmett on PostgreSQL`, value: peerReads, unit: 'events/s' });
        report({ measure: `  ratio ours / Emmett, read ${streams} streams`, value: ourReads / peerReads, unit: '×' });
      }
    } finally {
      await store.close();
      await raw.close();
      await emmett.close();
      await dropBenchSchema(schema);
      await dropBenchSchema(rawSchema);
    }
  }
  const schema = `bench_${process.pid}_${Date.now()}_writers`;
  const store = await PostgresEventStore.connect({ connectionString: BENCH_POSTGRES_URL, schema });
  try {
    const together = await appendConcurrently(store, workload, CONCURRENT_WRITERS);
    report({
      measure: `append 1 event per append, ${CONCURRENT_WRITERS} writers on distinct streams: ours on PostgreSQL`,
      value: together,
      unit: 'events/s',
    });
    report({
      measure: `  ratio ${CONCURRENT_WRITERS} writers / 1 writer, ours on PostgreSQL`,
      value: together / single,
      unit: '×',
      aim: { atLeast: 2 },
    });
  } finally {
    await store.close();
    await dropBenchSchema(schema);
  }
}

export async function benchAppends(options: { workload: AppendWorkload; postgres: boolean }, report: Report): Promise<void> {
  const { workload } = options;
  say(
    `Appends and reads: ${workload.events.toLocaleString('en-US')} events over ${workload.streams.toLocaleString('en-US')} client streams, ` +
      `${Math.round(averageBodyBytes())}-byte bodies on average; ours through the EventStore port (event id, metadata, record time, hash chain, ` +
      `expected revision and idempotency checks), raw: better-sqlite3 on (position, stream_id, revision, type, data), one transaction per append`,
  );
  await compareOnSqlite(workload, 'NORMAL', true, report);
  // Every commit fsynced: a tenth of the workload, both sides alike.
  await compareOnSqlite(
    { events: Math.max(1_000, workload.events / 10), streams: Math.max(100, workload.streams / 10) },
    'FULL',
    false,
    report,
  );
  if (options.postgres) await benchPostgresAppends(workload, report);
}

/** The PostgreSQL half alone (`--only postgres`), on a tenth of the workload: every commit waits for its WAL flush. */
export async function benchPostgresAppends(workload: AppendWorkload, report: Report): Promise<void> {
  if (await postgresAnswers()) {
    await onPostgres({ events: Math.max(1_000, workload.events / 10), streams: Math.max(100, workload.streams / 10) }, report);
  } else {
    say(`PostgreSQL does not answer at ${BENCH_POSTGRES_URL}: its figures are left out (set LEDGER_BENCH_POSTGRES_URL)`);
  }
}
