import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

/** The real CLI in its own process, over the ledger file at `databasePath` (the one an API may be serving). */
export async function cli(databasePath: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, LEDGER_SQLITE_PATH: databasePath },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}
