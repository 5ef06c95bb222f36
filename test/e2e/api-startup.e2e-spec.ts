import { ACCESS_ROLES } from '@ledger/ledger';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './support/api-process';

const root = path.resolve(__dirname, '../..');
const API_MAIN = ['-r', '@swc-node/register', 'apps/api/src/main.ts'];

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
    api = spawn(process.execPath, API_MAIN, { cwd: root, env: { ...process.env, PORT: String(port), LEDGER_SQLITE_PATH: path.join(folder, 'ledger.db'), LEDGER_JWT_SECRET: '', NODE_ENV: 'development' } });
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
    const failed = await promisify(execFile)(process.execPath, API_MAIN, {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', LEDGER_JWT_SECRET: '', LEDGER_SQLITE_PATH: path.join(folder, 'ledger.db') },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe('configuration error: LEDGER_JWT_SECRET must be set when NODE_ENV=production (development tokens are never made in production)\n');
  }, 40_000);
});
