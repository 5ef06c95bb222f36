import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import type { StorageConfig } from '@ledger/event-store';

const run = promisify(execFile);
export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

/** The real CLI in its own process, over the ledger an API may be serving: a SQLite file's path, or the app's storage settings. */
export async function cli(ledger: string | StorageConfig, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const storage = storageEnvironment(typeof ledger === 'string' ? { kind: 'sqlite', path: ledger, synchronous: 'NORMAL' } : ledger);
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...storage },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/** The configuration variables that name this storage, for a process of its own. */
export function storageEnvironment(storage: StorageConfig): Record<string, string> {
  switch (storage.kind) {
    case 'sqlite':
      return { LEDGER_STORE: 'sqlite', LEDGER_SQLITE_PATH: storage.path };
    case 'postgres':
      return { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: storage.url, LEDGER_POSTGRES_SCHEMA: storage.schema };
    case 'eventstoredb': {
      const readModels = storageEnvironment(storage.readModels);
      return { ...readModels, LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: storage.url, LEDGER_READ_MODEL_STORE: storage.readModels.kind };
    }
  }
}
