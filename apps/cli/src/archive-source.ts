import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

import { type ChainedEvent, type CopySource, GENESIS_HASH } from '@ledger/event-store';

/** An archive that cannot be restored as it is: named by its line, before anything of it is copied past that line. */
export class ArchiveRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveRefusedError';
  }
}

interface ArchivedLine {
  readonly event: ChainedEvent;
  readonly line: number;
}

/**
 * A whole-log NDJSON export (`export --format ndjson`) as a copy's source: read line by line,
 * never whole, once to find its head and check its positions run 1, 2, 3, ... with no gap, then
 * a batch at a time as the copy asks. Each line is an event as stored, with the hash its ledger
 * stored beside it, which the target recomputes.
 */
export class NdjsonArchiveSource implements CopySource {
  /** The line each position of the batch in flight came from, to name a refused event by its line. */
  private readonly linesInFlight = new Map<number, number>();

  /** The last position, found by one pass over the whole file (which checks every line's position). */
  private head: Promise<number> | undefined;

  constructor(readonly file: string) {}

  headPosition(): Promise<number> {
    this.head ??= (async () => {
      let head = 0;
      for await (const { event } of this.lines()) head = event.position;
      return head;
    })();
    return this.head;
  }

  async hashAt(position: number): Promise<string | undefined> {
    if (position === 0) return GENESIS_HASH;
    for await (const { event } of this.lines()) if (event.position === position) return event.hash;
    return undefined;
  }

  async *batches(after: number, upTo: number, size: number): AsyncGenerator<readonly ChainedEvent[]> {
    let batch: ChainedEvent[] = [];
    this.linesInFlight.clear();
    for await (const { event, line } of this.lines()) {
      if (event.position <= after) continue;
      if (event.position > upTo) break;
      batch.push(event);
      this.linesInFlight.set(event.position, line);
      if (batch.length === size) {
        yield batch;
        batch = [];
        this.linesInFlight.clear();
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The line the event at this position was read from, while its batch is being copied. */
  lineOf(position: number): number | undefined {
    return this.linesInFlight.get(position);
  }

  /** The file's events in order, each checked to be an event with a hash that continues the positions before it. */
  private async *lines(): AsyncGenerator<ArchivedLine> {
    const input = createReadStream(this.file, { encoding: 'utf8' });
    const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let line = 0;
    let previous = 0;
    try {
      for await (const text of reader) {
        line++;
        if (text.trim() === '') continue;
        const event = parseEvent(text, line, this.file);
        if (event.position !== previous + 1) {
          throw new ArchiveRefusedError(
            previous === 0
              ? `${this.file} line ${line} holds position ${event.position}: a restore needs the whole log, from position 1 (export without --from)`
              : `${this.file} line ${line} holds position ${event.position} after position ${previous}: the archive skips or repeats positions, restore refused`,
          );
        }
        previous = event.position;
        yield { event, line };
      }
    } finally {
      reader.close();
      input.destroy();
    }
  }
}

function parseEvent(text: string, line: number, file: string): ChainedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ArchiveRefusedError(`${file} line ${line} is not JSON: a restore reads an NDJSON export (export --format ndjson)`);
  }
  const event = parsed as Partial<ChainedEvent> | null;
  if (
    typeof event !== 'object' ||
    event === null ||
    !Number.isSafeInteger(event.position) ||
    typeof event.hash !== 'string' ||
    typeof event.recordedAt !== 'string' ||
    typeof event.metadata !== 'object'
  ) {
    throw new ArchiveRefusedError(
      `${file} line ${line} is not an exported event with its position, record time, metadata and hash: a restore reads an NDJSON export of a SQLite or PostgreSQL ledger`,
    );
  }
  return event as ChainedEvent;
}
