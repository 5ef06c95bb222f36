import { projectionStoreContract } from '../testing/projection-store-contract';
import { SqliteEventStore } from './sqlite-event-store';
import { SqliteProjectionStore } from './sqlite-projection-store';

projectionStoreContract('SQLite in memory', async () => {
  const events = SqliteEventStore.open({ path: ':memory:' });
  return { store: new SqliteProjectionStore(events.database, () => new Date('2024-06-01T00:00:00.000Z')), close: () => events.close() };
});
