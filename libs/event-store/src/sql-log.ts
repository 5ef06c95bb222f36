import { type Observable, Subject } from 'rxjs';

import { ChainWalker } from './event-chain';
import { type EventRow, toRecordedEvent } from './event-row';
import type { ChainVerification, RecordedEvent, SubscribeOptions } from './event-store';
import { type LogSource, subscribeToLog } from './log-subscription';

/** What the SQLite and PostgreSQL stores both take, besides where their database is. */
export interface SqlLogOptions {
  /** Record time; injectable so tests can fix it. */
  readonly clock?: () => Date;
  /** How often a caught-up subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 200;

/**
 * The log's life in one process, as both SQL stores keep it: the record time, the wake-up
 * their subscriptions wait for after each append, and the closing that ends them.
 */
export class SqlLogSignals {
  readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly appended = new Subject<void>();
  private readonly closing = new Subject<void>();
  private closed = false;

  constructor(options: SqlLogOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  /** Wakes this process's subscriptions: something was appended. */
  wake(): void {
    this.appended.next();
  }

  /** The log from a position on, as it grows, read a page at a time from the store. */
  subscribe(store: Pick<LogSource, 'readPage' | 'onSubscribe' | 'isPassingFault'>, options: SubscribeOptions): Observable<RecordedEvent> {
    return subscribeToLog(
      {
        ...store,
        appended: this.appended,
        closing: this.closing,
        isClosed: () => this.closed,
        pollIntervalMs: this.pollIntervalMs,
      },
      options,
    );
  }

  /** Ends every subscription; false when the store was closed already, so it lets go of nothing twice. */
  close(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    this.appended.complete();
    return true;
  }
}

const VERIFY_PAGE_SIZE = 1_000;

/** A page of stored rows with their hashes: those after `after`, up to `upTo`, at most `limit`. */
export type ChainPageReader = (
  after: number,
  upTo: number,
  limit: number,
) => Promise<ReadonlyArray<EventRow<number | string> & { hash: string | null }>>;

/** Walks the stored chain up to the head a page at a time, so memory stays bounded over any log. */
export async function verifyStoredChain(head: number, readPage: ChainPageReader): Promise<ChainVerification> {
  const walker = new ChainWalker();
  for (let after = 0; after < head;) {
    const rows = await readPage(after, head, VERIFY_PAGE_SIZE);
    if (rows.length === 0) break;
    for (const row of rows) if (!walker.next(toRecordedEvent(row), row.hash)) return walker.finish();
    after = Number(rows.at(-1)!.position);
  }
  return walker.finish();
}
