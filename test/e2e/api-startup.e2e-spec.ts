import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { ACCESS_ROLES } from '@ledger/ledger';

import { dropSchemas } from '../../libs/event-store/src/testing/postgres-test-server';
import { API_MAIN, ApiProcess, failedStart, freePort } from './support/api-process';
import { REPOSITORY_ROOT } from './support/cli';
import { TEST_JWT_SECRET, TEST_POSTGRES_URL, tokenFor } from './support/test-app';

describe('API start-up (its own process, as npm start runs it)', () => {
  let folder: string;
  let api: ChildProcess | undefined;

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-startup-'));
  });
  afterEach(() => {
    api?.kill('SIGKILL');
    api = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  it('without a secret outside production, prints a token per role and a curl line that works', async () => {
    const port = await freePort();
    api = spawn(process.execPath, API_MAIN, {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        LEDGER_SQLITE_PATH: path.join(folder, 'ledger.db'),
        LEDGER_JWT_SECRET: '',
        NODE_ENV: 'development',
      },
    });
    let output = '';
    api.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no tokens printed within 30 s:\n${output}`)), 30_000);
      api!.stdout!.on('data', () => {
        if (/curl -H "Authorization: Bearer \S+" \S+\n/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });

    for (const role of ACCESS_ROLES) expect(output).toMatch(new RegExp(`^  ${role} +\\S+\\.\\S+\\.\\S+$`, 'm'));
    const [, token, url] = /curl -H "Authorization: Bearer (\S+)" (\S+)/.exec(output)!;
    expect(url).toBe(`http://localhost:${port}/v1/pipeline`);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(url)).status).toBe(401);
  }, 40_000);

  it('in production without a secret, refuses to start with one line saying what to set', async () => {
    const failed = await failedStart({ NODE_ENV: 'production', LEDGER_JWT_SECRET: '', LEDGER_SQLITE_PATH: path.join(folder, 'ledger.db') });
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe(
      'configuration error: LEDGER_JWT_SECRET must be set when NODE_ENV=production (development tokens are never made in production)\n',
    );
  }, 40_000);

  it('with PostgreSQL unreachable, refuses to start with one line saying what to check (the password never shown)', async () => {
    const failed = await failedStart({
      LEDGER_STORE: 'postgres',
      LEDGER_POSTGRES_URL: 'postgresql://ledger:s3cret@127.0.0.1:1/ledger',
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
    });
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toMatch(
      /^start-up error: cannot open the PostgreSQL store at postgresql:\/\/ledger:\*\*\*@127\.0\.0\.1:1\/ledger: .+; check LEDGER_POSTGRES_URL and that the server runs\n$/,
    );
  }, 40_000);

  it('with EventStoreDB unreachable, refuses to start with one line saying what to check (the password never shown)', async () => {
    const failed = await failedStart({
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://admin:s3cret@127.0.0.1:1?tls=false',
      LEDGER_SQLITE_PATH: path.join(folder, 'read-models.db'),
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
    });
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(
      /^start-up error: cannot reach EventStoreDB at esdb:\/\/admin:\*\*\*@127\.0\.0\.1:1\?tls=false: .+; check EVENTSTORE_URL and that the server runs\n$/,
    );
  }, 40_000);

  it('with LEDGER_STORE=postgres, serves from the server: what it acknowledges is there after a restart', async () => {
    const schema = `startup_${process.pid}_${Date.now()}`;
    const env = { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: TEST_POSTGRES_URL, LEDGER_POSTGRES_SCHEMA: schema };
    const headers = { authorization: `Bearer ${tokenFor('admin')}`, 'content-type': 'application/json' };
    try {
      const first = await ApiProcess.start({ databasePath: path.join(folder, 'unused.db'), env });
      expect(first.printed).toContain(`(store: postgres at ${TEST_POSTGRES_URL} (schema ${schema}))`);
      const joined = await fetch(`${first.url}/v1/employees`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ employeeId: 'rep-anna', name: 'Anna', department: 'sales', role: 'rep' }),
      });
      expect(joined.status).toBe(201);
      await first.kill('SIGKILL');
      const second = await ApiProcess.start({ databasePath: path.join(folder, 'unused.db'), env });
      const events = (await (await fetch(`${second.url}/v1/events`, { headers })).json()) as { events: Array<{ type: string }> };
      expect(events.events.map((event: { type: string }) => event.type)).toEqual(['EmployeeJoined']);
      await second.kill('SIGTERM');
    } finally {
      await dropSchemas(schema);
    }
  }, 60_000);
});
