import { generationTableName, type RecordedEvent, SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';

type Database = SqliteEventStore['database'];
import { keepsTables, type ProjectionDefinition, toProjectedEvent } from '../shared/projection';
import { ReadModel } from '../shared/read-model';
import { RowBuffer } from '../shared/row-buffer';

/**
 * What a projection's generation holds in a SQLite database, comparable as a
 * whole: every table's rows in key order, or every document in key order.
 * The live generation unless one is named.
 */
export async function storedState(database: Database, definition: ProjectionDefinition, generation?: number): Promise<unknown> {
  const store = new SqliteProjectionStore(database);
  const number = generation ?? (await store.generations(definition.name)).find((candidate) => candidate.live)?.generation;
  if (number === undefined) throw new Error(`projection ${definition.name} has no live generation`);
  if (!keepsTables(definition)) return ReadModel.fromDocuments(await store.loadDocuments(definition.name, number)).documents();
  return Object.fromEntries(
    definition.tables.map((spec) => [
      spec.name,
      database
        .prepare(`SELECT * FROM ${generationTableName(definition.name, spec.name, number)} ORDER BY ${spec.primaryKey.join(', ')}`)
        .all(),
    ]),
  );
}

/** What the projection holds when built from scratch over these events in one go: what every stored generation must equal. */
export async function builtFromScratch(definition: ProjectionDefinition, events: readonly RecordedEvent[]): Promise<unknown> {
  const log = SqliteEventStore.open({ path: ':memory:' });
  try {
    const store = new SqliteProjectionStore(log.database);
    const { generation } = await store.createGeneration(
      definition.name,
      definition.version,
      keepsTables(definition) ? definition.tables : [],
    );
    // As the runner feeds it: only the event types it declares.
    const declared =
      definition.eventTypes === undefined ? events : events.filter((event) => definition.eventTypes!.includes(event.type as never));
    if (keepsTables(definition)) {
      const rows = new RowBuffer(definition.tables);
      for (const event of declared) definition.apply(rows, toProjectedEvent(event));
      await store.commit(definition.name, generation, 0, 1, rows.takeChanges());
    } else {
      const model = new ReadModel();
      for (const event of declared) definition.apply(model, toProjectedEvent(event));
      await store.commit(definition.name, generation, 0, 1, model.takeChanges());
    }
    return await storedState(log.database, definition, generation);
  } finally {
    await log.close();
  }
}
