import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { ApiProcess, failedStart } from '../e2e/support/api-process';
import { TEST_JWT_SECRET } from '../e2e/support/test-app';
import { recordFigures, STORE_UNDER_TEST } from './support/figures';
import { get, handoffsOf, keptOnce, readsBeforeAndAfterRebuild, settled } from './support/ledger-checks';
import { pause, ReorderLoad } from './support/reorder-load';

/**
 * The SQLite file's disk filling up (a tmpfs of 16 MB, all but a little of it taken by a filler file) and the file
 * turned read-only (chattr +i: root ignores permissions, not the immutable flag), under write load through the real
 * API in its own process; and a start on a path it cannot write. Each fault is answered 507/503 problem details,
 * nothing is half-appended, and writing resumes by itself once the fault is gone.
 */
const HANDOFF_AFTER_REORDERS = 3;
/**
 * Above SQLite's WAL checkpoint threshold (1,000 pages of 4 KiB): on a smaller disk the WAL, once space is back,
 * fills it again before a checkpoint can copy it into the database file, which then has no room to grow.
 */
const SMALL_DISK_MB = 16;

const canRun = (program: string, args: string[]): boolean => {
  try {
    execFileSync(program, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

// Once per CI run: in the SQLite pass (npm test), not again in the PostgreSQL one.
const otherPass = STORE_UNDER_TEST !== 'sqlite';
if (otherPass) process.stdout.write('SQLite database faults skipped: they run without LEDGER_TEST_STORE=postgres\n');

/** A fault staged on the machine, undone later, and the answer the API gives while it lasts. */
interface Fault {
  readonly make: () => void;
  readonly undo: () => void;
  readonly code: string;
}

/** A folder with a small disk mounted in it, and whether the machine lets the suite mount and set chattr +i. */
function prepareMachine(): { folder: string; small: string; mounted: boolean; immutable: boolean } {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-sqlite-faults-'));
  const small = path.join(folder, 'small-disk');
  mkdirSync(small);
  const mounted = canRun('mount', ['-t', 'tmpfs', '-o', `size=${SMALL_DISK_MB}m`, 'tmpfs', small]);
  const probe = path.join(folder, 'probe');
  writeFileSync(probe, '');
  const immutable = canRun('chattr', ['+i', probe]) && canRun('chattr', ['-i', probe]);
  if (!mounted) process.stdout.write('SQLite full-disk fault skipped: mounting a tmpfs is not allowed here\n');
  if (!immutable) process.stdout.write('SQLite read-only fault skipped: chattr +i is not available here\n');
  return { folder, small, mounted, immutable };
}

(otherPass ? describe.skip : describe)('SQLite: the disk full, the file read-only, the path unwritable', () => {
  // Only in the pass that runs it: a skipped describe's body still runs, and would mount a disk no afterAll unmounts.
  const { folder, small, mounted, immutable } = otherPass ? { folder: '', small: '', mounted: false, immutable: false } : prepareMachine();

  afterAll(() => {
    if (otherPass) return;
    if (immutable) canRun('chattr', ['-R', '-i', folder]);
    if (mounted) canRun('umount', ['-l', small]);
    rmSync(folder, { recursive: true, force: true });
  });

  /** Reorders until the fault has answered `faultAnswers` times, then the fault removed, then until writes are acknowledged again. */
  async function underFault(databasePath: string, fault: Fault): Promise<Record<string, unknown>> {
    const api = await ApiProcess.start({
      databasePath,
      env: { LEDGER_POLICIES: 'auto-handoff', LEDGER_HANDOFF_AFTER_REORDERS: String(HANDOFF_AFTER_REORDERS) },
    });
    try {
      const load = new ReorderLoad(api, { writers: 2, clientsPerWriter: 4, answerWithinMs: 10_000 });
      await load.prepare();
      load.start();
      await pause(500);
      fault.make();
      const situation = () =>
        `answers ${JSON.stringify(Object.fromEntries(load.statuses))}, unexpected ${JSON.stringify(load.unexpected.slice(0, 5))}\n${api.printed.slice(-3_000)}`;
      await until(
        () => (load.statuses.get(fault.code) ?? 0) >= 5,
        () => `waiting for ${fault.code}: ${situation()}`,
      );
      // Held a while: the read models and the policies meet the fault too.
      await pause(1_500);
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      const acknowledgedDuringFault = load.acknowledged.length;
      fault.undo();
      const undoneAt = performance.now();
      let ready = false;
      let readyAt = 0;
      void (async () => {
        while ((await fetch(`${api.url}/health/ready`).catch(() => undefined))?.status !== 200) await pause(50);
        readyAt = performance.now();
        ready = true;
      })();
      await until(
        () => load.acknowledged.length > acknowledgedDuringFault + 5,
        () => `waiting for writes after the fault: ${situation()}`,
      );
      const secondsToWriting = (performance.now() - undoneAt) / 1000;
      await until(
        () => ready,
        () => 'waiting for /health/ready 200',
      );
      const secondsToReady = (readyAt - undoneAt) / 1000;
      await load.stop();
      expect(api.child.exitCode).toBeNull();
      await settled(api);

      const { events, missing, ordersTwice } = await keptOnce(api, load.acknowledged);
      expect(missing).toEqual([]);
      expect(ordersTwice).toBe(0);
      expect(load.unexpected).toEqual([]);
      const other5xx = [...load.statuses].filter(([status]) => status.startsWith('5') && !/^50[37] /.test(status));
      expect(other5xx).toEqual([]);
      // Nothing half-written: the chain over every event verifies.
      expect(await get(api, '/v1/audit/verify')).toMatchObject({ intact: true });
      const { handoffs, due } = handoffsOf(events, HANDOFF_AFTER_REORDERS);
      expect([...handoffs.values()].filter((count) => count !== 1)).toEqual([]);
      expect(due.filter((client) => handoffs.get(client) !== 1)).toEqual([]);
      const { live, rebuilt } = await readsBeforeAndAfterRebuild(api);
      expect(rebuilt).toEqual(live);
      return {
        apiSurvived: true,
        acknowledgedReorders: load.acknowledged.length,
        acknowledgedFoundInLog: load.acknowledged.length - missing.length,
        commandsRetriedWithKey: load.retriedCommands,
        appendedTwice: ordersTwice,
        answers: Object.fromEntries(load.statuses),
        other5xx: other5xx.length,
        secondsToWritingAgain: Math.round(secondsToWriting * 100) / 100,
        secondsToReady: Math.round(secondsToReady * 100) / 100,
      };
    } finally {
      await api.kill('SIGTERM');
    }
  }

  /** A fault the store must come through, where the machine can stage it; its figures are recorded under `figuresName`. */
  const itComesThrough = (possible: boolean, title: string, figuresName: string, databasePath: string, fault: Fault) =>
    (possible ? it : it.skip)(title, async () => recordFigures(figuresName, await underFault(databasePath, fault), 'sqlite'), 90_000);

  const filler = path.join(small, 'filler');
  itComesThrough(
    mounted,
    `disk full (ENOSPC on a ${SMALL_DISK_MB} MB tmpfs): 507 STORE_FULL with Retry-After, nothing half-appended, writing resumes when space returns`,
    'sqliteDiskFull',
    path.join(small, 'ledger.db'),
    {
      make: () => {
        const { bavail, bsize } = statfsSync(small);
        try {
          writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 64 * 1024)));
        } catch (error) {
          // The load's appends took the last 64 KB between the statfs and the write: the disk is full, as wanted.
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      },
      undo: () => rmSync(filler),
      code: '507 STORE_FULL',
    },
  );

  const readOnly = path.join(folder, 'read-only', 'ledger.db');
  const readOnlyFiles = [readOnly, `${readOnly}-wal`];
  itComesThrough(
    immutable,
    'file read-only (chattr +i on the database and its WAL): 503 with Retry-After, nothing half-appended, writing resumes when writable',
    'sqliteReadOnly',
    readOnly,
    {
      make: () => execFileSync('chattr', ['+i', ...readOnlyFiles]),
      undo: () => execFileSync('chattr', ['-i', ...readOnlyFiles]),
      code: '503 STORE_UNAVAILABLE',
    },
  );

  (immutable ? it : it.skip)(
    'a start on a path it cannot write stops with one clear line',
    async () => {
      const locked = path.join(folder, 'locked');
      mkdirSync(locked);
      execFileSync('chattr', ['+i', locked]);
      const failed = await failedStart({ LEDGER_SQLITE_PATH: path.join(locked, 'ledger.db'), LEDGER_JWT_SECRET: TEST_JWT_SECRET });
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toBe('');
      expect(failed?.stderr).toMatch(
        /^start-up error: cannot open the SQLite store at \S+\/locked\/ledger\.db: .+; check LEDGER_SQLITE_PATH names a file in a folder this process may write, on a disk with space\n$/,
      );
    },
    40_000,
  );
});

async function until(check: () => boolean, situation: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms: ${situation()}`);
    await pause(50);
  }
}
