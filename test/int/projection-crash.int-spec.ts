import * as path from 'node:path';

import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import { LEDGER_PROJECTIONS, ProjectionRunner } from '@ledger/projections';
import fc from 'fast-check';

import { companyIntents, realiseHistory } from '../../libs/projections/src/testing/random-history';
import { builtFromScratch, storedState } from '../../libs/projections/src/testing/stored-state';
import { databaseTemplate } from './support/database-template';
import { killScripts, SCRIPT_TEST_TIMEOUT_MS, ScriptProcess } from './support/script-process';

/**
 * A checkpoint commits with the read-model change it covers: a process killed
 * with SIGKILL at any moment of catching up resumes where its last commit left
 * it, and ends with read models equal to a full rebuild.
 */
describe('a crash while projections catch up (kill -9)', () => {
  const databases = databaseTemplate('ledger-projection-crash-', async (template) => {
    const store = SqliteEventStore.open({ path: template });
    const history = realiseHistory(fc.sample(companyIntents(25_000, 20_000, 5_000), { numRuns: 1, seed: 7 })[0]!);
    for (const { streamId, events } of history) await store.append(streamId, events, { expectedRevision: 'any' });
    await store.close();
  });
  afterEach(killScripts);

  it.each([1, 2, 3])(
    'resumes and ends equal to a full rebuild (run %d)',
    async (run) => {
      const file = databases.copyFor(run);
      const head = await withStore(file, (store) => store.headPosition());
      expect(head).toBeGreaterThan(5_000);

      const catchingUp = ScriptProcess.start(path.join(__dirname, 'projection-catch-up-child.ts'), [file]);
      // Kill once the first projection has passed a point that varies from run to run.
      const target = Math.floor(head * (0.1 + Math.random() * 0.6));
      await catchingUp.until((lines) => {
        const last = lines.at(-1) ?? '';
        if (last === 'caught up') throw new Error('the child caught up before it could be killed');
        return Number(last.split(' ')[0]) > target;
      });
      await catchingUp.kill();

      await withStore(file, async (store) => {
        const projections = new SqliteProjectionStore(store.database);
        const stored = await Promise.all(
          LEDGER_PROJECTIONS.map(
            async (definition) => (await projections.generations(definition.name)).find((g) => g.live)?.checkpoint ?? 0,
          ),
        );
        expect(stored.some((checkpoint) => checkpoint > 0 && checkpoint < head)).toBe(true); // killed in the middle

        const runner = new ProjectionRunner(store, projections, LEDGER_PROJECTIONS, { batchSize: 1_000 });
        await runner.start({ follow: false });
        const all = await store.readAll();
        for (const definition of LEDGER_PROJECTIONS) {
          expect(await storedState(store.database, definition)).toEqual(await builtFromScratch(definition, all));
        }
        await runner.stop();
      });
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );
});

async function withStore<T>(file: string, work: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  const store = SqliteEventStore.open({ path: file });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
