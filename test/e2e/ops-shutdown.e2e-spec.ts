import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import Database from 'better-sqlite3';

import { ApiProcess } from './support/api-process';
import { tokenFor } from './support/test-app';

const SHUTDOWN_TIMEOUT_MS = 10_000;
const WORKERS = 16;

interface Outcome {
  readonly leadId: string;
  /** The HTTP status, or the connection error met instead of an answer. */
  readonly status?: number;
  readonly error?: string;
  readonly answeredAt?: number;
  readonly requestId?: string;
  readonly correlationId?: string;
}

/** One command on a connection of its own (no keep-alive), so an error is this request's and no other's. */
function contactLead(api: ApiProcess, leadId: string): Promise<Outcome> {
  const body = JSON.stringify({ repId: 'rep-burst', company: `Company ${leadId}`, channel: 'call', outcome: 'interested' });
  return new Promise((resolve) => {
    const sent = httpRequest(
      `${api.url}/v1/leads/${leadId}/contacts`,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${tokenFor('admin')}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-correlation-id': `burst-${leadId}`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            leadId,
            status: response.statusCode,
            answeredAt: performance.now(),
            requestId: String(response.headers['x-request-id']),
            correlationId: String(response.headers['x-correlation-id']),
          }),
        );
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ leadId, error: error.code ?? error.message }));
      },
    );
    sent.on('error', (error: NodeJS.ErrnoException) => resolve({ leadId, error: error.code ?? error.message }));
    sent.end(body);
  });
}

describe('graceful shutdown (the API in its own process)', () => {
  let folder: string;
  let api: ApiProcess | undefined;

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-ops-shutdown-'));
  });
  afterEach(async () => {
    await api?.kill();
    api = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  it('on SIGTERM in a burst of commands answers every request it took, loses no answered event, and exits 0 in bounded time', async () => {
    const databasePath = path.join(folder, 'ledger.db');
    api = await ApiProcess.start({
      databasePath,
      env: { LEDGER_LOG_FORMAT: 'json', LEDGER_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
    });
    const headers = { authorization: `Bearer ${tokenFor('admin')}`, 'content-type': 'application/json' };
    const joined = await fetch(`${api.url}/v1/employees`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ employeeId: 'rep-burst', name: 'Rita Burst', department: 'sales', role: 'rep' }),
    });
    expect(joined.status).toBe(201);

    // Workers send commands back to back until the server stops taking connections.
    const outcomes: Outcome[] = [];
    let signalledAt = Infinity;
    const worker = async (index: number) => {
      for (let sequence = 0; ; sequence++) {
        const outcome = await contactLead(api!, `lead-${index}-${sequence}`);
        outcomes.push(outcome);
        if (outcome.error !== undefined && performance.now() > signalledAt) return;
        if (sequence > 5_000) throw new Error(`the burst never met the shutdown:\n${api!.printed}`);
      }
    };
    const burst = Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const exited = api.exited();
    signalledAt = performance.now();
    api.child.kill('SIGTERM');
    const exitCode = await exited;
    const shutdownMs = performance.now() - signalledAt;
    await burst;

    const answered = outcomes.filter((outcome) => outcome.status === 201);
    // Read after the drain, refused unexecuted (503 SERVICE_UNAVAILABLE), or not taken at all (a refused or reset connection).
    const refused = outcomes.filter((outcome) => outcome.status === 503);
    const failed = outcomes.filter((outcome) => outcome.error !== undefined);
    const answeredAfterSignal = answered.filter((outcome) => outcome.answeredAt! > signalledAt);
    process.stdout.write(
      `graceful shutdown: ${answered.length} answered (${answeredAfterSignal.length} after SIGTERM), ${refused.length} refused, ${failed.length} not taken ` +
        `(${[...new Set(failed.map((outcome) => outcome.error))].join(', ')}), exit ${exitCode} ${Math.round(shutdownMs)} ms after SIGTERM\n`,
    );
    expect({ exitCode, printed: exitCode === 0 ? '' : api.printed }).toEqual({ exitCode: 0, printed: '' });
    expect(shutdownMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(answered.length).toBeGreaterThan(WORKERS);
    expect(outcomes.filter((outcome) => outcome.status !== undefined && outcome.status !== 201 && outcome.status !== 503)).toEqual([]);

    // The log as the process left it: every answered command is there, and nothing it appended went unanswered.
    const database = new Database(databasePath, { readonly: true });
    const contacted = new Set(
      database
        .prepare<[], { stream_id: string }>("SELECT stream_id FROM events WHERE type = 'LeadContacted'")
        .all()
        .map((row) => row.stream_id.replace(/^lead-/, '')),
    );
    database.close();
    expect(answered.filter((outcome) => !contacted.has(outcome.leadId)).map((outcome) => outcome.leadId)).toEqual([]);
    // A request that met a reset was never taken: had the server worked on it, its event would be here with its answer lost.
    expect([...failed, ...refused].filter((outcome) => contacted.has(outcome.leadId))).toEqual([]);
    expect(contacted.size).toBe(answered.length);

    // One JSON line per request, carrying the ids its answer carried.
    const requestLines = api.printed
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { requestId?: string; correlationId?: string; req?: { url: string }; res?: { statusCode: number } },
      )
      .filter((line) => line.req?.url.startsWith('/v1/leads/') && line.res?.statusCode === 201);
    expect(requestLines).toHaveLength(answered.length);
    const logged = new Map(requestLines.map((line) => [line.requestId, line]));
    for (const outcome of answered) {
      expect(logged.get(outcome.requestId)).toMatchObject({ correlationId: `burst-${outcome.leadId}`, res: { statusCode: 201 } });
      expect(outcome.correlationId).toBe(`burst-${outcome.leadId}`);
    }
    expect(api.printed).toMatch(/"context":"Shutdown","msg":"stopped in \d+ ms"/);
  }, 60_000);
});
