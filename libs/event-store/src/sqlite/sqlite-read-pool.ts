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
    parentPort.postMessage({ id, rows: statement.all(...params) });
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
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

/**
 * Read-model queries on threads of their own: better-sqlite3 answers
 * synchronously, so a query over a million facts run on the main thread would
 * hold every other request up for as long as it takes. Here it holds up only a
 * reader thread; the event loop goes on serving. Threads start at the first
 * query; each query goes to the thread with the fewest waiting.
 */
export class SqliteReadPool {
  private readers: Reader[] | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  constructor(
    private readonly path: string,
    private readonly size = 2,
  ) {}

  all<Row>(sql: string, params: readonly SqlValue[]): Promise<Row[]> {
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
      worker.on('message', ({ id, rows, error }: { id: number; rows?: unknown[]; error?: string }) => {
        const waiting = this.waiting.get(id);
        if (!waiting) return;
        this.waiting.delete(id);
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
