import { type ChainedRow, chainLink } from './event-chain';
import { type ChainedEvent, CopiedHashMismatchError, CopyRefusedError } from './event-store';

/**
 * The rows of a batch of copied events as both SQL stores insert them, each checked
 * against the log it lands on: positions continue the head with no gap, and each event
 * hashes from the chain so far to the hash its source stored. A copy that passes is the
 * same chain, hash for hash; the first one that does not stops the batch, nothing written.
 */
export function copiedRows(
  events: readonly ChainedEvent[],
  head: { readonly position: number; readonly hash: string },
): { rows: ChainedRow[]; lastHash: string } {
  let previousHash = head.hash;
  const rows = events.map((event, index): ChainedRow => {
    const expected = head.position + index + 1;
    if (event.position !== expected) {
      throw new CopyRefusedError(
        index === 0
          ? `this log's head is at position ${head.position}: a copy continues it at ${expected}, not at ${event.position} ` +
              '(copy into an empty store, or resume a copy where it stopped)'
          : `a copy runs without gaps: position ${event.position} came where ${expected} was due`,
      );
    }
    const link = chainLink(previousHash, event);
    if (link.hash !== event.hash) throw new CopiedHashMismatchError(event.position, event.hash, link.hash);
    previousHash = link.hash;
    const { position, eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt } = event;
    return [position, eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt, link.data, link.metadata, link.hash];
  });
  return { rows, lastHash: previousHash };
}
