import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { generationTableName, SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import fc from 'fast-check';

import { LEDGER_PROJECTIONS } from '..';
import type { DocumentProjection } from '../shared/projection';
import { companyIntents, realiseHistory } from '../testing/random-history';
import { ProjectionRunner } from './projection-runner';

const folder = mkdtempSync(path.join(tmpdir(), 'ledger-read-model-check-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Events per type counted in one document: a projection of documents, as the policies' facts are. */
const countsProjection: DocumentProjection = {
  name: 'counts',
  version: 1,
  apply(model, event) {
    const counts = model.collection<number>('types');
    counts.put(event.type, (counts.get(event.type) ?? 0) + 1);
  },
  query: () => undefined,
};

describe('ProjectionRunner.checkAgainstLog on a SQLite file', () => {
  let events: SqliteEventStore;
  let runner: ProjectionRunner;
  const liveTable = async (projection: string, table: string) => {
    const generation = (await new SqliteProjectionStore(events.database).generations(projection)).find((one) => one.live)!.generation;
    return generationTableName(projection, table, generation);
  };
  const scratchTablesLeft = () =>
    events.database.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM projection_generations WHERE is_live = 0').get()!.n;

  beforeAll(async () => {
    events = SqliteEventStore.open({ path: path.join(folder, 'ledger.db'), pollIntervalMs: 20 });
    for (const { streamId, events: batch } of realiseHistory(fc.sample(companyIntents(300, 200), { numRuns: 1, seed: 20_240_601 })[0]!))
      await events.append(streamId, batch, { expectedRevision: 'any' });
    runner = new ProjectionRunner(events, new SqliteProjectionStore(events.database), [...LEDGER_PROJECTIONS, countsProjection], {
      batchSize: 50,
    });
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await events.close();
  });

  it('finds every untouched read model equal to the log, at the head, and leaves no scratch generation behind', async () => {
    const head = await events.headPosition();
    for (const name of runner.names) {
      const check = await runner.checkAgainstLog(name);
      expect({ name, equal: check.equal, position: check.position, differences: check.differences }).toEqual({
        name,
        equal: true,
        position: head,
        differences: [],
      });
    }
    expect(scratchTablesLeft()).toBe(0);
  });

  it('names a changed, a deleted and an added row of a stored report by table and key', async () => {
    const totals = await liveTable('revenue', 'monthly_department_totals');
    const first = events.database
      .prepare<[], { month: string; department: string; currency: string; new_revenue: number }>(
        `SELECT month, department, currency, new_revenue FROM ${totals} ORDER BY month, department, currency LIMIT 1`,
      )
      .get()!;
    events.database
      .prepare(`UPDATE ${totals} SET new_revenue = new_revenue + 50000000 WHERE month = ? AND department = ? AND currency = ?`)
      .run(first.month, first.department, first.currency);
    const orders = await liveTable('revenue', 'orders');
    const deleted = events.database.prepare<[], { position: number }>(`SELECT position FROM ${orders} ORDER BY position LIMIT 1`).get()!;
    events.database.prepare(`DELETE FROM ${orders} WHERE position = ?`).run(deleted.position);
    events.database.prepare(`INSERT INTO ${orders} (position, client_id) VALUES (?, 'ghost')`).run(999_999_999);

    const check = await runner.checkAgainstLog('revenue');

    expect(check.equal).toBe(false);
    expect(check.tables).toEqual(
      expect.arrayContaining([
        { table: 'monthly_department_totals', storedOnly: 1, rebuiltOnly: 1 },
        { table: 'orders', storedOnly: 1, rebuiltOnly: 1 },
      ]),
    );
    const key = { month: first.month, department: first.department, currency: first.currency };
    expect(check.differences).toEqual(
      expect.arrayContaining([
        {
          table: 'monthly_department_totals',
          key,
          stored: expect.objectContaining({ ...key, new_revenue: first.new_revenue + 50_000_000 }),
          rebuilt: expect.objectContaining({ ...key, new_revenue: first.new_revenue }),
        },
        {
          table: 'orders',
          key: { position: deleted.position },
          stored: null,
          rebuilt: expect.objectContaining({ position: deleted.position }),
        },
        { table: 'orders', key: { position: 999_999_999 }, stored: expect.objectContaining({ client_id: 'ghost' }), rebuilt: null },
      ]),
    );
    expect((await runner.checkAgainstLog('revenue', 1)).differences).toHaveLength(1);
    expect((await runner.checkAgainstLog('pipeline')).equal).toBe(true);
    expect(scratchTablesLeft()).toBe(0);
  });

  it('names a changed document of a projection of documents', async () => {
    await runner.query('counts', undefined);
    events.database.prepare("UPDATE projection_documents SET body = '1' WHERE projection = 'counts' AND doc_key = 'types/ClientWon'").run();

    const check = await runner.checkAgainstLog('counts');

    expect(check.equal).toBe(false);
    expect(check.differences).toEqual([
      { table: 'documents', key: { key: 'types/ClientWon' }, stored: { body: '1' }, rebuilt: { body: expect.not.stringMatching(/^1$/) } },
    ]);
  });
});
