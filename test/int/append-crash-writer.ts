/**
 * Child process for the crash test: appends forever and prints the position of
 * every append the store acknowledged, until it is killed; each line is out
 * before the next append starts.
 */
import { randomUUID } from 'node:crypto';

import { SqliteEventStore } from '@ledger/event-store';

async function main(): Promise<void> {
  const store = SqliteEventStore.open({ path: process.argv[2]!, synchronous: 'NORMAL' });
  for (let n = 0; ; n++) {
    const streamId = `client-${n % 50}`;
    const result = await store.append(
      streamId,
      [
        {
          eventId: randomUUID(),
          type: 'ReorderPlaced',
          schemaVersion: 1,
          occurredAt: new Date().toISOString(),
          data: { n, padding: 'x'.repeat(200) },
          metadata: { actor: { type: 'user', id: 'crash-test', role: null }, correlationId: 'c', causationId: 'c' },
        },
      ],
      { expectedRevision: 'any' },
    );
    // Wait for the line to leave: on a full pipe a write queues, and a loop that never returns to
    // the event loop would never flush the queue (the reader would wait for lines that never come).
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(`${result.position}\n`, (error) => (error ? reject(error) : resolve())),
    );
  }
}

void main();
