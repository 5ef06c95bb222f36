import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

import BetterSqlite3, { type Database, type Statement, type Transaction } from 'better-sqlite3';
import type { Observable } from 'rxjs';

import { earlierAppendOf, firstRepeatedId } from '../append-checks';
import { copiedRows } from '../copied-rows';
import { appendResultOf, chainedRows, GENESIS_HASH } from '../event-chain';
import { type EventRow, type EventTuple, FOLDED_COLUMNS, type FoldedTuple, fromEventTuple, fromFoldedTuple } from '../event-row';
import {
  type AppendedContent,
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type ChainedEvent,
  type ChainVerification,
  DuplicateEventIdError,
  type EventStore,
  type FoldedEvent,
  FULL_CAPABILITIES,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  requireExpectedRevision,
  type SubscribeOptions,
} from '../event-store';
import { readAllConditions } from '../read-all-filter';
import { type SqlLogOptions, SqlLogSignals, verifyStoredChain } from '../sql-log';
import { migrate } from './migrations';

export interface SqliteEventStoreOptions extends SqlLogOptions {
  /** A file path (its folder is created), or ':memory:'. */
  readonly path: string;
  /**
   * NORMAL in WAL mode survives a crash of the process (kill -9): a commit is in
   * the WAL file before append() returns. Only a power loss may drop the last
   * commits. FULL also fsyncs every commit, at a cost in throughput.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
}

/** What a recorded event is read from (EventTuple's order): every column but the hash (only verifyChain reads it), which is 64 characters a row nobody uses. */
const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata';

/** The position AUTOINCREMENT would give next (never one used before) and the hash of the last event. */
const CHAIN_TAIL_COLUMNS = `MAX(IFNULL((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0), IFNULL((SELECT MAX(position) FROM events), 0)) + 1 AS next,
  (SELECT hash FROM events ORDER BY position DESC LIMIT 1) AS hash`;

type StoredEvent = { event_id: string; stream_id: string; revision: number; position: number };

/** SQLite reads a negative LIMIT as "no limit". */
const NO_LIMIT = -1;

/** A readAll as SQLite runs it: the statement (one text per shape of read) and its parameters. */
export function readAllQuery(options: ReadAllOptions & { readonly forFold?: boolean }): { sql: string; parameters: unknown[] } {
  const conditions = readAllConditions(options);
  const types = options.types ?? [];
  const where =
    conditions.map(({ column, operator }) => ` AND ${column} ${operator} ?`).join('') +
    (types.length > 0 ? ` AND type IN (${types.map(() => '?').join(', ')})` : '');
  // Within a stream revision order is position order, and ordering by it lets the stream's index serve the read.
  const orderBy = options.streamId === undefined ? 'position' : 'revision';
  return {
    sql: `SELECT ${options.forFold === true ? FOLDED_COLUMNS : EVENT_COLUMNS} FROM events WHERE position > ?${where} ORDER BY ${orderBy} LIMIT ?`,
    parameters: [options.after ?? 0, ...conditions.map(({ value }) => value), ...types, options.limit ?? NO_LIMIT],
  };
}
const SYNCHRONOUS_MODES = new Set(['NORMAL', 'FULL']);

/**
 * How an append checks its event ids. New ids are the rule: the unique index on event_id checks them as the
 * rows go in ('by insert'), and only an append it refuses is judged again, rolled back, with its ids looked
 * up first ('looked up first'): an id stored already is a retry (answered as the first append was) or a reuse.
 */
type IdCheck = 'by insert' | 'looked up first';

/** An append's insert met an event id stored already: its transaction rolls back, and it is judged again with its ids looked up first. */
class EventIdStoredAlready extends Error {}

/** Runs an append (in a transaction of its own) with its ids checked by the insert, then, if one was stored already, again with its ids looked up first. */
function withIdCheck<T>(run: (idCheck: IdCheck) => T): T {
  try {
    return run('by insert');
  } catch (error) {
    if (error instanceof EventIdStoredAlready) return run('looked up first');
    throw error;
  }
}

/** The embedded store: one SQLite file, WAL, one transaction per append (per atomic append of several streams). */
export class SqliteEventStore implements EventStore {
  readonly capabilities = FULL_CAPABILITIES;
  private readonly log: SqlLogSignals;
  private readonly appendTransaction: Transaction<SqliteEventStore['appendInTransaction']>;
  private readonly appendManyTransaction: Transaction<
    (requests: readonly AppendRequest[], onFresh: (fresh: boolean) => void) => PromiseSettledResult<AppendResult>[]
  >;
  private readonly appendAtomicallyTransaction: Transaction<
    (requests: readonly AppendRequest[], idCheck: IdCheck) => Array<{ result: AppendResult; fresh: boolean }>
  >;
  private readonly copyTransaction: Transaction<(events: readonly ChainedEvent[]) => void>;
  private readonly readAllStatements = new Map<string, Statement<unknown[]>>();
  private readonly contentListeners = new Set<(appended: readonly AppendedContent[]) => void>();
  /** While a write transaction runs with someone listening: what it appended, handed over once it commits. */
  private uncommitted: AppendedContent[] | undefined;
  private readonly statements: {
    streamRevision: Statement<[string], { revision: number | null }>;
    eventById: Statement<[string], StoredEvent>;
    eventsByIds: Statement<[string], StoredEvent>;
    appendState: Statement<[string], [revision: number | null, next: number, hash: string | null]>;
    chainTail: Statement<[], [next: number, hash: string | null]>;
    insert: Statement<unknown[]>;
    readStream: Statement<[string, number, number], EventTuple>;
    readAll: Statement<[number, number], EventTuple>;
    head: Statement<[], { position: number | null }>;
    chainPage: Statement<[number, number, number], EventRow & { hash: string | null }>;
  };

  private constructor(
    readonly database: Database,
    options: SqliteEventStoreOptions,
  ) {
    this.log = new SqlLogSignals(options);
    this.statements = {
      streamRevision: database.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      eventById: database.prepare('SELECT event_id, stream_id, revision, position FROM events WHERE event_id = ?'),
      // A batch's ids in one statement (a JSON array), each looked up by the event_id index.
      eventsByIds: database.prepare(
        'SELECT event_id, stream_id, revision, position FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
      ),
      insert: database.prepare(
        `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: database
        .prepare<[string, number, number], EventTuple>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision`,
        )
        .raw(true),
      readAll: database
        .prepare<[number, number], EventTuple>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
        .raw(true),
      head: database.prepare('SELECT MAX(position) AS position FROM events'),
      // What an append is judged against and chains from, in one statement: the stream's revision and the chain's tail.
      // As an array: better-sqlite3 builds one faster than an object with named keys, and every append reads it.
      appendState: database
        .prepare<[string], [number | null, number, string | null]>(
          `SELECT (SELECT MAX(revision) FROM events WHERE stream_id = ?) AS revision, ${CHAIN_TAIL_COLUMNS}`,
        )
        .raw(true),
      chainTail: database.prepare<[], [number, string | null]>(`SELECT ${CHAIN_TAIL_COLUMNS}`).raw(true),
      chainPage: database.prepare('SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?'),
    };
    this.appendManyTransaction = database.transaction((requests: readonly AppendRequest[], onFresh: (fresh: boolean) => void) =>
      requests.map((request): PromiseSettledResult<AppendResult> => {
        try {
          if (request.events.length === 0) throw new Error('append needs at least one event');
          // Each attempt is a savepoint of its own: a rolled-back one leaves the other appends of the batch as they were.
          const { result, fresh } = withIdCheck((idCheck) =>
            this.appendTransaction(request.streamId, request.events, request.options, idCheck),
          );
          onFresh(fresh);
          return { status: 'fulfilled', value: result };
        } catch (reason) {
          return { status: 'rejected', reason };
        }
      }),
    );
    this.appendTransaction = database.transaction(
      (streamId: string, events: readonly NewEvent[], options: AppendOptions, idCheck: IdCheck) =>
        this.appendInTransaction(streamId, events, options, idCheck),
    );
    // No savepoints: the first refusal throws, and better-sqlite3 rolls the whole transaction back.
    this.appendAtomicallyTransaction = database.transaction((requests: readonly AppendRequest[], idCheck: IdCheck) =>
      requests.map((request) => this.appendInTransaction(request.streamId, request.events, request.options, idCheck)),
    );
    this.copyTransaction = database.transaction((events: readonly ChainedEvent[]) => {
      const [next, hash] = this.statements.chainTail.get()!;
      const { rows } = copiedRows(events, { position: next - 1, hash: hash ?? GENESIS_HASH });
      // The position given explicitly: AUTOINCREMENT moves on past it, so later appends continue the copy.
      for (const row of rows) this.statements.insert.run(...row);
    });
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const synchronous = options.synchronous ?? 'NORMAL';
    // Checked because it is spliced into the PRAGMA text below.
    if (!SYNCHRONOUS_MODES.has(synchronous)) throw new Error(`synchronous must be NORMAL or FULL, not ${String(synchronous)}`);
    const inMemory = options.path === ':memory:';
    if (!inMemory) mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    const database = new BetterSqlite3(options.path);
    if (!inMemory) database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${synchronous}`);
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    // Read models are written in large batches (a rebuild, a backlog): a page cache of 64 MiB keeps their B-trees' pages in memory across a batch.
    database.pragma('cache_size = -65536');
    migrate(database);
    return new SqliteEventStore(database, options);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const result = this.committing(() =>
      withIdCheck((idCheck) => this.collectingAnew(() => this.appendTransaction.immediate(streamId, events, options, idCheck))),
    );
    if (result.fresh) this.log.wake();
    return result.result;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]> {
    let fresh = false;
    // One write transaction for the batch; each append in its own savepoint (a nested better-sqlite3
    // transaction), so a refused one rolls back alone and the others commit together.
    const outcomes = this.committing(() => this.appendManyTransaction.immediate(requests, (outcome) => (fresh ||= outcome)));
    if (fresh) this.log.wake();
    return outcomes;
  }

  async appendAtomically(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.some((request) => request.events.length === 0)) throw new Error('append needs at least one event');
    // BEGIN IMMEDIATE: the write lock is taken before any stream is read, so every expected revision is judged
    // against what no other process can change until this transaction commits or rolls back.
    const outcomes = this.committing(() =>
      withIdCheck((idCheck) => this.collectingAnew(() => this.appendAtomicallyTransaction.immediate(requests, idCheck))),
    );
    if (outcomes.some((outcome) => outcome.fresh)) this.log.wake();
    return outcomes.map((outcome) => outcome.result);
  }

  followAppendedContents(listener: (appended: readonly AppendedContent[]) => void): () => void {
    this.contentListeners.add(listener);
    return () => this.contentListeners.delete(listener);
  }

  /** A whole transaction tried again (withIdCheck) collects again: the rolled-back try's appends are not kept. */
  private collectingAnew<T>(attempt: () => T): T {
    if (this.uncommitted) this.uncommitted = [];
    return attempt();
  }

  /**
   * Runs a write transaction (synchronous: nothing else runs meanwhile) collecting what it appends
   * when anyone listens, and hands that over only once it returned, that is committed; what a
   * rolled-back append or savepoint wrote never reaches a listener.
   */
  private committing<T>(transaction: () => T): T {
    if (this.contentListeners.size === 0) return transaction();
    this.uncommitted = [];
    try {
      const result = transaction();
      const appended = this.uncommitted;
      if (appended.length > 0) {
        // A listener's failure is its own: the append is committed and answers so.
        for (const listener of this.contentListeners) {
          try {
            listener(appended);
          } catch {
            // The Merkle follower, the listener there is, reads back what it did not receive.
          }
        }
      }
      return result;
    } finally {
      this.uncommitted = undefined;
    }
  }

  private appendInTransaction(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    idCheck: IdCheck,
  ): { result: AppendResult; fresh: boolean } {
    const repeated = firstRepeatedId(events);
    if (repeated !== undefined) throw new DuplicateEventIdError(repeated);
    if (idCheck === 'looked up first') {
      const earlier = this.earlierAppend(streamId, events);
      if (earlier) return { result: earlier, fresh: false };
    }

    // Read under the write lock this transaction holds: another process appending to the file cannot interleave.
    const [revision, next, lastHash] = this.statements.appendState.get(streamId)!;
    const current = revision ?? undefined;
    try {
      requireExpectedRevision(streamId, options.expectedRevision, current);
    } catch (error) {
      // A retry of a stored append answers as the first did, whatever the stream's revision is now; a reused id is refused as such.
      const earlier = idCheck === 'by insert' ? this.earlierAppend(streamId, events) : undefined;
      if (earlier) return { result: earlier, fresh: false };
      throw error;
    }

    const { rows, contents } = chainedRows(events, {
      streamId,
      lastRevision: current ?? -1,
      headPosition: next - 1,
      headHash: lastHash ?? GENESIS_HASH,
      recordedAt: this.log.clock().toISOString(),
    });
    try {
      for (const row of rows) this.statements.insert.run(...row);
    } catch (error) {
      // Under the write lock, position and revision are free: a unique index refusing the row means an event id stored already.
      if (idCheck === 'by insert' && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new EventIdStoredAlready();
      throw error;
    }
    // Only once every row is in: a savepoint that returns here is kept, unless the whole transaction rolls back.
    if (this.uncommitted) rows.forEach((row, index) => this.uncommitted!.push({ position: row[0], content: contents[index]! }));
    return { result: appendResultOf(rows), fresh: true };
  }

  /**
   * Idempotency by event id: the same ids, already stored in this stream in this
   * order, answer the first append. An id stored anywhere else is a conflict.
   */
  private earlierAppend(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    const ids = events.map((event) => event.eventId);
    if (ids.length === 1) return earlierAppendOf(streamId, ids, [this.statements.eventById.get(ids[0]!)]);
    const found = new Map(this.statements.eventsByIds.all(JSON.stringify(ids)).map((place) => [place.event_id, place]));
    return earlierAppendOf(
      streamId,
      ids,
      ids.map((id) => found.get(id)),
    );
  }

  async appendCopiedEvents(events: readonly ChainedEvent[]): Promise<void> {
    if (events.length === 0) return;
    // BEGIN IMMEDIATE: the head checked is the head written after, whoever else opens the file.
    this.copyTransaction.immediate(events);
    this.log.wake();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    return this.statements.readStream.all(streamId, from, to).map(fromEventTuple);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    return this.statements.streamRevision.get(streamId)?.revision ?? undefined;
  }

  readAll(options?: ReadAllOptions & { readonly forFold?: false }): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions & { readonly forFold: true }): Promise<FoldedEvent[]>;
  async readAll(options: ReadAllOptions & { readonly forFold?: boolean } = {}): Promise<FoldedEvent[]> {
    const { sql, parameters } = readAllQuery(options);
    const statement = this.readAllStatement(sql);
    // Fold reads come back as arrays of few columns: a fold reads the whole log, and every string built costs.
    return options.forFold === true
      ? (statement.all(...parameters) as FoldedTuple[]).map(fromFoldedTuple)
      : (statement.all(...parameters) as EventTuple[]).map(fromEventTuple);
  }

  /** One prepared statement per shape of read, made on first use. */
  private readAllStatement(sql: string): Statement<unknown[]> {
    let statement = this.readAllStatements.get(sql);
    if (!statement) {
      statement = this.database.prepare<unknown[]>(sql);
      statement.raw(true);
      this.readAllStatements.set(sql, statement);
    }
    return statement;
  }

  private readAllSync(after: number, limit: number): RecordedEvent[] {
    return this.statements.readAll.all(after, limit).map(fromEventTuple);
  }

  async headPosition(): Promise<number> {
    return this.statements.head.get()?.position ?? 0;
  }

  async verifyChain(): Promise<ChainVerification> {
    return verifyStoredChain(await this.headPosition(), async (after, upTo, limit) => {
      // A long walk lets the process serve others between pages.
      if (after > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      return this.statements.chainPage.all(after, upTo, limit);
    });
  }

  /** The log from a position on, as it grows: appends in this process and a poll tick (for other processes) wake it; SQLite's one writer commits positions in order. */
  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return this.log.subscribe({ readPage: async (after, limit) => this.readAllSync(after, limit) }, options);
  }

  async close(): Promise<void> {
    if (this.log.close()) this.database.close();
  }
}
