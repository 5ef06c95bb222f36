import { GENESIS_HASH } from './event-chain';
import { type ChainedEvent, CopyRefusedError, type EventStore } from './event-store';

/** A log and the chain hashes stored with its events: what a copy reads from and writes to. */
export interface ChainedLog {
  readonly events: EventStore;
  /** The hashes stored with the events at these positions (those that exist), by position. */
  readonly hashes: (positions: readonly number[]) => Promise<Map<number, string>>;
}

/**
 * Where a copy reads from: a store's log, or an archive of one (the NDJSON export). Each event
 * comes with the hash its source stored, which the target checks as it appends.
 */
export interface CopySource {
  /** The last position the copy goes up to: the source's head when the copy begins. */
  headPosition(): Promise<number>;
  /** The hash stored with the event at this position (the genesis hash at 0), undefined where there is none. */
  hashAt(position: number): Promise<string | undefined>;
  /** The events after `after` up to `upTo` in order, with their stored hashes, at most `size` a batch. */
  batches(after: number, upTo: number, size: number): AsyncIterable<readonly ChainedEvent[]>;
}

/** A store's log as a copy's source, read a batch at a time. */
export function logSource(log: ChainedLog): CopySource {
  return {
    headPosition: () => log.events.headPosition(),
    hashAt: (position) => hashAt(log, position),
    async *batches(after, upTo, size) {
      while (after < upTo) {
        const page = await log.events.readAll({ after, limit: size, upToPosition: upTo });
        if (page.length === 0) return;
        const hashes = await log.hashes(page.map((event) => event.position));
        yield page.map((event): ChainedEvent => {
          const hash = hashes.get(event.position);
          if (hash === undefined) throw new Error(`the source stores no hash for the event at position ${event.position}`);
          return { ...event, hash };
        });
        after = page.at(-1)!.position;
      }
    },
  };
}

export interface CopyLogOptions {
  /** Events per read and per transaction on the target. */
  readonly batchSize?: number;
  /** Told after each batch: how far the copy has come, and the head it copies up to. */
  readonly onBatch?: (copiedUpTo: number, head: number) => void;
}

export interface CopyLogResult {
  /** The target's head the copy began after: 0, or where an earlier copy stopped. */
  readonly resumedAfter: number;
  /** Events copied by this run. */
  readonly events: number;
  /** The source's head when the copy began, now the target's too. */
  readonly headPosition: number;
  /** The chain hash at that head, the same on both. */
  readonly headHash: string;
}

export const DEFAULT_COPY_BATCH_SIZE = 5_000;

/**
 * Copies a log (a store's, or an archive's) into another store event for event as recorded, up to the source's head when it
 * begins, a batch per transaction (appendCopiedEvents checks each event's hash against the
 * source's as it goes). Into an empty target; or, after a copy that stopped, on from the target's
 * head once that head is the source's event at the same position (the same hash).
 */
export async function copyLog(from: CopySource | ChainedLog, target: ChainedLog, options: CopyLogOptions = {}): Promise<CopyLogResult> {
  const source = 'events' in from ? logSource(from) : from;
  const batchSize = options.batchSize ?? DEFAULT_COPY_BATCH_SIZE;
  const head = await source.headPosition();
  const resumedAfter = await target.events.headPosition();
  if (resumedAfter > head) {
    throw new CopyRefusedError(
      `the target already holds a log up to position ${resumedAfter}, beyond the source's head at ${head}: copy into an empty store`,
    );
  }
  const startHash = await source.hashAt(resumedAfter);
  if (startHash === undefined) throw new Error(`the source stores no hash for the event at position ${resumedAfter}`);
  if (resumedAfter > 0 && (await hashAt(target, resumedAfter)) !== startHash) {
    throw new CopyRefusedError(
      `the target already holds a log up to position ${resumedAfter} that is not the source's (their hashes at position ${resumedAfter} differ): copy into an empty store`,
    );
  }
  let headHash = startHash;
  let copied = 0;
  for await (const batch of source.batches(resumedAfter, head, batchSize)) {
    if (batch.length === 0) continue;
    await target.events.appendCopiedEvents(batch);
    headHash = batch.at(-1)!.hash;
    copied += batch.length;
    options.onBatch?.(batch.at(-1)!.position, head);
  }
  return { resumedAfter, events: copied, headPosition: head, headHash };
}

async function hashAt(log: ChainedLog, position: number): Promise<string | undefined> {
  if (position === 0) return GENESIS_HASH;
  return (await log.hashes([position])).get(position);
}
