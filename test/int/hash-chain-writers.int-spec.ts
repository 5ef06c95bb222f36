import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';

/**
 * Two processes appending to one file at once: each reads the previous hash
 * inside its own write transaction, so the chain they build together holds,
 * even when both are killed mid-append.
 */
describe('the hash chain under two writing processes', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-chain-writers-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is intact up to the head after both were killed (kill -9)', async () => {
    const file = path.join(folder, 'shared.db');
    // The first opens (and migrates) the file before the second starts, so they race on appends only.
    SqliteEventStore.open({ path: file }).database.close();
    const writers = [spawnWriter(file), spawnWriter(file)];
    try {
      await Promise.all(writers.map((writer) => writer.acknowledged(300)));
    } finally {
      for (const writer of writers) writer.child.kill('SIGKILL');
      await Promise.all(writers.map((writer) => new Promise((resolve) => (writer.child.exitCode === null ? writer.child.once('exit', resolve) : resolve(null)))));
    }

    const store = SqliteEventStore.open({ path: file });
    const head = await store.headPosition();
    const chain = await store.verifyChain();
    await store.close();
    expect(head).toBeGreaterThanOrEqual(600);
    expect(chain).toEqual({ intact: true, verifiedUpTo: head, events: head });
  });
});

function spawnWriter(file: string): { child: ChildProcess; acknowledged: (count: number) => Promise<void> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'append-crash-writer.ts'), file], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines = 0;
  child.stdout!.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
  const acknowledged = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (lines >= count) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`a writer exited with ${child.exitCode} after ${lines} appends`));
        }
      }, 5);
    });
  return { child, acknowledged };
}
