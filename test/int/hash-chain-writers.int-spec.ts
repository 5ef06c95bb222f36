import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { SqliteEventStore } from '@ledger/event-store';

import { killScripts, SCRIPT_TEST_TIMEOUT_MS, ScriptProcess } from './support/script-process';

/**
 * Two processes appending to one file at once: each reads the previous hash
 * inside its own write transaction, so the chain they build together holds,
 * even when both are killed mid-append.
 */
describe('the hash chain under two writing processes', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-chain-writers-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(killScripts);

  it(
    'is intact up to the head after both were killed (kill -9)',
    async () => {
      const file = path.join(folder, 'shared.db');
      // The first opens (and migrates) the file before the second starts, so they race on appends only.
      SqliteEventStore.open({ path: file }).database.close();
      const writers = [0, 1].map(() => ScriptProcess.start(path.join(__dirname, 'append-crash-writer.ts'), [file]));
      await Promise.all(writers.map((writer) => writer.until((lines) => lines.length >= 300)));
      await Promise.all(writers.map((writer) => writer.kill()));

      const store = SqliteEventStore.open({ path: file });
      const head = await store.headPosition();
      const chain = await store.verifyChain();
      await store.close();
      expect(head).toBeGreaterThanOrEqual(600);
      expect(chain).toEqual({ intact: true, verifiedUpTo: head, events: head });
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );
});
