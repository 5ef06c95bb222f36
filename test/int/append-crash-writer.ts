/**
 * Child process for the crash test: appends forever and prints the position of
 * every append the store acknowledged, until it is killed.
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
    process.stdout.write(`${result.position}\n`);
  }
}

void main();
