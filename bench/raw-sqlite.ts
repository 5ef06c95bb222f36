/**
 * The practical limit the port is measured against: the same driver (better-sqlite3)
 * on a plain table, with prepared statements and one transaction per append; the
 * unique (stream_id, revision) is its only check (a concurrent append to the same
 * revision fails). No event ids, metadata, record time or hash chain.
 */
import type { NewEvent } from '@ledger/event-store';
import BetterSqlite3, { type Database, type Statement, type Transaction } from 'better-sqlite3';

import { rawEventsTableDdl } from './raw-events-table';

export interface RawEvent {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
}

type RawRow = [number, string, number, string, string];

export class RawSqliteLog {
  private readonly insert: Statement<[string, number, string, string]>;
  private readonly page: Statement<[number, number]>;
  private readonly stream: Statement<[string]>;
  private readonly appendTransaction: Transaction<(streamId: string, first: number, events: readonly NewEvent[]) => void>;

  constructor(readonly database: Database) {
    database.exec(rawEventsTableDdl('INTEGER'));
    this.insert = database.prepare('INSERT INTO events (stream_id, revision, type, data) VALUES (?, ?, ?, ?)');
    this.page = database
      .prepare('SELECT position, stream_id, revision, type, data FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .raw(true);
    this.stream = database
      .prepare('SELECT position, stream_id, revision, type, data FROM events WHERE stream_id = ? ORDER BY revision')
      .raw(true);
    this.appendTransaction = database.transaction((streamId: string, first: number, events: readonly NewEvent[]) => {
      for (let i = 0; i < events.length; i++) this.insert.run(streamId, first + i, events[i]!.type, JSON.stringify(events[i]!.data));
    });
  }

  /** Journal mode and synchronous as the ledger's own SQLite store sets them. */
  static open(file: string, synchronous: 'NORMAL' | 'FULL'): RawSqliteLog {
    const database = new BetterSqlite3(file);
    if (file !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${synchronous}`);
    return new RawSqliteLog(database);
  }

  /** One transaction: the events at revisions first, first + 1, … of the stream. */
  append(streamId: string, first: number, events: readonly NewEvent[]): void {
    this.appendTransaction(streamId, first, events);
  }

  readPage(after: number, limit: number): RawEvent[] {
    return (this.page.all(after, limit) as RawRow[]).map(toRawEvent);
  }

  readStream(streamId: string): RawEvent[] {
    return (this.stream.all(streamId) as RawRow[]).map(toRawEvent);
  }

  close(): void {
    this.database.close();
  }
}

const toRawEvent = ([position, streamId, revision, type, data]: RawRow): RawEvent => ({
  position,
  streamId,
  revision,
  type,
  data: JSON.parse(data) as unknown,
});
