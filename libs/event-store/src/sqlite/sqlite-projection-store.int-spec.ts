import { SqliteEventStore } from './sqlite-event-store';
import { SqliteProjectionStore } from './sqlite-projection-store';

describe('SqliteProjectionStore', () => {
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  beforeEach(() => {
    events = SqliteEventStore.open({ path: ':memory:' });
    store = new SqliteProjectionStore(events.database, () => new Date('2024-06-01T00:00:00.000Z'));
  });
  afterEach(() => events.close());

  it('makes the first generation live at once and later ones only when promoted', async () => {
    expect(await store.createGeneration('pipeline', 1)).toEqual({ projection: 'pipeline', generation: 1, version: 1, checkpoint: 0, live: true });
    expect(await store.createGeneration('pipeline', 2)).toEqual({ projection: 'pipeline', generation: 2, version: 2, checkpoint: 0, live: false });
    expect(await store.createGeneration('revenue', 1)).toMatchObject({ generation: 1, live: true });
    await store.promote('pipeline', 2);
    expect(await store.generations('pipeline')).toEqual([{ projection: 'pipeline', generation: 2, version: 2, checkpoint: 0, live: true }]);
  });

  it('commits documents with the checkpoint, and refuses, writing nothing, when the checkpoint has moved', async () => {
    await store.createGeneration('pipeline', 1);
    expect(await store.commit('pipeline', 1, 0, 5, [{ key: 'lead/a', body: { n: 1 } }, { key: 'lead/b', body: { n: 2 } }])).toBe(true);
    expect(await store.commit('pipeline', 1, 0, 7, [{ key: 'lead/a', body: { n: 99 } }])).toBe(false);
    expect(await store.commit('pipeline', 1, 5, 9, [{ key: 'lead/b', body: undefined }, { key: 'lead/c', body: { n: 3 } }])).toBe(true);
    expect((await store.generations('pipeline'))[0]!.checkpoint).toBe(9);
    expect(await store.loadDocuments('pipeline', 1)).toEqual([
      ['lead/a', { n: 1 }],
      ['lead/c', { n: 3 }],
    ]);
    expect(await store.commit('pipeline', 2, 0, 1, [])).toBe(false); // no such generation
  });

  it('drops a generation with all its documents, leaving the others', async () => {
    await store.createGeneration('pipeline', 1);
    await store.createGeneration('pipeline', 1);
    const many = Array.from({ length: 12_000 }, (_, i) => ({ key: `lead/${i}`, body: { i } }));
    await store.commit('pipeline', 1, 0, 1, [{ key: 'lead/kept', body: {} }]);
    await store.commit('pipeline', 2, 0, 1, many);
    await store.dropGeneration('pipeline', 2);
    expect((await store.generations('pipeline')).map((g) => g.generation)).toEqual([1]);
    expect(await store.loadDocuments('pipeline', 2)).toEqual([]);
    expect(await store.loadDocuments('pipeline', 1)).toEqual([['lead/kept', {}]]);
  });
});
