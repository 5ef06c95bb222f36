import { randomBytes } from 'node:crypto';

import type { TableChange, TableChanges, TableRow, TableSpec } from '../read-model-tables';
import { type OpenedProjectionStore, storePerTest } from './projection-store-contract';

const TABLES: readonly TableSpec[] = [
  {
    name: 'totals',
    description: 'one row per key, merged',
    columns: [
      { name: 'key', type: 'text', description: 'the key' },
      { name: 'label', type: 'text', description: 'set: the last written' },
      { name: 'first_seen', type: 'text', merge: 'keep', description: 'keep: the first written' },
      { name: 'amount', type: 'integer', merge: 'add', description: 'add: the sum' },
      { name: 'earliest', type: 'text', merge: 'min', description: 'min: the smallest' },
      { name: 'latest', type: 'integer', merge: 'max', description: 'max: the largest' },
    ],
    primaryKey: ['key'],
    indexes: [['amount']],
  },
  {
    name: 'facts',
    description: 'one row per position',
    columns: [
      { name: 'position', type: 'integer', description: 'the position' },
      { name: 'key', type: 'text', description: 'the key it counts for' },
      { name: 'doubled', type: 'integer', description: 'rewritten' },
    ],
    primaryKey: ['position'],
  },
];

const upsert = (table: string, row: TableRow, onlyIfExists = false): TableChange => ({ kind: 'upsert', table, row, onlyIfExists });
const changes = (...list: TableChange[]): TableChanges => ({ kind: 'tables', tables: TABLES, changes: list });

/**
 * What every ProjectionStore promises for a projection that keeps tables: each
 * generation its own tables, the analysts' views on the live one, rows merged
 * by key as the column specs say, rewrites and statements in order, all of it
 * with the checkpoint or not at all. Projection names are short and unique (a
 * PostgreSQL identifier holds 63 bytes), so an adapter may share a database.
 */
export function readModelTablesContract(name: string, open: () => Promise<OpenedProjectionStore>): void {
  describe(`ProjectionStore tables contract: ${name}`, () => {
    const store = storePerTest(open);

    const unique = () => `t${randomBytes(5).toString('hex')}`;
    const totals = (projection: string) => store().reader(projection).all<Record<string, unknown>>('SELECT * FROM {totals} ORDER BY key');

    it('merges rows written for one key, column by column, in one commit and across commits', async () => {
      const projection = unique();
      await store().createGeneration(projection, 1, TABLES);
      expect(
        await store().commit(
          projection,
          1,
          0,
          2,
          changes(
            upsert('totals', { key: 'a', label: 'one', first_seen: '2024-01-02', amount: 5, earliest: '2024-01-02', latest: 5 }),
            upsert('totals', { key: 'b', label: 'bee', first_seen: '2024-01-01', amount: 1, earliest: '2024-01-01', latest: 1 }),
          ),
        ),
      ).toBe(true);
      await store().commit(
        projection,
        1,
        2,
        3,
        changes(
          upsert('totals', { key: 'a', label: 'two', first_seen: '2023-12-31', amount: 7, earliest: '2023-12-31', latest: 3 }),
          upsert('totals', { key: 'b', amount: 2 }),
        ),
      );
      expect(await totals(projection)).toEqual([
        { key: 'a', label: 'two', first_seen: '2024-01-02', amount: 12, earliest: '2023-12-31', latest: 5 },
        { key: 'b', label: 'bee', first_seen: '2024-01-01', amount: 3, earliest: '2024-01-01', latest: 1 },
      ]);
    });

    it('updates only rows that exist, and lets a null never win a min, max or sum', async () => {
      const projection = unique();
      await store().createGeneration(projection, 1, TABLES);
      await store().commit(
        projection,
        1,
        0,
        1,
        changes(upsert('totals', { key: 'a', label: 'x', amount: null, earliest: null, latest: 4 })),
      );
      await store().commit(
        projection,
        1,
        1,
        2,
        changes(
          upsert('totals', { key: 'a', amount: 3, earliest: '2024-05-01', latest: null }, true),
          upsert('totals', { key: 'ghost', label: 'never', amount: 1 }, true),
        ),
      );
      expect(await totals(projection)).toEqual([{ key: 'a', label: 'x', first_seen: null, amount: 3, earliest: '2024-05-01', latest: 4 }]);
    });

    it('rewrites the rows a condition picks and runs statements, in their order among the writes', async () => {
      const projection = unique();
      await store().createGeneration(projection, 1, TABLES);
      await store().commit(
        projection,
        1,
        0,
        3,
        changes(
          upsert('facts', { position: 1, key: 'a', doubled: 0 }),
          upsert('facts', { position: 2, key: 'b', doubled: 0 }),
          upsert('facts', { position: 3, key: 'a', doubled: 0 }),
          {
            kind: 'rewrite',
            table: 'facts',
            where: 'key = ?',
            params: ['a'],
            compute: (row) => ({ doubled: (row.position as number) * 2 }),
          },
          { kind: 'statement', sql: 'INSERT INTO {totals} (key, amount) SELECT key, SUM(doubled) FROM {facts} GROUP BY key', params: [] },
          upsert('totals', { key: 'a', amount: 100 }),
        ),
      );
      expect(await store().reader(projection).all('SELECT position, doubled FROM {facts} ORDER BY position')).toEqual([
        { position: 1, doubled: 2 },
        { position: 2, doubled: 0 },
        { position: 3, doubled: 6 },
      ]);
      expect((await totals(projection)).map((row) => [row.key, row.amount])).toEqual([
        ['a', 108],
        ['b', 0],
      ]);
    });

    it('writes nothing on a stale checkpoint', async () => {
      const projection = unique();
      await store().createGeneration(projection, 1, TABLES);
      await store().commit(projection, 1, 0, 5, changes(upsert('totals', { key: 'a', amount: 1 })));
      expect(
        await store().commit(
          projection,
          1,
          4,
          9,
          changes(upsert('totals', { key: 'a', amount: 50 }), upsert('totals', { key: 'z', amount: 1 })),
        ),
      ).toBe(false);
      expect((await totals(projection)).map((row) => [row.key, row.amount])).toEqual([['a', 1]]);
    });

    it('answers integers as numbers, sums and counts included, and text parameters as given', async () => {
      const projection = unique();
      await store().createGeneration(projection, 1, TABLES);
      const many = Array.from({ length: 2_500 }, (_, at) =>
        upsert('totals', { key: `k${String(at).padStart(5, '0')}`, amount: 1_000_000_000_000 + at, label: at % 2 === 0 ? 'even' : 'odd' }),
      );
      await store().commit(projection, 1, 0, 1, changes(...many));
      const [row] = await store()
        .reader(projection)
        .all<{ rows: number; total: number }>('SELECT COUNT(*) AS rows, SUM(amount) AS total FROM {totals} WHERE label = ?', ['odd']);
      expect(row).toEqual({ rows: 1_250, total: 1_250 * 1_000_000_000_000 + 1_250 * 1_250 });
    });

    it('shows the live generation in its views: a rebuilt one once promoted, and drops a generation with its tables', async () => {
      const projection = unique();
      await store().createGeneration(projection, 1, TABLES);
      await store().commit(projection, 1, 0, 1, changes(upsert('totals', { key: 'old', amount: 1 })));
      const rebuilt = await store().createGeneration(projection, 2, TABLES);
      expect(rebuilt).toMatchObject({ generation: 2, live: false });
      await store().commit(projection, 2, 0, 1, changes(upsert('totals', { key: 'new', amount: 2 })));
      expect((await totals(projection)).map((row) => row.key)).toEqual(['old']);
      await store().promote(projection, 2);
      expect((await totals(projection)).map((row) => row.key)).toEqual(['new']);
      await store().dropGeneration(projection, 1);
      expect((await totals(projection)).map((row) => row.key)).toEqual(['new']);
      // A generation number is never handed out twice with old rows in it.
      const third = await store().createGeneration(projection, 3, TABLES);
      await store().dropGeneration(projection, third.generation);
      expect(await store().createGeneration(projection, 3, TABLES)).toMatchObject({ live: false });
    });
  });
}
