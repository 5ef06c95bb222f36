/**
 * Projections on a generated company history (docs/architecture.md, "The company"): a full rebuild of
 * every read model, restart, live queries and "as of" answers. Figures, not a
 * test: they vary with the machine and its load.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import { generateCompanyHistory, type HistoryAppend } from '@ledger/ledger';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';

import { type BenchFigure, say } from './figures';

export interface ProjectionBenchOptions {
  readonly events: number;
  /** Where to build the ledger; kept afterwards, with its read models, for the benches that follow. */
  readonly file: string;
}

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
const MONTHS = 48;

/** Scales the generated company so that its history over MONTHS holds at least the wanted number of events. */
export function historyOf(events: number): Generator<HistoryAppend> {
  const probeLeads = 40;
  let probeEvents = 0;
  for (const append of generateCompanyHistory({ months: MONTHS, leadsPerMonth: probeLeads })) probeEvents += append.events.length;
  const leadsPerMonth = Math.ceil(((probeLeads * events) / probeEvents) * 1.1);
  return generateCompanyHistory({ months: MONTHS, leadsPerMonth });
}

/**
 * Set-up only: many appends per SQLite transaction (each append still checks its expected
 * revision). The generated history's business time never goes back, so the business time
 * of its n-th event is the moment at which exactly n events had occurred.
 */
async function fill(store: SqliteEventStore, events: number): Promise<{ appended: number }> {
  let appended = 0;
  let chunk: HistoryAppend[] = [];
  const flush = async () => {
    const appends: Array<Promise<unknown>> = [];
    store.database.transaction(() => {
      for (const { streamId, events: batch, expectedRevision } of chunk) appends.push(store.append(streamId, batch, { expectedRevision }));
    })();
    await Promise.all(appends);
    chunk = [];
  };
  for (const append of historyOf(events)) {
    if (appended >= events) break;
    chunk.push(append);
    appended += append.events.length;
    if (chunk.length >= 5_000) await flush();
  }
  await flush();
  // As a ledger at rest: the write-ahead log folded into the database file.
  store.database.pragma('wal_checkpoint(TRUNCATE)');
  return { appended };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: seconds(started) };
}

async function medianMs(work: () => Promise<unknown>, runs = 15): Promise<number> {
  return (await spread(runs, work)).median;
}

/** Median and 99th percentile of `runs` timings of the work, one after another, in ms. */
async function spread(runs: number, work: () => Promise<unknown>): Promise<{ median: number; p99: number }> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timed(work)).seconds * 1000);
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, p99: times[Math.min(runs - 1, Math.ceil(runs * 0.99) - 1)]! };
}

const HISTORY_RUNS = 40;

/** What a screen asks of each report: a year of pipeline, retention and revenue, a directory page, a month of the handoff trail. */
const REPORT_QUERIES: ReadonlyArray<readonly [string, unknown]> = [
  ['pipeline', { period: { from: '2023-01-01T00:00:00.000Z', to: '2024-01-01T00:00:00.000Z' } }],
  ['retention', { period: { from: '2023-01-01T00:00:00.000Z', to: '2024-01-01T00:00:00.000Z' } }],
  ['revenue', { period: { from: '2023-01-01T00:00:00.000Z', to: '2024-01-01T00:00:00.000Z' }, groupBy: 'department' }],
  ['clients', { status: 'active', limit: 50 }],
  ['handoffs', { period: { from: '2023-06-01T00:00:00.000Z', to: '2023-07-01T00:00:00.000Z' } }],
];

/** The business and record times the ledger spans. */
async function timeSpan(store: SqliteEventStore) {
  const row = store.database
    .prepare<[], { firstAt: string; lastAt: string; firstRecordedAt: string; lastRecordedAt: string }>(
      'SELECT MIN(occurred_at) AS firstAt, MAX(occurred_at) AS lastAt, MIN(recorded_at) AS firstRecordedAt, MAX(recorded_at) AS lastRecordedAt FROM events',
    )
    .get()!;
  return row;
}

/** A repeatable stream of numbers in [0, 1), so two runs ask the same questions. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Builds a ledger of `options.events` events at `options.file`, then measures; answers how many events it holds. */
export async function benchProjections(options: ProjectionBenchOptions, report: (figure: BenchFigure) => void): Promise<number> {
  const { file } = options;
  {
    let store = SqliteEventStore.open({ path: file });
    const setUp = await timed(() => fill(store, options.events));
    const { appended } = setUp.result;
    say(
      `Projections over a generated company history: ${appended.toLocaleString('en-US')} events, SQLite (WAL, synchronous NORMAL), node ${process.version}`,
    );
    report({
      measure: 'set-up: generate and append the history',
      value: appended / setUp.seconds,
      unit: 'events/s',
      note: '5,000 appends per transaction',
    });

    const projections = () => new SqliteProjectionStore(store.database);
    const runnerOver = () => new ProjectionRunner(store, projections(), LEDGER_PROJECTIONS, { batchSize: 10_000 });

    // The set-up's garbage is not the rebuild's: collect it first (npm run bench exposes gc).
    (globalThis as { gc?: () => void }).gc?.();
    const rebuild = await timed(async () => {
      const runner = runnerOver();
      await runner.start({ follow: false });
      return runner;
    });
    report({
      measure: `full rebuild of all ${LEDGER_PROJECTIONS.length} projections from position 0`,
      value: appended / rebuild.seconds,
      unit: 'events/s',
      note: `${rebuild.seconds.toFixed(1)} s`,
      aim: { atLeast: 200_000 },
    });
    for (const definition of LEDGER_PROJECTIONS) {
      const alone = await timed(() => rebuild.result.rebuild(definition.name));
      report({ measure: `rebuild of ${definition.name} alone, beside the live one`, value: appended / alone.seconds, unit: 'events/s' });
    }
    await rebuild.result.stop();

    await store.close();
    store = SqliteEventStore.open({ path: file });
    const restart = await timed(async () => {
      const runner = runnerOver();
      await runner.start({ follow: false });
      return runner;
    });
    report({ measure: 'restart: the read models stored, nothing to catch up or load', value: restart.seconds * 1000, unit: 'ms' });
    const runner = restart.result;
    // The earlier runners are garbage now; collect it (npm run bench exposes gc) so the figures are this runner's.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    report({
      measure: `memory after restart: JS heap in use (all ${LEDGER_PROJECTIONS.length} read models are tables)`,
      value: memory.heapUsed / 2 ** 20,
      unit: 'MB',
    });

    const { firstAt, lastAt, firstRecordedAt, lastRecordedAt } = await timeSpan(store);
    for (const [name, query] of REPORT_QUERIES) {
      report({
        measure: `live: ${name}`,
        value: await medianMs(() => runner.query(name, query)),
        unit: 'ms (median)',
        aim: { atMost: 10 },
      });
    }
    const random = seededRandom(7);
    const between = (from: string, to: string) =>
      new Date(Date.parse(from) + Math.floor(random() * (Date.parse(to) - Date.parse(from)))).toISOString();
    for (const [name, query] of REPORT_QUERIES) {
      for (const clock of ['asOf', 'asKnownAt'] as const) {
        const times = await spread(HISTORY_RUNS, () =>
          runner.query(
            name,
            query,
            clock === 'asOf' ? { asOf: between(firstAt, lastAt) } : { asKnownAt: between(firstRecordedAt, lastRecordedAt) },
          ),
        );
        report({ measure: `${clock} at a random time: ${name}, median`, value: times.median, unit: 'ms', aim: { atMost: 50 } });
        report({ measure: '  p99', value: times.p99, unit: 'ms', aim: { atMost: 200 } });
      }
    }
    // Ten history questions at once, again and again: the event loop must go on serving meanwhile.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const concurrentStarted = process.hrtime.bigint();
    let answered = 0;
    await Promise.all(
      Array.from({ length: 10 }, async (_, lane) => {
        for (let round = 0; round < 6; round++) {
          const [name, query] = REPORT_QUERIES[(lane + round) % REPORT_QUERIES.length]!;
          await runner.query(
            name,
            query,
            round % 2 === 0 ? { asOf: between(firstAt, lastAt) } : { asKnownAt: between(firstRecordedAt, lastRecordedAt) },
          );
          answered += 1;
        }
      }),
    );
    delay.disable();
    const concurrentSeconds = seconds(concurrentStarted);
    report({
      measure: 'event loop delay while 10 history queries run at once: p99',
      value: delay.percentile(99) / 1e6,
      unit: 'ms',
      note: `${answered} answers in ${concurrentSeconds.toFixed(1)} s; max ${(delay.max / 1e6).toFixed(1)} ms`,
      aim: { atMost: 20 },
    });
    await runner.stop();
    await store.close();
    return appended;
  }
}
