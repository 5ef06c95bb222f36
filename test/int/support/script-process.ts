import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
const running = new Set<ScriptProcess>();

/**
 * A TypeScript script of the tests in a process of its own (for kill -9 tests): what it
 * printed, a wait for a moment in its output that fails when the script dies or stalls,
 * and a kill. No script outlives its test file: `killScripts` in an `afterEach` ends any
 * that a failed or timed-out test left running (a live child keeps jest from exiting).
 */
export class ScriptProcess {
  private output = '';
  private readonly ended: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
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

  /** Resolves once `reached(lines)` holds; rejects, saying why, if the script ends first or `withinMs` passes. */
  until(reached: (lines: string[]) => boolean, withinMs = 60_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        try {
          if (reached(this.lines())) finish();
        } catch (error) {
          finish(error as Error);
        }
      }, 2);
      const deadline = setTimeout(
        () => finish(new Error(`the script printed ${this.lines().length} lines in ${withinMs} ms without reaching the moment awaited`)),
        withinMs,
      );
      void this.ended.then(() =>
        finish(
          new Error(`the script ended by itself (${this.child.exitCode ?? this.child.signalCode}) after ${this.lines().length} lines`),
        ),
      );
      const finish = (error?: Error) => {
        clearInterval(poll);
        clearTimeout(deadline);
        if (error) reject(error);
        else resolve();
      };
    });
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
