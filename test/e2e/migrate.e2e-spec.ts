import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { StorageConfig } from '@ledger/event-store';
import BetterSqlite3 from 'better-sqlite3';

import { dropSchemas, postgresReachable, TEST_POSTGRES_URL } from '../../libs/event-store/src/testing/postgres-test-server';
import { cli } from './support/cli';
import { answersOf, expectSameLedger } from './support/ledger-answers';

const reachable = postgresReachable('migrate');

(reachable ? describe : describe.skip)('migrate: a demo ledger moved from SQLite to PostgreSQL and back', () => {
  let folder: string;
  const schemas = [`e2e_migrate_${process.pid}_${randomUUID().slice(0, 8)}`];
  const postgres = (schema: string): StorageConfig => ({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
  const sqlite = (file: string): StorageConfig => ({ kind: 'sqlite', path: path.join(folder, file), synchronous: 'NORMAL' });

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-migrate-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await dropSchemas(...schemas);
  });

  it('verifies as the same chain with the same root on each store, and every report answers the same', async () => {
    const source = sqlite('source.db');
    const demo = await cli(source, 'demo', '--months', '6');
    expect(demo.code).toBe(0);
    const { events } = JSON.parse(demo.stdout) as { events: number };

    const there = await cli(source, 'migrate', '--to', 'postgres', '--postgres-url', TEST_POSTGRES_URL, '--postgres-schema', schemas[0]!);
    expect(there).toMatchObject({ code: 0 });
    expect(JSON.parse(there.stdout)).toMatchObject({ resumedAfter: 0, events, headPosition: events });
    expect(there.stderr).toContain(`migrate: copied up to position ${events} of ${events}`);

    const back = await cli(postgres(schemas[0]!), 'migrate', '--to', 'sqlite', '--sqlite-path', path.join(folder, 'back.db'));
    expect(back).toMatchObject({ code: 0 });
    expect(JSON.parse(back.stdout)).toMatchObject({ events, headPosition: events, headHash: JSON.parse(there.stdout).headHash });

    const [onSqlite, onPostgres, backOnSqlite] = [
      await answersOf(source),
      await answersOf(postgres(schemas[0]!)),
      await answersOf(sqlite('back.db')),
    ];
    expect(onSqlite.headPosition).toBe(events);
    expect(onSqlite.headHash).toBe(JSON.parse(there.stdout).headHash);
    expect(onSqlite.verify).toMatchObject({ intact: true, verifiedUpTo: events, events });
    expect(onSqlite.checkpoint.treeSize).toBe(events);
    for (const copy of [onPostgres, backOnSqlite]) expectSameLedger(copy, onSqlite);
    // The reports hold the demo's business, not empty pages.
    expect((onSqlite.reports['/v1/clients?limit=500'] as { clients: unknown[] }).clients.length).toBeGreaterThan(10);
    expect((onSqlite.reports['/v1/revenue?groupBy=department'] as { rows: unknown[] }).rows.length).toBeGreaterThan(5);
  }, 180_000);

  // On the copy the test above made (back.db).
  it('refuses a target holding another log, and stops at an event that does not hash as stored, naming its position', async () => {
    const other = sqlite('other.db');
    expect((await cli(other, 'demo', '--months', '1', '--seed', '7')).code).toBe(0);
    const refused = await cli(sqlite('back.db'), 'migrate', '--to', 'sqlite', '--sqlite-path', path.join(folder, 'other.db'));
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(
      /the target already holds a log up to position \d+ that is not the source's .*: copy into an empty store/,
    );

    // An insider edits an event of the copy without re-hashing: the next migration stops there, the batches before it kept.
    const tampered = new BetterSqlite3(path.join(folder, 'back.db'));
    tampered.exec('DROP TRIGGER events_are_never_updated');
    tampered.prepare("UPDATE events SET occurred_at = '2021-01-01T00:00:00.000Z' WHERE position = 12").run();
    tampered.close();
    const stopped = await cli(
      sqlite('back.db'),
      'migrate',
      '--to',
      'sqlite',
      '--sqlite-path',
      path.join(folder, 'again.db'),
      '--batch',
      '5',
    );
    expect(stopped).toMatchObject({ code: 1, stdout: '' });
    expect(stopped.stderr).toContain('the event at position 12 does not hash to what its source stored');
    expect(JSON.parse((await cli(sqlite('again.db'), 'head')).stdout)).toEqual({ headPosition: 10 });
  }, 120_000);
});
