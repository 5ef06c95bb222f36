import { type ChildProcess, spawn } from 'node:child_process';

import { REPOSITORY_ROOT } from '../../e2e/support/cli';

const running = new Set<ScriptProcess>();

/** A jest timeout for a test that waits on a script: `until`'s allowance for its start and its wait after, with room for the checks. */
export const SCRIPT_TEST_TIMEOUT_MS = 200_000;

/**
 * A TypeScript script of the tests in a process of its own (for kill -9 tests): what it
 * printed, a wait for a moment in its output that fails when the script dies or stalls,
 * and a kill. No script outlives its test file: `killScripts` in an `afterEach` ends any
 * that a failed or timed-out test left running (a live child keeps jest from exiting).
 */
export class ScriptProcess {
  private output = '';
  private readonly ended: Promise<void>;
  private readonly startedAt = Date.now();
  private firstOutputAt: number | undefined;
  private lastOutputAt: number | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.lastOutputAt = Date.now();
      this.firstOutputAt ??= this.lastOutputAt;
    });
    this.ended = new Promise((resolve) => child.once('exit', () => resolve()));
    running.add(this);
    void this.ended.then(() => running.delete(this));
  }

  static start(script: string, args: readonly string[]): ScriptProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new ScriptProcess(child);
  }

  /** The complete lines printed so far. */
  lines(): string[] {
    return this.output.split('\n').slice(0, -1);
  }

  /**
   * Resolves once `reached(lines)` holds; rejects, saying why, if the script ends first, prints
   * nothing within `startMs` (a script starting from TypeScript sources on two busy cores can take
   * most of a minute), or does not reach the moment within `withinMs` of its first output.
   */
  until(reached: (lines: string[]) => boolean, { startMs = 120_000, withinMs = 60_000 } = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        try {
          if (reached(this.lines())) return finish();
          const now = Date.now();
          if (this.firstOutputAt === undefined && now - this.startedAt > startMs) {
            finish(new Error(`the script printed nothing in ${startMs} ms`));
          } else if (this.firstOutputAt !== undefined && now - this.firstOutputAt > withinMs) {
            finish(new Error(`the script did not reach the moment awaited within ${withinMs} ms of its first output: ${this.progress()}`));
          }
        } catch (error) {
          finish(error as Error);
        }
      }, 2);
      void this.ended.then(() =>
        finish(new Error(`the script ended by itself (${this.child.exitCode ?? this.child.signalCode}): ${this.progress()}`)),
      );
      const finish = (error?: Error) => {
        clearInterval(poll);
        if (error) reject(error);
        else resolve();
      };
    });
  }

  /** How far the script got, and when: tells a slow start from a stall. */
  private progress(): string {
    const seconds = (at: number | undefined) => (at === undefined ? '-' : ((at - this.startedAt) / 1000).toFixed(1));
    return `${this.lines().length} lines, the first ${seconds(this.firstOutputAt)} s and the last ${seconds(this.lastOutputAt)} s after start, now ${seconds(Date.now())} s`;
  }

  /**
   * Stops reading the script's output for `ms`, as a reader on a busy machine falls behind: the
   * pipe fills and the script's writes must wait. A script that goes on printing after this
   * honours its output's backpressure.
   */
  async fallBehind(ms: number): Promise<void> {
    this.child.stdout!.pause();
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.child.stdout!.resume();
  }

  /** Kills with SIGKILL (no chance to clean up) and resolves once the process has ended. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.ended;
  }
}

/** Kills every script still running; for `afterEach`. */
export async function killScripts(): Promise<void> {
  await Promise.all([...running].map((script) => script.kill()));
}
