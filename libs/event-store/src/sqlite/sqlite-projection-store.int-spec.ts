import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { projectionStoreContract } from '../testing/projection-store-contract';
import { readModelTablesContract } from '../testing/read-model-tables-contract';
import { SqliteEventStore } from './sqlite-event-store';
import { SqliteProjectionStore } from './sqlite-projection-store';

const openInMemory = async () => {
  const events = SqliteEventStore.open({ path: ':memory:' });
  return { store: new SqliteProjectionStore(events.database, () => new Date('2024-06-01T00:00:00.000Z')), close: () => events.close() };
};

projectionStoreContract('SQLite in memory', openInMemory);
readModelTablesContract('SQLite in memory', openInMemory);

// On a file, reads run on reader threads with connections of their own.
const folder = mkdtempSync(path.join(tmpdir(), 'ledger-read-models-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
readModelTablesContract('SQLite file, read on reader threads', async () => {
  const events = SqliteEventStore.open({ path: path.join(folder, 'ledger.db') });
  const store = new SqliteProjectionStore(events.database);
  return {
    store,
    close: async () => {
      await store.close();
      await events.close();
    },
  };
});
