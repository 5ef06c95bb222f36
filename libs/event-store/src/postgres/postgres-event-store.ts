import { createHash } from 'node:crypto';

import { Pool, type PoolClient } from 'pg';
import type { Observable } from 'rxjs';

import { earlierAppendOf, firstRepeatedId } from '../append-checks';
import { copiedRows } from '../copied-rows';
import { appendResultOf, type ChainedRow, chainedRows } from '../event-chain';
import { type EventRow, FOLDED_COLUMNS, type FoldedTuple, fromFoldedTuple, toRecordedEvent } from '../event-row';
import {
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
  WrongExpectedRevisionError,
} from '../event-store';
import { readAllConditions } from '../read-all-filter';
import { SqlLogSignals, verifyStoredChain } from '../sql-log';
import { storeFaultKindOf } from '../store-faults';
import { inTransaction } from './pg-transaction';
import { PostgresAppendListener } from './postgres-append-listener';
import {
  DEFAULT_POSTGRES_ACQUIRE_TIMEOUT_MS,
  DEFAULT_POSTGRES_POOL_SIZE,
  DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS,
  type PostgresEventStoreOptions,
} from './postgres-event-store-options';
import { PostgresGroupAppender } from './postgres-group-append';
import { migratePostgres } from './postgres-migrations';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** PostgreSQL's longest identifier (NAMEDATALEN - 1): a longer NOTIFY channel is an error. */
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * The NOTIFY channel a schema's appends announce themselves on, the same in every process on that schema: named after
 * the schema while that fits, else after a digest of it (a 63-character schema name is valid; its channel must be too).
 */
export function appendChannelOf(schema: string): string {
  const named = `${schema}_events_appended`;
  if (named.length <= MAX_IDENTIFIER_LENGTH) return named;
  return `events_appended_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}
/** Rows per INSERT: 11 parameters each, well under PostgreSQL's 65,535. */
const INSERT_CHUNK = 1_000;

/**
 * The ledger on a PostgreSQL server.
 *
 * Gap-free global positions: every append first locks the one row of
 * `event_log_head` (SELECT … FOR UPDATE), takes the next positions from it and
 * moves it on in the same transaction. Appends therefore commit one after
 * another in position order, so a reader that has seen position N can never
 * later meet an event below N committed after it: "read after the last
 * position seen" skips nothing, which is what subscriptions and the projection
 * runner rely on. (A sequence would hand positions out in one order and let
 * transactions commit in another.) The hash chain needs the previous event's
 * hash at append time anyway, so nothing is lost by the order; appends to one
 * database serialise, like SQLite's single writer. Rolled-back appends release
 * the lock without moving the head: no holes either.
 */
export class PostgresEventStore implements EventStore {
  readonly capabilities = FULL_CAPABILITIES;
  private readonly log: SqlLogSignals;
  private readonly listener: PostgresAppendListener;
  private readonly channel: string;
  private readonly appender: PostgresGroupAppender;

  private constructor(
    readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
    readonly schema: string,
  ) {
    this.log = new SqlLogSignals(options);
    this.channel = appendChannelOf(schema);
    this.listener = new PostgresAppendListener({
      connectionString: options.connectionString,
      connectTimeoutMs: options.acquireTimeoutMs ?? DEFAULT_POSTGRES_ACQUIRE_TIMEOUT_MS,
      channel: this.channel,
      onAppended: () => this.log.wake(),
      onConnectionError: options.onConnectionError,
    });
    this.appender = new PostgresGroupAppender(pool, this.channel, this.log.clock, () => this.log.wake());
  }

  /** Connects, creates the schema if needed and runs the migrations not yet applied. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'public';
    // Spliced into SQL (search_path, CREATE SCHEMA): only a plain identifier is accepted.
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must be a lowercase SQL identifier, not "${schema}"`);
    const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS;
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE,
      options: `-c search_path=${schema} -c statement_timeout=${statementTimeoutMs}`,
      connectionTimeoutMillis: options.acquireTimeoutMs ?? DEFAULT_POSTGRES_ACQUIRE_TIMEOUT_MS,
      keepAlive: true,
    });
    // A connection the server ends (a restart, an administrator) emits 'error': idle ones on the pool, those lent out on
    // the client itself. Unheard, either ends the process. The pool drops the broken connection; the next request gets a new one.
    const report = (error: Error) => options.onConnectionError?.(error);
    pool.on('error', report);
    pool.on('connect', (client) => client.on('error', report));
    try {
      const client = await pool.connect();
      try {
        // Migrations may rewrite large tables: no statement timeout for them.
        await client.query('SET statement_timeout = 0');
        await migratePostgres(client, schema);
        await client.query('RESET statement_timeout');
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresEventStore(pool, options, schema);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.appender.append({ streamId, events, options });
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]> {
    return this.appendInOrder(requests);
  }

  /**
   * One transaction under the head lock: each request judged and written in turn; the
   * first refusal throws and the transaction rolls back, so nothing of the call is stored.
   */
  async appendAtomically(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.some((request) => request.events.length === 0)) throw new Error('append needs at least one event');
    return this.underHeadLock(async (client, head) => {
      const results: AppendResult[] = [];
      for (const request of requests) results.push(await this.appendWith(client, head, request));
      return results;
    });
  }

  /**
   * One transaction: lock the head, judge and write each append in turn, move the head
   * once, commit. Every refusal (revision, duplicate id) is decided before anything of
   * that append is written, so a refused append changes nothing and needs no savepoint.
   */
  private appendInOrder(requests: readonly AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]> {
    return this.underHeadLock(async (client, head) => {
      const settled: PromiseSettledResult<AppendResult>[] = [];
      for (const request of requests) {
        if (request.events.length === 0) {
          settled.push({ status: 'rejected', reason: new Error('append needs at least one event') });
          continue;
        }
        try {
          settled.push({ status: 'fulfilled', value: await this.appendWith(client, head, request) });
        } catch (reason) {
          // A refusal is decided before anything is written. Anything else (the server failing a
          // statement) has aborted the transaction: the whole batch fails, none of it committed.
          if (!(reason instanceof WrongExpectedRevisionError || reason instanceof DuplicateEventIdError)) throw reason;
          settled.push({ status: 'rejected', reason });
        }
      }
      return settled;
    });
  }

  /**
   * Runs the work in a transaction that holds the head lock, then moves the head past what
   * it wrote (once) and commits; a throw rolls everything back and leaves the head as it was.
   */
  private async underHeadLock<T>(work: (client: PoolClient, head: { position: number; hash: string }) => Promise<T>): Promise<T> {
    let fresh = false;
    const outcome = await this.transaction(async (client) => {
      // The head lock first: from here on no other append runs, so what is read below stays true until commit.
      const locked = (
        await client.query<{ position: string; hash: string }>('SELECT position, hash FROM event_log_head WHERE id = 1 FOR UPDATE')
      ).rows[0]!;
      const head = { position: Number(locked.position), hash: locked.hash };
      const result = await work(client, head);
      if (head.position > Number(locked.position)) {
        fresh = true;
        // Moved once for the whole batch; the notification reaches other processes at commit.
        await client.query(
          'WITH moved AS (UPDATE event_log_head SET position = $1, hash = $2 WHERE id = 1 RETURNING position) SELECT pg_notify($3, position::text) FROM moved',
          [head.position, head.hash, this.channel],
        );
      }
      return result;
    });
    if (fresh) this.log.wake();
    return outcome;
  }

  /** Judges and writes one append under the head lock, moving `head` (in memory) past its events. */
  private async appendWith(
    client: PoolClient,
    head: { position: number; hash: string },
    { streamId, events, options }: AppendRequest,
  ): Promise<AppendResult> {
    const repeated = firstRepeatedId(events);
    if (repeated !== undefined) throw new DuplicateEventIdError(repeated);
    // The stream's revision and any stored event with one of these ids, in one round trip.
    const ids = events.map((event) => event.eventId);
    const { rows } = await client.query<{
      revision: number | null;
      stored: Array<{ event_id: string; stream_id: string; revision: number; position: number }> | null;
    }>(
      `SELECT (SELECT MAX(revision) FROM events WHERE stream_id = $1) AS revision,
              (SELECT json_agg(json_build_object('event_id', event_id, 'stream_id', stream_id, 'revision', revision, 'position', position))
                 FROM events WHERE event_id = ANY($2::text[])) AS stored`,
      [streamId, ids],
    );
    const found = new Map((rows[0]!.stored ?? []).map((place) => [place.event_id, place]));
    const earlier = earlierAppendOf(
      streamId,
      ids,
      ids.map((id) => found.get(id)),
    );
    if (earlier) return earlier;

    const current = rows[0]!.revision ?? undefined;
    requireExpectedRevision(streamId, options.expectedRevision, current);

    const { rows: values, lastHash } = chainedRows(events, {
      streamId,
      lastRevision: current ?? -1,
      headPosition: head.position,
      headHash: head.hash,
      recordedAt: this.log.clock().toISOString(),
    });
    await this.insertRows(client, values);
    head.position = values.at(-1)![0];
    head.hash = lastHash;
    return appendResultOf(values);
  }

  /** Copied events, checked and written under the head lock in one transaction, which moves the head to the last of them. */
  async appendCopiedEvents(events: readonly ChainedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.underHeadLock(async (client, head) => {
      const { rows, lastHash } = copiedRows(events, head);
      await this.insertRows(client, rows);
      head.position = rows.at(-1)![0];
      head.hash = lastHash;
    });
  }

  private async insertRows(client: PoolClient, values: readonly ChainedRow[]): Promise<void> {
    for (let from = 0; from < values.length; from += INSERT_CHUNK) {
      const chunk = values.slice(from, from + INSERT_CHUNK);
      const placeholders = chunk
        .map((_, row) => `(${Array.from({ length: 11 }, (_unused, column) => `$${row * 11 + column + 1}`).join(', ')})`)
        .join(', ');
      await client.query(
        `INSERT INTO events (position, event_id, stream_id, revision, type, schema_version, occurred_at, recorded_at, data, metadata, hash) VALUES ${placeholders}`,
        chunk.flat(),
      );
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow<string>>(
      'SELECT * FROM events WHERE stream_id = $1 AND revision >= $2 AND revision <= $3 ORDER BY revision',
      [streamId, options.fromRevision ?? 0, options.toRevision ?? 2_147_483_647],
    );
    return rows.map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ revision: number | null }>(
      'SELECT MAX(revision) AS revision FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]!.revision ?? undefined;
  }

  readAll(options?: ReadAllOptions & { readonly forFold?: false }): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions & { readonly forFold: true }): Promise<FoldedEvent[]>;
  async readAll(options: ReadAllOptions & { readonly forFold?: boolean } = {}): Promise<FoldedEvent[]> {
    const parameters: unknown[] = [options.after ?? 0];
    const where = ['position > $1'];
    const bind = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(condition(`$${parameters.length}`));
    };
    for (const { column, operator, value, asText } of readAllConditions(options)) {
      bind((p) => `${column} ${operator} ${p}${asText ? ' COLLATE "C"' : ''}`, value);
    }
    if (options.types !== undefined && options.types.length > 0) bind((p) => `type = ANY(${p}::text[])`, options.types);
    // Within a stream revision order is position order, and ordering by it lets the stream's index serve the read.
    const orderBy = options.streamId === undefined ? 'position' : 'revision';
    let sql = `SELECT ${options.forFold === true ? FOLDED_COLUMNS : '*'} FROM events WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`;
    if (options.limit !== undefined) {
      parameters.push(options.limit);
      sql += ` LIMIT $${parameters.length}`;
    }
    if (options.forFold !== true) return (await this.pool.query<EventRow<string>>(sql, parameters)).rows.map(toRecordedEvent);
    const { rows } = await this.pool.query<FoldedTuple>({ text: sql, values: parameters, rowMode: 'array' });
    return rows.map(fromFoldedTuple);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>('SELECT position FROM event_log_head WHERE id = 1');
    return Number(rows[0]!.position);
  }

  async verifyChain(): Promise<ChainVerification> {
    return verifyStoredChain(await this.headPosition(), async (after, upTo, limit) => {
      const { rows } = await this.pool.query<EventRow<string> & { hash: string }>(
        'SELECT * FROM events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3',
        [after, upTo, limit],
      );
      return rows;
    });
  }

  /** The log from a position on, as it grows: appends here, NOTIFYs from other processes and a poll tick wake it; a passing fault pauses it. */
  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return this.log.subscribe(
      {
        readPage: (after, limit) => this.readAll({ after, limit }),
        onSubscribe: () => this.listener.listen(),
        isPassingFault: (error) => storeFaultKindOf(error) !== undefined,
      },
      options,
    );
  }

  async close(): Promise<void> {
    if (!this.log.close()) return;
    await this.listener.close();
    await this.pool.end();
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }
}
