import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';

/**
 * Nothing acknowledged is ever lost: a writer killed with SIGKILL in the middle
 * of appending leaves a log holding every append it acknowledged, in order.
 */
describe('a crash while appending (kill -9)', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-crash-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // A child process starting from TypeScript sources, on a machine whose two cores the other suites keep busy: more than the default 30 s.
  it.each([1, 2, 3])('keeps every acknowledged append (run %d)', async (run) => {
    const file = path.join(folder, `crash-${run}.db`);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'append-crash-writer.ts'), file], {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Kill at a moment that varies from run to run, once appends are flowing.
    await new Promise<void>((resolve) => {
      const target = 200 + Math.floor(Math.random() * 2000);
      const timer = setInterval(() => {
        if (output.split('\n').length > target) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const acknowledged = output.split('\n').filter((line) => /^\d+$/.test(line)).map(Number);
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
  }, 90_000);
});
