/**
 * Projections on a generated company history (DESIGN §1): a full rebuild of
 * every read model, restart, live queries and "as of" answers. Figures, not a
 * test: they vary with the machine and its load.
 */
import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import { generateCompanyHistory, type HistoryAppend } from '@ledger/ledger';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';
import { say, type BenchFigure } from './figures';

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

const AS_OF_MARK = 100_000;

/**
 * Set-up only: many appends per SQLite transaction (each append still checks its expected
 * revision). The generated history's business time never goes back, so the business time
 * of its n-th event is the moment at which exactly n events had occurred.
 */
async function fill(store: SqliteEventStore, events: number): Promise<{ appended: number; asOfMarks: Array<{ count: number; asOf: string }> }> {
  let appended = 0;
  let lastOccurredAt = '';
  const asOfMarks: Array<{ count: number; asOf: string }> = [];
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
    for (const event of append.events) {
      appended += 1;
      lastOccurredAt = event.occurredAt;
      if (appended === AS_OF_MARK) asOfMarks.push({ count: appended, asOf: event.occurredAt });
    }
    if (chunk.length >= 5_000) await flush();
  }
  await flush();
  // As a ledger at rest: the write-ahead log folded into the database file.
  store.database.pragma('wal_checkpoint(TRUNCATE)');
  if (appended !== AS_OF_MARK) asOfMarks.push({ count: appended, asOf: lastOccurredAt });
  return { appended, asOfMarks };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: seconds(started) };
}

async function medianMs(work: () => Promise<unknown>, runs = 15): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timed(work)).seconds * 1000);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Builds a ledger of `options.events` events at `options.file`, then measures; answers how many events it holds. */
export async function benchProjections(options: ProjectionBenchOptions, report: (figure: BenchFigure) => void): Promise<number> {
  const { file } = options;
  {
    let store = SqliteEventStore.open({ path: file });
    const setUp = await timed(() => fill(store, options.events));
    const { appended, asOfMarks } = setUp.result;
    say(`Projections over a generated company history: ${appended.toLocaleString('en-US')} events, SQLite (WAL, synchronous NORMAL), node ${process.version}`);
    report({ measure: 'set-up: generate and append the history', value: appended / setUp.seconds, unit: 'events/s', note: '5,000 appends per transaction' });

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
    report({ measure: 'restart: load the stored read models, nothing to catch up', value: restart.seconds * 1000, unit: 'ms' });
    const runner = restart.result;
    // The earlier runners are garbage now; collect it (npm run bench exposes gc) so the figures are this runner's.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    report({ measure: `memory after restart: JS heap in use (all ${LEDGER_PROJECTIONS.length} read models)`, value: memory.heapUsed / 2 ** 20, unit: 'MB' });
    report({ measure: 'memory after restart: RSS of the bench process', value: memory.rss / 2 ** 20, unit: 'MB', note: 'includes freed pages not returned yet' });

    for (const definition of LEDGER_PROJECTIONS) {
      report({ measure: `live query: ${definition.name}, whole history`, value: await medianMs(() => runner.query(definition.name, { period: {} })), unit: 'ms (median)' });
    }
    for (const { count, asOf } of asOfMarks) {
      for (const definition of LEDGER_PROJECTIONS) {
        const answer = await timed(() => runner.query(definition.name, { period: {} }, { asOf }));
        report({ measure: `as of the ${count.toLocaleString('en-US')}th event's time: ${definition.name}`, value: answer.seconds * 1000, unit: 'ms' });
      }
    }
    await runner.stop();
    await store.close();
    return appended;
  }
}
