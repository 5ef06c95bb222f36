import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { SqliteEventStore } from '@ledger/event-store';

import { killScripts, SCRIPT_TEST_TIMEOUT_MS, ScriptProcess } from './support/script-process';

/**
 * Nothing acknowledged is ever lost: a writer killed with SIGKILL in the middle
 * of appending leaves a log holding every append it acknowledged, in order.
 */
describe('a crash while appending (kill -9)', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-crash-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(killScripts);

  it.each([1, 2, 3])(
    'keeps every acknowledged append (run %d)',
    async (run) => {
      const file = path.join(folder, `crash-${run}.db`);
      const writer = ScriptProcess.start(path.join(__dirname, 'append-crash-writer.ts'), [file]);
      // Kill at a moment that varies from run to run, once appends are flowing.
      const target = 200 + Math.floor(Math.random() * 800);
      await writer.until((lines) => lines.length > target);
      await writer.kill();

      const acknowledged = writer.lines().map(Number);
      const store = SqliteEventStore.open({ path: file });
      const head = await store.headPosition();
      const all = await store.readAll({ after: 0, limit: head + 10 });
      const chain = await store.verifyChain();
      await store.close();

      expect(acknowledged.length).toBeGreaterThan(100);
      expect(head).toBeGreaterThanOrEqual(acknowledged.at(-1)!);
      expect(all.map((event) => event.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      expect(all.map((event) => (event.data as { n: number }).n)).toEqual(Array.from({ length: head }, (_, i) => i));
      // No half-written link either: the hash chain holds up to the head.
      expect(chain).toEqual({ intact: true, verifiedUpTo: head, events: head });
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );

  // A writer that never returned to the event loop queued its lines in memory once the pipe was
  // full, and printed nothing more: on a loaded machine the crash test waited for lines that never came.
  it(
    'goes on printing acknowledged appends after its reader fell behind',
    async () => {
      const writer = ScriptProcess.start(path.join(__dirname, 'append-crash-writer.ts'), [path.join(folder, 'behind.db')]);
      await writer.until((lines) => lines.length > 0);
      await writer.fallBehind(3_000);
      // What the pipe held while no one read comes first; the lines after it were printed once the reader was back.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const printed = writer.lines().length;
      await writer.until((lines) => lines.length > printed + 1_000);
      await writer.kill();
    },
    SCRIPT_TEST_TIMEOUT_MS,
  );
});
