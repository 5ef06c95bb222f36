import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../../e2e/support/api-process';

const run = promisify(execFile);

/** Where Debian's packages and a source build put the server's programs. */
const BIN_FOLDERS = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
  '/usr/local/pgsql/bin',
  '/usr/local/bin',
];
/** PostgreSQL refuses to run as root: as root the server runs as this user, which owns its data folder. */
const SERVER_USER = 'postgres';

/** The folder holding initdb and pg_ctl, or why a private server cannot run here (the suite then skips, saying so). */
export function postgresBinaries(): { bin: string } | { missing: string } {
  const bin = BIN_FOLDERS.find((folder) => existsSync(path.join(folder, 'initdb')) && existsSync(path.join(folder, 'pg_ctl')));
  if (!bin) return { missing: 'no initdb and pg_ctl found (install the PostgreSQL server package)' };
  if (userInfo().uid === 0) {
    try {
      uidOf(SERVER_USER);
    } catch {
      return { missing: `running as root, and there is no "${SERVER_USER}" user to run the server as (PostgreSQL refuses root)` };
    }
  }
  return { bin };
}

/**
 * A PostgreSQL server of the test's own: its own data folder and port, so restarting, stopping or
 * locking it cannot disturb any other database on the machine. fsync is off (a clean restart
 * loses nothing; a crash of the machine would lose the test's throwaway data only).
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly folder: string,
    readonly port: number,
  ) {}

  /** The server's options, given at each start. */
  private get options(): string {
    return `-p ${this.port} -k ${this.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=50`;
  }

  static async start(bin: string): Promise<PrivatePostgres> {
    const folder = mkdtempSync(path.join(tmpdir(), 'ledger-private-pg-'));
    if (userInfo().uid === 0) chownSync(folder, uidOf(SERVER_USER), gidOf(SERVER_USER));
    const server = new PrivatePostgres(bin, folder, await freePort());
    await server.as(path.join(bin, 'initdb'), ['-D', server.dataFolder, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    await server.resume();
    return server;
  }

  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get logFile(): string {
    return path.join(this.folder, 'server.log');
  }

  private get dataFolder(): string {
    return path.join(this.folder, 'data');
  }

  /** `pg_ctl restart -m fast`: every connection is ended ("terminating connection due to administrator command"). */
  restart(): Promise<void> {
    // With its options and log file again: without -l the server would keep pg_ctl's output open, and this call waiting.
    return this.pgCtl(['restart', '-m', 'fast', '-o', this.options, '-l', this.logFile]);
  }

  stop(): Promise<void> {
    return this.pgCtl(['stop', '-m', 'fast']);
  }

  /** Starts the server (again, after stop()). */
  resume(): Promise<void> {
    return this.pgCtl(['start', '-o', this.options, '-l', this.logFile]);
  }

  async destroy(): Promise<void> {
    await this.pgCtl(['stop', '-m', 'immediate']).catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }

  private pgCtl(args: string[]): Promise<void> {
    return this.as(path.join(this.bin, 'pg_ctl'), ['-D', this.dataFolder, '-w', '-t', '30', ...args]);
  }

  private async as(program: string, args: string[]): Promise<void> {
    const asServerUser = userInfo().uid === 0 ? ['runuser', ['-u', SERVER_USER, '--', program, ...args]] : [program, args];
    await run(asServerUser[0] as string, asServerUser[1] as string[], { cwd: this.folder, timeout: 60_000 });
  }
}

const uidOf = (user: string): number => Number(idOf(user, '-u'));
const gidOf = (user: string): number => Number(idOf(user, '-g'));

const idOf = (user: string, flag: string): string => execFileSync('id', [flag, user], { encoding: 'utf8' }).trim();
