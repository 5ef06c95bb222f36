import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { SqliteEventStore } from './sqlite-event-store';
import { SqliteProjectionStore } from './sqlite-projection-store';
import { QUICK_QUERY_MS, QUICK_STREAK, SqliteReadPool } from './sqlite-read-pool';

const folder = mkdtempSync(path.join(tmpdir(), 'ledger-read-pool-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const TABLES = [
  {
    name: 'numbers',
    description: 'numbers',
    columns: [{ name: 'n', type: 'integer' as const, description: 'a number' }],
    primaryKey: ['n'],
  },
];

describe('read-model queries on reader threads (SQLite file)', () => {
  it('leave the event loop free while a long query runs', async () => {
    const events = SqliteEventStore.open({ path: path.join(folder, 'busy.db') });
    const store = new SqliteProjectionStore(events.database);
    try {
      await store.createGeneration('numbers', 1, TABLES);
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const started = performance.now();
      // Seconds of work for SQLite, none for the event loop.
      const [row] = await store
        .reader('numbers')
        .all<{ total: number }>(
          'WITH RECURSIVE counted(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counted WHERE n < 3000000) SELECT SUM(n) AS total FROM counted',
        );
      const queryMs = performance.now() - started;
      delay.disable();
      expect(row!.total).toBe((3_000_000 * 3_000_001) / 2);
      // On the event loop's thread the query would delay it by its whole length; measured against that length, not a
      // fixed figure, so a machine that is busy elsewhere (which lengthens both) does not fail it.
      expect(queryMs).toBeGreaterThan(200);
      expect(delay.max / 1e6).toBeLessThan(queryMs / 4);
    } finally {
      await store.close();
      await events.close();
    }
  });

  it('keep a process alive while a query is under way, and not once they are idle', () => {
    const file = path.join(folder, 'exits.db');
    const script = `
      const { SqliteEventStore, SqliteProjectionStore } = require(${JSON.stringify(path.resolve(__dirname, '..', 'index.ts'))});
      const events = SqliteEventStore.open({ path: ${JSON.stringify(file)} });
      const store = new SqliteProjectionStore(events.database);
      store.createGeneration('numbers', 1, ${JSON.stringify(TABLES)})
        .then(() => store.reader('numbers').all('SELECT COUNT(*) AS n FROM {numbers}'))
        .then((rows) => { process.stdout.write(JSON.stringify(rows)); return events.close(); });`;
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: path.resolve(__dirname, '../../../..'),
      timeout: 20_000,
      encoding: 'utf8',
    });
    expect(output).toBe('[{"n":0}]');
  });

  it('run a query text on the calling thread once its runs on the readers were quick, and on the readers again once it is slow', async () => {
    const file = path.join(folder, 'quick.db');
    const events = SqliteEventStore.open({ path: file });
    let slow = false;
    let inlineRuns = 0;
    const pool = new SqliteReadPool(file, 1, () => {
      inlineRuns++;
      if (slow) for (const until = performance.now() + QUICK_QUERY_MS + 1; performance.now() < until;);
      return [{ n: 42, inline: true }];
    });
    const sql = 'SELECT 42 AS n';
    try {
      // A busy machine may make a run on the reader slow, which starts its streak again: a bounded number of tries.
      let runs = 0;
      while (inlineRuns === 0 && runs < 200) {
        const rows = await pool.all(sql, []);
        runs++;
        if (inlineRuns === 0) expect(rows).toEqual([{ n: 42 }]);
        else expect(rows).toEqual([{ n: 42, inline: true }]);
      }
      expect(inlineRuns).toBe(1);
      expect(runs).toBeGreaterThan(QUICK_STREAK);
      slow = true;
      expect(await pool.all(sql, [])).toEqual([{ n: 42, inline: true }]);
      // That run was slow: the next goes to the reader.
      expect(await pool.all(sql, [])).toEqual([{ n: 42 }]);
      expect(inlineRuns).toBe(2);
    } finally {
      await pool.close();
      await events.close();
    }
  });
});
