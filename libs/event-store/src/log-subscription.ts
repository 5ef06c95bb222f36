import { Observable } from 'rxjs';

import type { RecordedEvent, SubscribeOptions } from './event-store';
import { backoffDelay } from './store-faults';

const SUBSCRIPTION_PAGE_SIZE = 500;
const MAX_RETRY_DELAY_MS = 2_000;

/** What a store gives a subscription to its log. */
export interface LogSource {
  /** Emits after every append this process makes (and, where the store hears of them, other processes'). */
  readonly appended: Observable<void>;
  /** Emits once when the store closes. */
  readonly closing: Observable<void>;
  isClosed(): boolean;
  readonly pollIntervalMs: number;
  readPage(after: number, limit: number): Promise<RecordedEvent[]>;
  /** Called as each subscriber starts (e.g. to start listening for other processes' appends). */
  onSubscribe?(): void;
  /** Whether a failed read is the store out of reach for a while (read again from the same position after a pause), not a fault to report. */
  isPassingFault?(error: unknown): boolean;
}

/**
 * Pages through the log from the last delivered position; when caught up it waits
 * for an append, or a poll tick. Appends commit in position order, so reading
 * "after the last delivered position" can neither skip nor repeat an event.
 */
export function subscribeToLog(source: LogSource, options: SubscribeOptions = {}): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let position = options.after ?? 0;
    let stopped = false;
    // Set by every notification, so one that arrives while the loop is
    // delivering (say, a subscriber appending from its handler) is not lost.
    let appendedSinceRead = false;
    let wake: (() => void) | undefined;
    const wakeUp = () => {
      appendedSinceRead = true;
      wake?.();
    };
    const pause = async (ms: number) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    };
    const appendedSubscription = source.appended.subscribe(wakeUp);
    const closingSubscription = source.closing.subscribe(() => {
      stopped = true;
      wakeUp();
      subscriber.complete();
    });
    source.onSubscribe?.();

    const loop = async () => {
      let failures = 0;
      while (!stopped && !subscriber.closed) {
        appendedSinceRead = false;
        let page: RecordedEvent[];
        try {
          page = await source.readPage(position, SUBSCRIPTION_PAGE_SIZE);
          failures = 0;
        } catch (error) {
          if (!source.isPassingFault?.(error)) throw error;
          failures += 1;
          await pause(backoffDelay(failures, source.pollIntervalMs, MAX_RETRY_DELAY_MS));
          continue;
        }
        for (const event of page) {
          if (stopped || subscriber.closed) return;
          position = event.position;
          subscriber.next(event);
        }
        // More may be waiting: read again, but let others run first (a handler
        // that appends on every event must not starve the event loop).
        if (page.length === SUBSCRIPTION_PAGE_SIZE || appendedSinceRead) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        await pause(source.pollIntervalMs);
      }
    };
    if (source.isClosed()) subscriber.complete();
    else
      loop().catch((error: unknown) => {
        if (!stopped) subscriber.error(error);
      });

    return () => {
      stopped = true;
      wakeUp();
      appendedSubscription.unsubscribe();
      closingSubscription.unsubscribe();
    };
  });
}
