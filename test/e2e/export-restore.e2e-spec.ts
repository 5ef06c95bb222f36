import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { StorageConfig } from '@ledger/event-store';

import { dropSchemas, postgresReachable, TEST_POSTGRES_URL } from '../../libs/event-store/src/testing/postgres-test-server';
import { cli } from './support/cli';
import { answersOf, expectSameLedger, type LedgerAnswers } from './support/ledger-answers';

const reachable = postgresReachable('restore into PostgreSQL');

describe('archive and restore: a demo ledger exported to NDJSON and restored into an empty store', () => {
  let folder: string;
  let archive: string;
  let events: number;
  let original: LedgerAnswers;
  const schemas = [`e2e_restore_${process.pid}_${randomUUID().slice(0, 8)}`];
  const sqlite = (file: string): StorageConfig => ({ kind: 'sqlite', path: path.join(folder, file), synchronous: 'NORMAL' });
  const postgres = (schema: string): StorageConfig => ({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-restore-'));
    const source = sqlite('source.db');
    const demo = await cli(source, 'demo', '--months', '2');
    expect(demo.code).toBe(0);
    events = (JSON.parse(demo.stdout) as { events: number }).events;
    const exported = await cli(source, 'export');
    expect(exported.code).toBe(0);
    archive = path.join(folder, 'archive.ndjson');
    writeFileSync(archive, exported.stdout);
    original = await answersOf(source);
  }, 120_000);
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    if (reachable) await dropSchemas(...schemas);
  });

  /** Restores the archive into the store, then holds what it answers against the ledger the archive came from. */
  async function restoresAsTheSameChain(target: StorageConfig): Promise<void> {
    const restored = await cli(target, 'restore', archive, '--batch', '40');
    expect(restored).toMatchObject({ code: 0 });
    expect(JSON.parse(restored.stdout)).toMatchObject({ resumedAfter: 0, events, headPosition: events, headHash: original.headHash });
    expect(restored.stderr).toContain(`restore: restored up to position ${events} of ${events}`);
    // Run again, it resumes at the head it reached: nothing left to copy.
    expect(JSON.parse((await cli(target, 'restore', archive)).stdout)).toMatchObject({ resumedAfter: events, events: 0 });

    const copy = await answersOf(target);
    expect(original.headPosition).toBe(events);
    expect(original.verify).toMatchObject({ intact: true, verifiedUpTo: events, events });
    expectSameLedger(copy, original);
    // The CLI's export of the restored ledger is the archive, byte for byte.
    expect((await cli(target, 'export')).stdout).toBe(readFileSync(archive, 'utf8'));
  }

  it('into a fresh SQLite file: the same events, positions, record times, metadata, hashes, root and reports', async () => {
    await restoresAsTheSameChain(sqlite('restored.db'));
    // The reports hold the demo's business, not empty pages.
    expect((original.reports['/v1/clients?limit=500'] as { clients: unknown[] }).clients.length).toBeGreaterThan(5);
  }, 180_000);

  (reachable ? it : it.skip)(
    'into a fresh PostgreSQL schema: the same chain, root and reports',
    async () => {
      await restoresAsTheSameChain(postgres(schemas[0]!));
    },
    180_000,
  );

  it('stops at a line whose amount was edited, naming its position and line, the batches before it kept', async () => {
    const lines = readFileSync(archive, 'utf8').split('\n');
    const edited = lines.findIndex((line) => /"amount":\d/.test(line));
    expect(edited).toBeGreaterThan(10);
    const position = (JSON.parse(lines[edited]!) as { position: number }).position;
    lines[edited] = lines[edited]!.replace(/"amount":(\d)/, '"amount":9$1');
    const tampered = path.join(folder, 'tampered.ndjson');
    writeFileSync(tampered, lines.join('\n'));

    const stopped = await cli(sqlite('tampered.db'), 'restore', tampered, '--batch', '5');
    expect(stopped).toMatchObject({ code: 1, stdout: '' });
    expect(stopped.stderr).toContain(`the event at position ${position} does not hash to what its source stored`);
    expect(stopped.stderr).toContain(`(${tampered}, line ${edited + 1})`);
    const keptUpTo = Math.floor((position - 1) / 5) * 5;
    expect(JSON.parse((await cli(sqlite('tampered.db'), 'head')).stdout)).toEqual({ headPosition: keptUpTo });
  }, 60_000);

  it('refuses an archive that does not start at position 1 or skips a position, before copying anything', async () => {
    const lines = readFileSync(archive, 'utf8').split('\n');
    const partial = path.join(folder, 'partial.ndjson');
    writeFileSync(partial, lines.slice(3).join('\n'));
    const fromFour = await cli(sqlite('partial.db'), 'restore', partial);
    expect(fromFour).toMatchObject({ code: 1, stdout: '' });
    expect(fromFour.stderr).toContain(`${partial} line 1 holds position 4: a restore needs the whole log, from position 1`);

    const gap = path.join(folder, 'gap.ndjson');
    writeFileSync(gap, [...lines.slice(0, 6), ...lines.slice(7)].join('\n'));
    const skipping = await cli(sqlite('gap.db'), 'restore', gap);
    expect(skipping).toMatchObject({ code: 1, stdout: '' });
    expect(skipping.stderr).toContain(`${gap} line 7 holds position 8 after position 6: the archive skips or repeats positions`);
    expect(JSON.parse((await cli(sqlite('gap.db'), 'head')).stdout)).toEqual({ headPosition: 0 });
  }, 60_000);
});
