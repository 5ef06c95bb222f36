/**
 * The real API in its own process, as `npm run start:prod` runs it (built once per
 * bench run with `nest build api`, then plain Node with the same flags), over a given
 * ledger file: no policies, no request rate limit, an admin API key for the bench.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { freePort } from '../test/support/free-port';

// The bench's other child processes take their port from here too.
export { freePort };

export const BENCH_API_KEY = 'bench-api-key-0123456789';
const ROOT = path.resolve(__dirname, '..');

const BUILT_MAIN = 'dist/apps/api/apps/api/src/main.js';
let built = false;

/** Builds the API from the sources as they are now, once per bench run: memory and latency are the build's, not a compiler's. */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'api'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  built = true;
}

export class BenchApi {
  private output = '';

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    // Read everything it prints (an unread pipe would stall it); keep only the start.
    const keep = (chunk: Buffer) => {
      if (this.output.length < 20_000) this.output += chunk.toString();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  static async start(databasePath: string): Promise<BenchApi> {
    buildOnce();
    const port = await freePort();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--max-semi-space-size=64', BUILT_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        LEDGER_SQLITE_PATH: databasePath,
        LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
        LEDGER_POLICIES: 'none',
        // The bench must not be throttled: 0 switches the per-IP request limit off.
        LEDGER_RATE_LIMIT_PER_MINUTE: '0',
        // No line per request: the bench reads the API's output through a pipe, which would hold every answer back
        // while the bench itself (autocannon) is busy. Deployed, logs go to a file or a collector that keeps up.
        LEDGER_LOG_LEVEL: 'warn',
        LEDGER_JWT_SECRET: 'bench-secret-of-at-least-thirty-two-characters',
        LEDGER_API_KEYS: `${BENCH_API_KEY}=admin:bench`,
      },
    });
    const api = new BenchApi(child, port);
    await api.listening();
    api.readyAfterSeconds = await api.ready(started);
    return api;
  }

  /** Seconds from the process's start until /health/ready first answered 200 (read models caught up, lease settled). */
  readyAfterSeconds = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resident set size now and its peak so far (Linux /proc), in bytes. */
  memory(): { rss: number; peakRss: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
    return { rss: kilobytes('VmRSS'), peakRss: kilobytes('VmHWM') };
  }

  /** CPU seconds the process has used so far, user and system (Linux /proc; 100 ticks a second). */
  cpuSeconds(): number {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them.
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /**
   * Seconds until the Merkle tree has caught up with the log (a checkpoint asked for: its
   * follower would otherwise start a second after ready and take CPU from the loads measured
   * next) and the API, unasked, uses under 5 % of a core over half a second (at most 60).
   */
  async settled(): Promise<number> {
    const started = process.hrtime.bigint();
    const checkpoint = await fetch(`${this.url}/v1/audit/checkpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_API_KEY}` },
    });
    if (!checkpoint.ok) throw new Error(`POST /v1/audit/checkpoints: ${checkpoint.status} ${await checkpoint.text()}`);
    for (;;) {
      const before = this.cpuSeconds();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (this.cpuSeconds() - before < 0.025 || seconds > 60) return seconds;
    }
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }

  private async ready(started: bigint): Promise<number> {
    const headers = { authorization: `Bearer ${BENCH_API_KEY}` };
    for (;;) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (seconds > 120) throw new Error(`the API was not ready within 120 s:\n${this.output}`);
      if ((await fetch(`${this.url}/health/ready`, { headers }).catch(() => undefined))?.ok) return seconds;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Until /health/live answers (its log says so too, but the bench keeps the API's logs to warnings). */
  private async listening(): Promise<void> {
    const deadline = Date.now() + 120_000;
    let ended: string | undefined;
    this.child.once('exit', (code, signal) => (ended = String(code ?? signal)));
    for (;;) {
      if (ended !== undefined) throw new Error(`the API ended (${ended}) before listening:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the API did not listen within 120 s:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/health/live`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Ends a bench's child process: SIGTERM, then SIGKILL if it has not exited within 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await ended;
  clearTimeout(timer);
}
