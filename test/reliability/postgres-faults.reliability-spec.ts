import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { Client } from 'pg';

import { ApiProcess } from '../e2e/support/api-process';
import { recordFigures, STORE_UNDER_TEST } from './support/figures';
import { ADMIN, handoffsOf, keptOnce, readsBeforeAndAfterRebuild, settled } from './support/ledger-checks';
import { postgresBinaries, PrivatePostgres } from './support/private-postgres';
import { type Command, pause, ReorderLoad } from './support/reorder-load';

/**
 * The database restarting, stopped, slow and its pool exhausted, under write load through the real API in its own
 * process, on a PostgreSQL server of the suite's own (initdb + pg_ctl on a free port and a temporary data folder), so
 * nothing else on the machine is disturbed. Then: the API never exited, every acknowledged reorder is in the log, no
 * retry with its key appended twice, no 5xx but 503, each projection equals its full rebuild, each due handoff made once.
 */
/** The faults: restarts, how long the server stays stopped, how long the events table stays locked and the burst sent meanwhile. */
const FAULTS = { restarts: 5, stoppedMs: 3_000, lockedMs: 4_000, burst: 30 };
/** What the API is started with (its environment), and the checks hold it to. */
const API = { schema: 'ledger', statementTimeoutMs: 1_500, acquireTimeoutMs: 1_000, requestTimeoutMs: 5_000, handoffAfterReorders: 3 };

const binaries = postgresBinaries();
// Once per CI run: in the PostgreSQL pass (npm run test:e2e:postgres), not again in the SQLite one.
const skipped =
  STORE_UNDER_TEST !== 'postgres' ? 'it runs with LEDGER_TEST_STORE=postgres' : 'missing' in binaries ? binaries.missing : undefined;
if (skipped) process.stdout.write(`database faults on PostgreSQL skipped: ${skipped}\n`);

(skipped === undefined ? describe : describe.skip)(
  'PostgreSQL restarting, stopped, slow and exhausted under write load (a private server)',
  () => {
    let folder: string;
    let server: PrivatePostgres;
    let api: ApiProcess;
    let load: ReorderLoad;
    const secondsToReady: Record<string, number[]> = { restart: [], stop: [], slow: [] };
    const figures: Record<string, unknown> = {};

    beforeAll(async () => {
      folder = mkdtempSync(path.join(tmpdir(), 'ledger-pg-faults-'));
      server = await PrivatePostgres.start((binaries as { bin: string }).bin);
      api = await ApiProcess.start({
        databasePath: path.join(folder, 'unused.db'),
        env: {
          LEDGER_STORE: 'postgres',
          LEDGER_POSTGRES_URL: server.url,
          LEDGER_POSTGRES_SCHEMA: API.schema,
          LEDGER_POSTGRES_STATEMENT_TIMEOUT_MS: String(API.statementTimeoutMs),
          LEDGER_POSTGRES_ACQUIRE_TIMEOUT_MS: String(API.acquireTimeoutMs),
          LEDGER_POSTGRES_POOL_SIZE: '4',
          LEDGER_REQUEST_TIMEOUT_MS: String(API.requestTimeoutMs),
          LEDGER_POLICIES: 'auto-handoff',
          LEDGER_HANDOFF_AFTER_REORDERS: String(API.handoffAfterReorders),
        },
      });
      load = new ReorderLoad(api, { writers: 3, clientsPerWriter: 4, answerWithinMs: API.requestTimeoutMs + 1_000 });
      await load.prepare();
      load.start();
    }, 60_000);

    afterAll(async () => {
      await load?.stop();
      await api?.kill('SIGTERM');
      await server?.destroy();
      if (folder) rmSync(folder, { recursive: true, force: true });
    }, 60_000);

    const alive = () => expect(api.child.exitCode === null && api.child.signalCode === null ? 'running' : api.printed).toBe('running');

    it(`restarted ${FAULTS.restarts} times (pg_ctl restart -m fast): the API stays up and is ready again by itself`, async () => {
      for (let round = 0; round < FAULTS.restarts; round++) {
        await pause(1_000);
        const acknowledgedBefore = load.acknowledged.length;
        await server.restart();
        secondsToReady.restart!.push(await readyAgain(api));
        alive();
        // Writes go on after each restart, not only readiness.
        await waitFor(() => load.acknowledged.length > acknowledgedBefore);
      }
    }, 60_000);

    it(`stopped for ${FAULTS.stoppedMs / 1000} s: live 200, ready 503 naming the store, commands and reads 503 with Retry-After, /metrics counts it`, async () => {
      await server.stop();
      const stoppedAt = Date.now();
      const live = await fetch(`${api.url}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${api.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toContain(`postgres at postgresql://postgres@127.0.0.1:${server.port}`);

      const command = load.nextReorder(1);
      const refused = await post(api, command);
      expect(refused).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE', retryAfter: '1' });
      const read = await fetch(`${api.url}/v1/revenue?groupBy=department`, { headers: ADMIN });
      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).toBe('1');
      expect(((await read.json()) as { code: string }).code).toMatch(/^STORE_(UNAVAILABLE|TIMEOUT)$/);

      const metrics = await (await fetch(`${api.url}/metrics`, { headers: ADMIN })).text();
      expect(metrics).toMatch(/^ledger_store_up 0$/m);
      const faultAnswers = Number(/^ledger_store_fault_answers_total\{code="STORE_UNAVAILABLE"\} (\d+)$/m.exec(metrics)?.[1]);
      expect(faultAnswers).toBeGreaterThan(0);
      alive();

      await pause(FAULTS.stoppedMs - (Date.now() - stoppedAt));
      await server.resume();
      secondsToReady.stop!.push(await readyAgain(api));
      // The refused command, retried with its key, is kept once.
      expect(await load.send(command)).toBe(201);
      figures.faultAnswersCountedDuringStop = faultAnswers;
    }, 60_000);

    it(`slow (the events table locked for ${FAULTS.lockedMs / 1000} s) with the pool exhausted: 503 within the timeouts, no pile-up`, async () => {
      const locker = new Client({ connectionString: server.url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${API.schema}.events IN ACCESS EXCLUSIVE MODE`);
      const lockedAt = Date.now();
      // Far more requests at once than the pool has connections (4).
      const commands = Array.from({ length: FAULTS.burst }, (_, index) => load.nextReorder(index % 4));
      const answers = await Promise.all(
        commands.map(async (command) => {
          const started = performance.now();
          const answer = await post(api, command);
          return { ...answer, ms: performance.now() - started };
        }),
      );
      await pause(FAULTS.lockedMs - (Date.now() - lockedAt));
      await locker.query('COMMIT');
      await locker.end();
      secondsToReady.slow!.push(await readyAgain(api));

      const slowest = Math.max(...answers.map((answer) => answer.ms));
      expect(slowest).toBeLessThan(API.requestTimeoutMs + 1_000);
      const unexpected = answers.filter((answer) => answer.status !== 201 && !(answer.status === 503 && answer.retryAfter !== null));
      expect(unexpected).toEqual([]);
      expect(answers.filter((answer) => answer.code === 'STORE_TIMEOUT').length).toBeGreaterThan(0);
      // Each, retried with its key, is kept once.
      for (const command of commands) expect(await load.send(command)).toBe(201);
      figures.burstDuringLock = FAULTS.burst;
      figures.burstAnswered503 = answers.filter((answer) => answer.status === 503).length;
      figures.burstSlowestSeconds = round(slowest / 1000);
    }, 60_000);

    it('afterwards: nothing acknowledged lost, nothing appended twice, no 5xx but 503, projections equal their rebuild, policies once', async () => {
      await load.stop();
      alive();
      expect(api.printed).not.toContain("Unhandled 'error' event");
      await settled(api);

      const { events, missing, ordersTwice: twice } = await keptOnce(api, load.acknowledged);
      expect(missing).toEqual([]);
      expect(twice).toBe(0);
      expect(load.unexpected).toEqual([]);
      const fiveHundreds = [...load.statuses].filter(([status]) => status.startsWith('5') && !status.startsWith('503'));
      expect(fiveHundreds).toEqual([]);

      const { handoffs, due } = handoffsOf(events, API.handoffAfterReorders);
      expect([...handoffs.values()].filter((count) => count !== 1)).toEqual([]);
      expect(due.filter((client) => handoffs.get(client) !== 1)).toEqual([]);

      const { live, rebuilt } = await readsBeforeAndAfterRebuild(api);
      expect(rebuilt).toEqual(live);

      recordFigures(
        'databaseFaults',
        {
          apiSurvived: true,
          restarts: FAULTS.restarts,
          acknowledgedReorders: load.acknowledged.length,
          acknowledgedFoundInLog: load.acknowledged.length - missing.length,
          commandsRetriedWithKey: load.retriedCommands,
          appendedTwice: twice,
          answers: Object.fromEntries(load.statuses),
          other5xx: fiveHundreds.length,
          slowestAnswerSeconds: round(load.slowestMs / 1000),
          secondsToReadyAfterRestart: secondsToReady.restart!.map(round),
          secondsToReadyAfterStop: secondsToReady.stop!.map(round),
          secondsToReadyAfterLock: secondsToReady.slow!.map(round),
          dueHandoffs: due.length,
          handoffsMadeOnce: [...handoffs.values()].filter((count) => count === 1).length,
          ...figures,
        },
        'postgres',
      );
    }, 120_000);
  },
);

/** Seconds until /health/ready answers 200 again. */
async function readyAgain(api: ApiProcess, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  await waitFor(
    async () => (await fetch(`${api.url}/health/ready`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined))?.status === 200,
    timeoutMs,
  );
  return (performance.now() - started) / 1000;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await pause(50);
  }
}

/** One attempt, as a client would make it. */
async function post(api: ApiProcess, command: Command): Promise<{ status: number; code?: string; retryAfter: string | null }> {
  const response = await fetch(`${api.url}${command.path}`, {
    method: 'POST',
    headers: { ...ADMIN, 'idempotency-key': command.key },
    body: JSON.stringify(command.body),
  });
  const body = (await response.json()) as { code?: string };
  return { status: response.status, code: body.code, retryAfter: response.headers.get('retry-after') };
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;
