/**
 * The bare NestJS application (bare-nest-app.ts) in its own process, started as the
 * bench itself runs (Node with the same flags, TypeScript through @swc-node/register),
 * so the load generator and it share the machine as autocannon and the API do.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

import { freePort, stopChild } from './api-process';
import { BARE_PATH } from './bare-nest-app';

const ROOT = path.resolve(__dirname, '..');

export class BareNestApp {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    // Read everything it prints (an unread pipe would stall it); keep only the start.
    const keep = (chunk: Buffer) => {
      if (this.output.length < 20_000) this.output += chunk.toString();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
  }

  static async start(): Promise<BareNestApp> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--max-semi-space-size=64', '-r', '@swc-node/register', path.join(__dirname, 'bare-nest-app.ts')],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', PORT: String(port) } },
    );
    const app = new BareNestApp(child, port);
    await app.listening();
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  readonly path = BARE_PATH;

  stop(): Promise<void> {
    return stopChild(this.child);
  }

  private async listening(): Promise<void> {
    const deadline = Date.now() + 60_000;
    let ended: string | undefined;
    this.child.once('exit', (code, signal) => (ended = String(code ?? signal)));
    for (;;) {
      if (ended !== undefined) throw new Error(`the bare NestJS application ended (${ended}) before listening:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the bare NestJS application did not listen within 60 s:\n${this.output}`);
      if ((await fetch(`${this.url}${BARE_PATH}`).catch(() => undefined))?.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
