import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import { freePort } from '../../support/free-port';
import { REPOSITORY_ROOT } from './cli';
import { TEST_JWT_SECRET } from './test-app';

// Specs and other supports that start processes take their port from here too.
export { freePort };

const LISTEN_ALLOWANCE_MS = 90_000;

/** node's arguments to run the API as `npm start` does: TypeScript compiled on load, then the entry point. */
export const API_MAIN = ['-r', '@swc-node/register', 'apps/api/src/main.ts'] as const;

/** What an API process that refused to start exited with and printed. */
export interface FailedStart {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the API in the repository with this environment over the test process's own, to its end, for a start that
 * must fail: what it exited with and printed, or undefined when it ended well.
 */
export function failedStart(env: NodeJS.ProcessEnv): Promise<FailedStart | undefined> {
  return promisify(execFile)(process.execPath, API_MAIN, { cwd: REPOSITORY_ROOT, env: { ...process.env, ...env } }).then(
    () => undefined,
    (error: FailedStart) => error,
  );
}

export interface ApiProcessOptions {
  readonly databasePath: string;
  /** Extra environment, over the test defaults (the test secret, the given file, a free port). */
  readonly env?: Record<string, string>;
  /** Flags for node itself, before the script (for instance a heap limit). */
  readonly nodeArgs?: readonly string[];
}

/** The real API in its own process, as `npm start` runs it; resolves once it listens. */
export class ApiProcess {
  private output = '';

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(options: ApiProcessOptions): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...API_MAIN], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        LEDGER_SQLITE_PATH: options.databasePath,
        LEDGER_JWT_SECRET: TEST_JWT_SECRET,
        LEDGER_RATE_LIMIT_PER_MINUTE: '0',
        ...options.env,
      },
    });
    const api = new ApiProcess(child, port);
    // A process that never listens is killed here: nobody else holds it, and it would keep jest from exiting.
    await api.listening().catch(async (error: unknown) => {
      await api.kill();
      throw error;
    });
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the process runs, and what it printed so far (stdout and stderr), for failure messages. */
  get printed(): string {
    const { exitCode, signalCode, pid } = this.child;
    const state = exitCode === null && signalCode === null ? `running as pid ${pid}` : `ended (${exitCode ?? signalCode})`;
    return `[the API process is ${state}]\n${this.output}`;
  }

  /** Resident set size now and its peak so far (Linux /proc), in bytes. */
  memory(): { rss: number; peakRss: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
    return { rss: kilobytes('VmRSS'), peakRss: kilobytes('VmHWM') };
  }

  /** Resolves with the exit code (or signal) once the process has ended. */
  exited(): Promise<number | NodeJS.Signals> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    if (this.child.signalCode !== null) return Promise.resolve(this.child.signalCode);
    return new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? signal!)));
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const ended = this.exited();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await ended;
  }

  private listening(): Promise<void> {
    return new Promise((resolve, reject) => {
      // Compiling the app on start takes seconds, more on a machine busy with other suites.
      const timer = setTimeout(
        () => reject(new Error(`the API did not listen within ${LISTEN_ALLOWANCE_MS / 1000} s:\n${this.output}`)),
        LISTEN_ALLOWANCE_MS,
      );
      const check = () => {
        if (this.output.includes('sales ledger listening on')) {
          clearTimeout(timer);
          this.child.stdout!.off('data', check);
          resolve();
        }
      };
      this.child.stdout!.on('data', check);
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the API ended (${code ?? signal}) before listening:\n${this.output}`));
      });
    });
  }
}
