import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { seedOrganisation, TestApp, winClient } from './support/test-app';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** The real CLI in its own process, reading the ledger the API wrote. */
async function cli(databasePath: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, LEDGER_SQLITE_PATH: databasePath },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('ledger CLI', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
    await seedOrganisation(app);
    await winClient(app, 'c-cli');
  });
  afterAll(() => app.stop());

  it('prints the global log as NDJSON in order', async () => {
    const { stdout, code } = await cli(app.config.storage.path, 'events', '--after', '2', '--limit', '3');
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((event) => event.position)).toEqual([3, 4, 5]);
  });

  it('prints a client as of a business time', async () => {
    const { stdout, code } = await cli(app.config.storage.path, 'client', 'c-cli');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ clientId: 'c-cli', owningDepartment: 'sales', ownerId: 'rep-anna' });
  });

  it('names the failure and exits non-zero for an unknown client', async () => {
    const { stderr, code } = await cli(app.config.storage.path, 'client', 'nobody');
    expect(code).toBe(1);
    expect(stderr).toContain('CLIENT_NOT_FOUND');
  });

  it('stops with one clear line on a bad configuration value', async () => {
    const { stderr, code } = await run(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'head'], {
      cwd: root,
      env: { ...process.env, LEDGER_STORE: 'oracle' },
    }).then(
      (ok) => ({ ...ok, code: 0 }),
      (error: { stderr: string; code: number }) => error,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('configuration error: LEDGER_STORE must be one of sqlite, postgres, eventstoredb, got "oracle"');
  });
});

describe('ledger CLI arguments', () => {
  it('refuses an --as-of that is not a zoned time, saying what it expects', async () => {
    const { stderr, code } = await cli(':memory:', 'client', 'c-1', '--as-of', 'last week');
    expect(code).toBe(1);
    expect(stderr).toContain('expected an ISO 8601 time with a zone');
  });
});
