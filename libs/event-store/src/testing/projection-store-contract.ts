import { randomUUID } from 'node:crypto';

import type { ProjectionStore } from '../projection-store';

/** A store opened for one test, and how to let go of it afterwards. */
export interface OpenedProjectionStore {
  readonly store: ProjectionStore;
  close(): Promise<void>;
}

/** Opens a store before each test of the enclosing describe and closes it after: answers the store of the moment. */
export function storePerTest(open: () => Promise<OpenedProjectionStore>): () => ProjectionStore {
  let opened: OpenedProjectionStore;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(() => opened.close());
  return () => opened.store;
}

/**
 * The behaviour every ProjectionStore adapter promises; each adapter's test
 * file calls this with a factory, so SQLite and PostgreSQL stay interchangeable.
 *
 * Projections get unique names, so an adapter may share one database between
 * tests.
 */
export function projectionStoreContract(name: string, open: () => Promise<OpenedProjectionStore>): void {
  describe(`ProjectionStore contract: ${name}`, () => {
    const store = storePerTest(open);

    const unique = (label: string) => `${label}-${randomUUID()}`;

    it('makes the first generation live at once and later ones only when promoted', async () => {
      const pipeline = unique('pipeline');
      const revenue = unique('revenue');
      expect(await store().createGeneration(pipeline, 1)).toEqual({
        projection: pipeline,
        generation: 1,
        version: 1,
        checkpoint: 0,
        live: true,
      });
      expect(await store().createGeneration(pipeline, 2)).toEqual({
        projection: pipeline,
        generation: 2,
        version: 2,
        checkpoint: 0,
        live: false,
      });
      expect(await store().createGeneration(revenue, 1)).toMatchObject({ generation: 1, live: true });
      await store().promote(pipeline, 2);
      expect(await store().generations(pipeline)).toEqual([{ projection: pipeline, generation: 2, version: 2, checkpoint: 0, live: true }]);
    });

    it('commits documents with the checkpoint, and refuses, writing nothing, when the checkpoint has moved', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      expect(
        await store().commit(pipeline, 1, 0, 5, [
          { key: 'lead/a', body: { n: 1 } },
          { key: 'lead/b', body: { n: 2 } },
        ]),
      ).toBe(true);
      expect(await store().commit(pipeline, 1, 0, 7, [{ key: 'lead/a', body: { n: 99 } }])).toBe(false);
      expect(
        await store().commit(pipeline, 1, 5, 9, [
          { key: 'lead/b', body: undefined },
          { key: 'lead/c', body: { n: 3 } },
        ]),
      ).toBe(true);
      expect((await store().generations(pipeline))[0]!.checkpoint).toBe(9);
      expect(await store().loadDocuments(pipeline, 1)).toEqual([
        ['lead/a', { n: 1 }],
        ['lead/c', { n: 3 }],
      ]);
      expect(await store().commit(pipeline, 2, 0, 1, [])).toBe(false); // no such generation
    });

    it('drops a generation with all its documents, leaving the others', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().createGeneration(pipeline, 1);
      const many = Array.from({ length: 12_000 }, (_, i) => ({ key: `lead/${i}`, body: { i } }));
      await store().commit(pipeline, 1, 0, 1, [{ key: 'lead/kept', body: {} }]);
      await store().commit(pipeline, 2, 0, 1, many);
      await store().dropGeneration(pipeline, 2);
      expect((await store().generations(pipeline)).map((g) => g.generation)).toEqual([1]);
      expect(await store().loadDocuments(pipeline, 2)).toEqual([]);
      expect(await store().loadDocuments(pipeline, 1)).toEqual([['lead/kept', {}]]);
    });

    it('writes nothing at all on a stale checkpoint: no new document, no removal, no overwrite, the checkpoint stays', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().commit(pipeline, 1, 0, 10, [
        { key: 'a', body: 1 },
        { key: 'b', body: 2 },
      ]);
      const stale = [
        { key: 'a', body: 'overwritten' },
        { key: 'b', body: undefined },
        { key: 'new', body: 3 },
      ];
      expect(await store().commit(pipeline, 1, 4, 20, stale)).toBe(false); // behind
      expect(await store().commit(pipeline, 1, 11, 20, stale)).toBe(false); // ahead
      expect(await store().generations(pipeline)).toEqual([
        { projection: pipeline, generation: 1, version: 1, checkpoint: 10, live: true },
      ]);
      expect(await store().loadDocuments(pipeline, 1)).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
    });

    it('writes parts of a batch without moving the checkpoint (from = to), and then moves it', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      expect(await store().commit(pipeline, 1, 0, 0, [{ key: 'a', body: 1 }])).toBe(true);
      expect(await store().commit(pipeline, 1, 0, 0, [{ key: 'b', body: 2 }])).toBe(true);
      expect((await store().generations(pipeline))[0]!.checkpoint).toBe(0);
      expect(await store().commit(pipeline, 1, 0, 3, [{ key: 'c', body: 3 }])).toBe(true);
      expect((await store().generations(pipeline))[0]!.checkpoint).toBe(3);
      expect((await store().loadDocuments(pipeline, 1)).map(([key]) => key)).toEqual(['a', 'b', 'c']);
    });

    it('applies the changes of one commit in order: the last change to a key decides it', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().commit(pipeline, 1, 0, 1, [{ key: 'gone', body: 'x' }]);
      expect(
        await store().commit(pipeline, 1, 1, 2, [
          { key: 'twice', body: 1 },
          { key: 'twice', body: 2 },
          { key: 'back', body: undefined },
          { key: 'back', body: 'again' },
          { key: 'gone', body: 'y' },
          { key: 'gone', body: undefined },
          { key: 'never', body: undefined },
        ]),
      ).toBe(true);
      expect(await store().loadDocuments(pipeline, 1)).toEqual([
        ['back', 'again'],
        ['twice', 2],
      ]);
    });

    it('round-trips any JSON body and answers documents in bytewise key order', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      const documents: Array<[string, unknown]> = [
        ['B/upper', null],
        ['a/lower', 'text'],
        ['a/Ä', { note: 'Zürich 🚀', quote: '"\'\\', nul: 'a\u0000b' }],
        ['b/number', 42.5],
        ['b/nested', [1, { a: [] }, { deep: { deeper: true } }]],
        ['b/false', false],
      ];
      await store().commit(
        pipeline,
        1,
        0,
        1,
        documents.map(([key, body]) => ({ key, body })),
      );
      const bytewise = [...documents].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(await store().loadDocuments(pipeline, 1)).toEqual(bytewise);
    });

    it('commits 5,000 documents in one call, and overwrites them in another', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      const key = (i: number) => `lead/${String(i).padStart(5, '0')}`;
      const first = Array.from({ length: 5_000 }, (_, i) => ({ key: key(i), body: { i, name: `Lead ${i}` } }));
      expect(await store().commit(pipeline, 1, 0, 5_000, first)).toBe(true);
      const second = Array.from({ length: 5_000 }, (_, i) => ({
        key: key(i),
        body: i % 2 === 0 ? { i, name: `Lead ${i}`, won: true } : undefined,
      }));
      expect(await store().commit(pipeline, 1, 5_000, 10_000, second)).toBe(true);
      const loaded = await store().loadDocuments(pipeline, 1);
      expect(loaded).toHaveLength(2_500);
      expect(loaded[0]).toEqual([key(0), { i: 0, name: 'Lead 0', won: true }]);
      expect(loaded.at(-1)).toEqual([key(4_998), { i: 4_998, name: 'Lead 4998', won: true }]);
      expect((await store().generations(pipeline))[0]!.checkpoint).toBe(10_000);
    });

    it('refuses to promote a generation that does not exist, changing nothing', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().createGeneration(pipeline, 2);
      await expect(store().promote(pipeline, 7)).rejects.toThrow(/no generation 7/);
      expect((await store().generations(pipeline)).map((g) => [g.generation, g.live])).toEqual([
        [1, true],
        [2, false],
      ]);
    });

    it('keeps one live generation through promotions, and numbers new generations above the promoted one', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().createGeneration(pipeline, 1);
      await store().commit(pipeline, 2, 0, 4, [{ key: 'k', body: 'from 2' }]);
      await store().promote(pipeline, 2);
      await store().dropGeneration(pipeline, 1);
      expect(await store().createGeneration(pipeline, 2)).toMatchObject({ generation: 3, live: false });
      await store().promote(pipeline, 3);
      await store().dropGeneration(pipeline, 2);
      expect(await store().generations(pipeline)).toEqual([{ projection: pipeline, generation: 3, version: 2, checkpoint: 0, live: true }]);
      expect(await store().loadDocuments(pipeline, 2)).toEqual([]);
      // Promoting the live generation again changes nothing.
      await store().promote(pipeline, 3);
      expect((await store().generations(pipeline)).map((g) => [g.generation, g.live])).toEqual([[3, true]]);
    });

    it('drops a generation without documents, or one that does not exist, quietly', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().createGeneration(pipeline, 1);
      await store().dropGeneration(pipeline, 2);
      await store().dropGeneration(pipeline, 9);
      await store().dropGeneration(unique('nothing'), 1);
      expect((await store().generations(pipeline)).map((g) => g.generation)).toEqual([1]);
      expect(await store().generations(unique('nothing'))).toEqual([]);
    });

    it('makes a new generation live at once again once the projection has none', async () => {
      const pipeline = unique('pipeline');
      await store().createGeneration(pipeline, 1);
      await store().dropGeneration(pipeline, 1);
      expect(await store().createGeneration(pipeline, 1)).toMatchObject({ projection: pipeline, checkpoint: 0, live: true });
    });
  });
}
