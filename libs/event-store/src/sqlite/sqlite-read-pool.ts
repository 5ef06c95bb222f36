import { Worker } from 'node:worker_threads';

import type { SqlValue } from '../read-model-tables';

/**
 * The code each reader thread runs: its own read-only connection to the file
 * (WAL lets it read while the main connection writes), statements prepared once
 * per SQL text. Given as source, so it runs the same from TypeScript sources
 * (tests) and from the build, with no file of its own to ship.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.path, { readonly: true, fileMustExist: true });
database.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    const started = performance.now();
    const rows = statement.all(...params);
    parentPort.postMessage({ id, rows, ms: performance.now() - started });
  } catch (error) {
    statements.delete(sql);
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Reader {
  readonly worker: Worker;
  pending: number;
}

interface Waiting {
  readonly sql: string;
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

/** A query whose statement ran this long or longer is not quick: it runs on a reader thread. */
export const QUICK_QUERY_MS = 1;
/** A query text runs on the calling thread once this many runs in a row on the readers were quick. */
export const QUICK_STREAK = 8;
/** Query texts whose streak is kept; past it the streaks start again (texts are few: one per query shape). */
const MAX_KEPT_TEXTS = 1_000;

/** Runs a query on the calling thread, synchronously (the main connection's prepared statement). */
export type InlineReader = (sql: string, params: readonly unknown[]) => unknown[];

/**
 * Read-model queries on threads of their own: better-sqlite3 answers
 * synchronously, so a query over a million facts run on the main thread would
 * hold every other request up for as long as it takes. Here it holds up only a
 * reader thread; the event loop goes on serving. Threads start at the first
 * query; each query goes to the thread with the fewest waiting.
 *
 * A small query costs more on a thread than on the event loop: the message
 * both ways, the rows cloned, a thread woken (on GET /v1/revenue, four small
 * queries, a fifth of the process's CPU). So a query text whose last
 * QUICK_STREAK runs on the readers each took under QUICK_QUERY_MS runs on the
 * calling thread (`inline`, the main connection); once it takes longer there,
 * it goes back to the readers. The event loop is held at most one such run.
 */
export class SqliteReadPool {
  private readers: Reader[] | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  /** Per query text, how many runs in a row were quick. */
  private readonly quickRuns = new Map<string, number>();

  constructor(
    private readonly path: string,
    private readonly size = 2,
    private readonly inline?: InlineReader,
  ) {}

  all<Row>(sql: string, params: readonly SqlValue[]): Promise<Row[]> {
    if (this.inline !== undefined && (this.quickRuns.get(sql) ?? 0) >= QUICK_STREAK) return this.runInline<Row>(sql, params);
    const readers = (this.readers ??= this.start());
    const reader = readers.reduce((least, candidate) => (candidate.pending < least.pending ? candidate : least));
    const id = this.nextId++;
    // A reader with a query under way keeps the process alive until it answers; an idle one does not.
    if (reader.pending++ === 0) reader.worker.ref();
    const settled = () => {
      if (--reader.pending === 0) reader.worker.unref();
    };
    return new Promise<Row[]>((resolve, reject) => {
      this.waiting.set(id, {
        sql,
        resolve: (rows) => {
          settled();
          resolve(rows as Row[]);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      reader.worker.postMessage({ id, sql, params });
    });
  }

  private runInline<Row>(sql: string, params: readonly SqlValue[]): Promise<Row[]> {
    const started = performance.now();
    try {
      const rows = this.inline!(sql, params) as Row[];
      if (performance.now() - started >= QUICK_QUERY_MS) this.quickRuns.delete(sql);
      return Promise.resolve(rows);
    } catch (error) {
      this.quickRuns.delete(sql);
      // As a reader thread answers a failure: its message.
      return Promise.reject(new Error(error instanceof Error ? error.message : String(error)));
    }
  }

  /** Counts a run on a reader: quick ones lengthen the text's streak, a slow one ends it. */
  private ran(sql: string, ms: number | undefined): void {
    if (ms === undefined || ms >= QUICK_QUERY_MS) {
      this.quickRuns.delete(sql);
      return;
    }
    if (!this.quickRuns.has(sql) && this.quickRuns.size >= MAX_KEPT_TEXTS) this.quickRuns.clear();
    this.quickRuns.set(sql, (this.quickRuns.get(sql) ?? 0) + 1);
  }

  async close(): Promise<void> {
    const readers = this.readers ?? [];
    this.readers = undefined;
    await Promise.all(readers.map(({ worker }) => worker.terminate()));
    for (const [id, waiting] of this.waiting) {
      this.waiting.delete(id);
      waiting.reject(new Error('the read-model readers were closed'));
    }
  }

  private start(): Reader[] {
    const driver = require.resolve('better-sqlite3');
    return Array.from({ length: this.size }, () => {
      const worker = new Worker(READER_SOURCE, { eval: true, workerData: { driver, path: this.path } });
      worker.on('message', ({ id, rows, error, ms }: { id: number; rows?: unknown[]; error?: string; ms?: number }) => {
        const waiting = this.waiting.get(id);
        if (!waiting) return;
        this.waiting.delete(id);
        this.ran(waiting.sql, error === undefined ? ms : undefined);
        if (error !== undefined) waiting.reject(new Error(error));
        else waiting.resolve(rows!);
      });
      worker.on('error', (error) => {
        // A reader that died fails what it had; the pool starts afresh at the next query.
        for (const [id, waiting] of this.waiting) {
          this.waiting.delete(id);
          waiting.reject(error);
        }
        this.readers = undefined;
      });
      // An idle reader never keeps a process alive (unref after the listeners: adding one refs the worker again).
      worker.unref();
      return { worker, pending: 0 };
    });
  }
}
