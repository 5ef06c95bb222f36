import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { cli } from './support/cli';
import { startSeeded, TestApp } from './support/test-app';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

describe('ledger CLI', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded('c-cli');
  });
  afterAll(() => app.stop());

  it('prints the global log as NDJSON in order', async () => {
    const { stdout, code } = await cli(app.config.storage, 'events', '--after', '2', '--limit', '3');
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((event) => event.position)).toEqual([3, 4, 5]);
  });

  it('prints a client as of a business time', async () => {
    const { stdout, code } = await cli(app.config.storage, 'client', 'c-cli');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ clientId: 'c-cli', owningDepartment: 'sales', ownerId: 'rep-anna' });
  });

  it('names the failure and exits non-zero for an unknown client', async () => {
    const { stderr, code } = await cli(app.config.storage, 'client', 'nobody');
    expect(code).toBe(1);
    expect(stderr).toContain('CLIENT_NOT_FOUND');
  });

  it('rebuilds a projection beside the live one and prints what it did', async () => {
    const { stdout, code } = await cli(app.config.storage, 'rebuild', 'revenue');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ projection: 'revenue', generation: 2, checkpoint: await app.headPosition() });
    const status = await cli(app.config.storage, 'projections');
    expect(JSON.parse(status.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ projection: 'revenue', generation: 2, lag: 0 })]),
    );

    // The API over the same file notices the swap at its next change and serves the new generation.
    await app.http
      .post('/v1/clients/c-cli/orders')
      .send({ orderId: 'after-rebuild', total: { amount: 500, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: '2024-03-01T10:00:00Z' })
      .expect(201);
    const revenue = await app.http.get('/v1/revenue?from=2024-03-01').expect(200);
    expect(revenue.body.rows).toEqual([expect.objectContaining({ month: '2024-03', key: 'sales', repeatRevenue: '500' })]);
    // It finds the swap when it commits that change, at most liveCommitIntervalMs (200 ms) later.
    const generation = async () =>
      ((await app.http.get('/v1/admin/projections').expect(200)).body as Array<{ projection: string; generation: number }>).find(
        (one) => one.projection === 'revenue',
      )!.generation;
    const deadline = Date.now() + 5_000;
    while ((await generation()) !== 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await generation()).toBe(2);
  });

  it('names the known projections and exits non-zero when asked to rebuild another', async () => {
    const { stderr, code } = await cli(app.config.storage, 'rebuild', 'forecast');
    expect(code).toBe(1);
    expect(stderr).toBe(
      'PROJECTION_NOT_FOUND: there is no projection forecast; known: pipeline, retention, revenue, clients, handoffs, employees, leads\n',
    );
  });

  it('stops with one clear line on a bad configuration value', async () => {
    const { stderr, code } = await run(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'head'], {
      cwd: root,
      env: { ...process.env, LEDGER_STORE: 'oracle' },
    }).then(
      (ok) => ({ ...ok, code: 0 }),
      (error: { stderr: string; code: number }) => error,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('configuration error: LEDGER_STORE must be one of sqlite, postgres, eventstoredb, got "oracle"');
  });

  it('stops with one line, no stack trace, when the store cannot be reached', async () => {
    const unreachable = await cli({ kind: 'postgres', url: 'postgresql://ledger:s3cret@127.0.0.1:1/ledger', schema: 'public' }, 'head');
    expect(unreachable).toMatchObject({ code: 1, stdout: '' });
    expect(unreachable.stderr).toMatch(
      /^cannot open the PostgreSQL store at postgresql:\/\/ledger:\*\*\*@127\.0\.0\.1:1\/ledger: .+; check LEDGER_POSTGRES_URL and that the server runs\n$/,
    );
  }, 30_000);

  it('exports the log as NDJSON equal to the API pages, and a range of positions', async () => {
    const { stdout, stderr, code } = await cli(app.config.storage, 'export');
    expect(code).toBe(0);
    const exported = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { position: number; hash: string });
    expect(exported.map(({ hash: _hash, ...event }) => event)).toEqual(
      (await app.http.get('/v1/events?limit=1000').expect(200)).body.events,
    );
    // Each event with its chain hash; the chain the export stands in on stderr, so stdout stays the file.
    const last = exported.at(-1)!;
    expect(last.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stderr).toContain(`chain: from hash ${'0'.repeat(64)} to position ${last.position}, hash ${last.hash}`);
    const range = await cli(app.config.storage, 'export', '--from', '2', '--to', '4');
    expect(
      range.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).position),
    ).toEqual([2, 3, 4]);
  });

  it('exports CSV with a header row', async () => {
    const { stdout, code } = await cli(app.config.storage, 'export', '--format', 'csv', '--to', '3');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'position,eventId,streamId,revision,type,schemaVersion,occurredAt,recordedAt,actor,correlationId,causationId,data,rule,hash',
    );
    expect(lines).toHaveLength(4);
  });

  it('replays a projection as of a business time and as known at a record time, as JSON or CSV', async () => {
    const live = await cli(app.config.storage, 'replay', '--projection', 'revenue');
    expect(JSON.parse(live.stdout)).toMatchObject({
      asOf: null,
      asKnownAt: expect.any(String),
      rows: expect.arrayContaining([expect.objectContaining({ month: '2024-02', key: 'sales', newRevenue: '100000' })]),
    });
    const before = await cli(app.config.storage, 'replay', '--projection', 'revenue', '--as-of', '2024-02-01T00:00:00Z');
    expect(JSON.parse(before.stdout)).toMatchObject({ asOf: '2024-02-01T00:00:00.000Z', rows: [] });
    const unknown = await cli(app.config.storage, 'replay', '--projection', 'revenue', '--as-known-at', '2000-01-01T00:00:00Z');
    expect(JSON.parse(unknown.stdout)).toMatchObject({ asKnownAt: '2000-01-01T00:00:00.000Z', rows: [] });
    const csv = await cli(app.config.storage, 'replay', '--projection', 'clients', '--format', 'csv');
    const [header, row] = csv.stdout.trimEnd().split('\n');
    expect(header).toContain('clientId');
    expect(row).toContain('c-cli');
  });

  it('refuses a replay of an unknown projection, naming the known ones (a command line not understood: 64)', async () => {
    const { stderr, code } = await cli(app.config.storage, 'replay', '--projection', 'forecast');
    expect(code).toBe(64);
    expect(stderr).toMatch(/Allowed choices are pipeline, retention, revenue, clients, handoffs/);
  });
});

describe('ledger CLI arguments', () => {
  it('refuses an --as-of that is not a zoned time, saying what it expects, with the exit code of a command line not understood', async () => {
    const { stderr, code } = await cli(':memory:', 'client', 'c-1', '--as-of', 'last week');
    expect(code).toBe(64);
    expect(stderr).toContain('expected an ISO 8601 time with a zone');
  });

  it('tells an unknown command (64) from a failure of the ledger (1), prints its version, and lists every projection and exit code in its help', async () => {
    expect((await cli(':memory:', 'frobnicate')).code).toBe(64);
    expect((await cli(':memory:', 'client', 'c-unknown')).code).toBe(1);
    expect(await cli(':memory:', '--version')).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = await cli(':memory:', 'rebuild', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('pipeline, retention, revenue, clients, handoffs');
    expect((await cli(':memory:', '--help')).stdout).toMatch(/Exit codes:[\s\S]*64 {2}the command line was not understood/);
  }, 30_000);
});

describe('ledger demo', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-demo-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('appends a generated company to the configured ledger once: a second run appends nothing', async () => {
    const database = path.join(folder, 'ledger.db');
    const first = await cli(database, 'demo', '--months', '3');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ alreadyStored: 0, from: '2022-01-03T08:00:00.000Z' });
    expect(summary.events).toBeGreaterThan(500);
    expect(summary.streams).toBeGreaterThan(100);
    expect(summary.to < '2022-04-03T08:00:00.000Z').toBe(true);
    expect(first.stderr).toContain(`demo: ${summary.events} events appended`);
    expect(JSON.parse((await cli(database, 'head')).stdout)).toEqual({ headPosition: summary.events });

    const second = await cli(database, 'demo', '--months', '3');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ events: 0, appends: 0, alreadyStored: summary.events });
    expect(JSON.parse((await cli(database, 'head')).stdout)).toEqual({ headPosition: summary.events });

    // What it wrote reads like any ledger: the first client won, with its owner.
    const client = await cli(database, 'client', 'c-000001');
    expect(client.code).toBe(0);
    expect(JSON.parse(client.stdout)).toMatchObject({ clientId: 'c-000001', owningDepartment: 'sales' });
  }, 90_000);

  it('refuses a history that would run into the future, appending nothing', async () => {
    const database = path.join(folder, 'future.db');
    const { stderr, code } = await cli(database, 'demo', '--start', '2099-01-01T08:00:00Z');
    expect(code).toBe(1);
    expect(stderr).toContain('past now');
    expect(JSON.parse((await cli(database, 'head')).stdout)).toEqual({ headPosition: 0 });
  }, 60_000);
});
