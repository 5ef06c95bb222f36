import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { EventStore } from '@ledger/event-store';
import { appendCompanyHistory, EVENT_STORE, generateCompanyHistory } from '@ledger/ledger';

import { cli } from './support/cli';
import { appPerTest, expectProblem, TestApp } from './support/test-app';

const ndjson = (...rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

const ORGANISATION = [
  { type: 'addEmployee', occurredAt: '2024-01-01T08:00:00Z', employeeId: 'anna', name: 'Anna Berg', department: 'sales', role: 'rep' },
  { type: 'addEmployee', occurredAt: '2024-01-01T08:00:00Z', employeeId: 'carl', name: 'Carl Lund', department: 'client', role: 'manager' },
  {
    type: 'setCommissionPlan',
    occurredAt: '2024-01-01T08:00:00Z',
    department: 'sales',
    rateBasisPoints: 500,
    effectiveFrom: '2024-01-01T00:00:00Z',
  },
];
const contact = (leadId: string, occurredAt: string) => ({
  type: 'contactLead',
  occurredAt,
  leadId,
  repId: 'anna',
  company: `${leadId} GmbH`,
  channel: 'call',
  outcome: 'interested',
});
const win = (clientId: string, occurredAt: string, amount: unknown = 100_000, currency = 'EUR') => ({
  type: 'winClient',
  occurredAt,
  clientId,
  leadId: clientId,
  repId: 'anna',
  firstOrder: { orderId: `${clientId}-1`, total: { amount, currency } },
});
const reorder = (clientId: string, orderId: string, occurredAt: string, amount: unknown = 5_000, currency = 'EUR') => ({
  type: 'placeReorder',
  occurredAt,
  clientId,
  orderId,
  total: { amount, currency },
  takenBy: 'anna',
});

/** 9 good rows; events: 3 + 2 contacts + 2 wins (each a lead's conversion and the client's win) + 2 reorders. */
const GOOD = [
  ...ORGANISATION,
  contact('acme', '2024-02-01T09:00:00Z'),
  win('acme', '2024-02-10T10:00:00Z'),
  reorder('acme', 'acme-2', '2024-03-01T10:00:00Z'),
  contact('beta', '2024-02-03T09:00:00Z'),
  win('beta', '2024-02-12T10:00:00Z'),
  reorder('beta', 'beta-2', '2024-04-01T10:00:00+02:00'),
];
const GOOD_EVENTS = 11;

/** The good rows with bad ones between them: line 10 on. */
const MIXED = [
  ...GOOD,
  reorder('gamma', 'gamma-2', '2024-02-01T10:00:00Z'), // line 10: a reorder before the win
  contact('gamma', '2024-02-02T09:00:00Z'),
  win('gamma', '2024-02-31T10:00:00Z'), // line 12: a bad date
  reorder('acme', 'acme-3', '2024-03-05T10:00:00Z', 12.5), // line 13: float money
  reorder('acme', 'acme-4', '2024-03-06T10:00:00Z', 100, 'XYZ'), // line 14: unknown currency
  reorder('acme', 'acme-2', '2024-03-07T10:00:00Z'), // line 15: a duplicate order id
];

const ORDERS_CSV = [
  'client,orderId,occurredAt,amount,currency,rep',
  'acme,o-1,2024-02-01T10:00:00Z,125000,EUR,anna',
  'acme,o-2,2024-03-01T10:00:00Z,50000,EUR,anna',
  'beta,b-1,2024-02-02T10:00:00Z,9900,GBP,anna',
  'beta,b-2,2024-03-05T10:00:00Z,1200,GBP,anna',
].join('\n');
const BAD_ORDERS_CSV = [
  ORDERS_CSV,
  'acme,o-3,31/03/2024,100,EUR,anna', // line 6: a bad date
  'acme,o-4,2024-04-01T10:00:00Z,19.99,EUR,anna', // line 7: float money
  'acme,o-5,2024-04-02T10:00:00Z,100,EURO,anna', // line 8: unknown currency
  'acme,o-2,2024-04-03T10:00:00Z,100,EUR,anna', // line 9: a duplicate order id
  'beta,b-0,2024-01-01T10:00:00Z,100,GBP,anna', // line 10: before the client's first order
].join('\n');

const importFile = (app: TestApp, body: string, type = 'application/x-ndjson', query = '') =>
  app.http.post(`/v1/imports${query}`).set('Content-Type', type).send(body);

describe('import of history (POST /v1/imports)', () => {
  const app = appPerTest();

  it('reports every bad line of a file with good and bad rows, and applies nothing', async () => {
    const response = await importFile(app(), ndjson(...MIXED));
    expectProblem(response, 422, 'IMPORT_INVALID');
    expect(response.body.errors).toEqual([
      { field: 'line 10', path: 'line 10', code: 'CLIENT_NOT_FOUND', params: {}, message: 'client gamma has not been won' },
      {
        field: 'line 12: occurredAt',
        path: 'line 12: occurredAt',
        code: 'OCCURRED_AT_INVALID',
        params: {},
        message: expect.stringContaining('ISO 8601 time with a zone'),
      },
      {
        field: 'line 13: total.amount',
        path: 'line 13: total.amount',
        code: 'MONEY_AMOUNT_NOT_INTEGER',
        params: {},
        message: expect.any(String),
      },
      {
        field: 'line 14: total.currency',
        path: 'line 14: total.currency',
        code: 'CURRENCY_UNKNOWN',
        params: {},
        message: expect.stringContaining('"XYZ"'),
      },
      {
        field: 'line 15: orderId',
        path: 'line 15: orderId',
        code: 'ORDER_ALREADY_PLACED',
        params: {},
        message: 'order acme-2 is already recorded for client acme',
      },
    ]);
    expect(response.body.detail).toContain('5 of 15 rows are invalid (lines 10, 12, 13, 14, 15); nothing was applied');
    expect(await app().headPosition()).toBe(0);
  });

  it('reports every bad line of an orders CSV, and applies nothing', async () => {
    await importFile(app(), ndjson(...ORGANISATION)).expect(201);
    const head = await app().headPosition();
    const response = await importFile(app(), BAD_ORDERS_CSV, 'text/csv');
    expectProblem(response, 422, 'IMPORT_INVALID');
    expect(response.body.errors.map((error: { field: string; code: string }) => [error.field, error.code])).toEqual([
      ['line 6: occurredAt', 'OCCURRED_AT_INVALID'],
      ['line 7: amount', 'MONEY_AMOUNT_NOT_INTEGER'],
      ['line 8: currency', 'CURRENCY_UNKNOWN'],
      ['line 9: orderId', 'ORDER_ALREADY_PLACED'],
      ['line 10: occurredAt', 'OCCURRED_AT_BACKWARDS'],
    ]);
    expect(await app().headPosition()).toBe(head);
  });

  it('imports the same good file twice and appends once, keeping each row’s business time', async () => {
    const first = await importFile(app(), ndjson(...GOOD)).expect(201);
    expect(first.body).toEqual({
      format: 'ndjson',
      rows: 9,
      applied: GOOD_EVENTS,
      alreadyPresent: 0,
      skipped: 0,
      streams: 7,
      correlationId: expect.stringMatching(/^import-[0-9a-f]{32}$/),
      invalid: [],
    });
    const head = await app().headPosition();
    expect(head).toBe(GOOD_EVENTS);

    const again = await importFile(app(), ndjson(...GOOD)).expect(200);
    expect(again.body).toMatchObject({
      rows: 9,
      applied: 0,
      alreadyPresent: GOOD_EVENTS,
      streams: 0,
      correlationId: first.body.correlationId,
    });
    expect(await app().headPosition()).toBe(head);

    const beta = (await app().http.get('/v1/clients/beta').expect(200)).body;
    expect(beta.orders.map((order: { occurredAt: string }) => order.occurredAt)).toEqual([
      '2024-02-12T10:00:00.000Z',
      '2024-04-01T08:00:00.000Z',
    ]);
    const events = (await app().http.get('/v1/clients/beta/events').expect(200)).body.events;
    expect(events[0].metadata).toEqual({
      actor: { type: 'user', id: 'test-admin', role: 'admin' },
      correlationId: first.body.correlationId,
      causationId: first.body.correlationId,
    });
  });

  it('with skipInvalid=true applies the good rows and reports the bad ones', async () => {
    const response = await importFile(app(), ndjson(...MIXED), 'application/x-ndjson', '?skipInvalid=true').expect(201);
    // Of gamma's rows only the contact (line 11) goes in: its win has a bad date, its reorder came before the win.
    expect(response.body).toMatchObject({ rows: 15, applied: GOOD_EVENTS + 1, skipped: 5 });
    expect(response.body.invalid.map((row: { line: number }) => row.line)).toEqual([10, 12, 13, 14, 15]);
    expect(await app().headPosition()).toBe(GOOD_EVENTS + 1);
    // Once the bad rows are fixed, the whole file goes in: the rows already imported are recognised.
    const fixed = [
      ...GOOD,
      contact('gamma', '2024-02-02T09:00:00Z'),
      win('gamma', '2024-02-28T10:00:00Z'),
      reorder('gamma', 'gamma-2', '2024-03-01T10:00:00Z'),
    ];
    const second = await importFile(app(), ndjson(...fixed)).expect(201);
    expect(second.body).toMatchObject({ applied: 3, alreadyPresent: GOOD_EVENTS + 1 });
  });

  it('imports a CSV of orders: the first order of a client wins it, later ones are reorders', async () => {
    await importFile(app(), ndjson(...ORGANISATION)).expect(201);
    const response = await importFile(app(), ORDERS_CSV, 'text/csv; charset=utf-8').expect(201);
    expect(response.body).toMatchObject({ format: 'csv', rows: 4, applied: 8, streams: 4 });
    const acme = (await app().http.get('/v1/clients/acme').expect(200)).body;
    expect(acme).toMatchObject({
      status: 'active',
      wonBy: 'anna',
      wonAt: '2024-02-01T10:00:00.000Z',
      revenue: [{ amount: '175000', currency: 'EUR' }],
    });
    expect((await app().http.get('/v1/leads/acme').expect(200)).body).toMatchObject({ stage: 'won', company: 'acme', ownerId: 'anna' });
    await importFile(app(), ORDERS_CSV, 'text/csv').expect(200);
  });

  it('refuses what is not an import file before reading it, and anyone but an admin', async () => {
    expectProblem(await app().http.post('/v1/imports').send({ rows: [] }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await importFile(app(), 'a;b', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await importFile(app(), ndjson(...GOOD), 'text/csv; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await importFile(app(), ndjson(...GOOD), 'application/x-ndjson', '?skipInvalid=yes'), 400, 'VALIDATION_FAILED');
    for (const role of ['analyst', 'head', 'rep'] as const) {
      expectProblem(
        await app()
          .as(role)
          .post('/v1/imports')
          .set('Content-Type', 'application/x-ndjson')
          .send(ndjson(...GOOD)),
        403,
        'FORBIDDEN',
      );
    }
    expectProblem(
      await app()
        .anonymous.post('/v1/imports')
        .set('Content-Type', 'application/x-ndjson')
        .send(ndjson(...GOOD)),
      401,
      'UNAUTHENTICATED',
    );
    expect(await app().headPosition()).toBe(0);
  });
});

describe('import of history from the CLI', () => {
  let folder: string;
  let database: string;

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'ledger-import-cli-'));
    database = path.join(folder, 'ledger.db');
    writeFileSync(path.join(folder, 'organisation.ndjson'), ndjson(...ORGANISATION));
    writeFileSync(path.join(folder, 'orders.csv'), ORDERS_CSV);
    writeFileSync(path.join(folder, 'bad-orders.csv'), BAD_ORDERS_CSV);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reports every bad line on stderr, applies nothing and exits 2; applies a good file once, however often it runs', async () => {
    const organisation = await cli(database, 'import', path.join(folder, 'organisation.ndjson'));
    expect(organisation.code).toBe(0);
    expect(JSON.parse(organisation.stdout)).toMatchObject({ format: 'ndjson', rows: 3, applied: 3 });

    const bad = await cli(database, 'import', path.join(folder, 'bad-orders.csv'));
    expect(bad.code).toBe(2);
    expect(
      bad.stderr
        .split('\n')
        .filter((line) => line.startsWith('line '))
        .map((line) => line.split(':').slice(0, 3).join(':')),
    ).toEqual([
      'line 6: occurredAt: OCCURRED_AT_INVALID',
      'line 7: amount: MONEY_AMOUNT_NOT_INTEGER',
      'line 8: currency: CURRENCY_UNKNOWN',
      'line 9: orderId: ORDER_ALREADY_PLACED',
      'line 10: occurredAt: OCCURRED_AT_BACKWARDS',
    ]);
    expect(bad.stderr).toContain('IMPORT_INVALID: 5 of 9 rows are invalid');
    expect(JSON.parse(bad.stdout)).toMatchObject({ rows: 9, applied: 0, invalid: 5 });
    expect(JSON.parse((await cli(database, 'head')).stdout)).toEqual({ headPosition: 3 });

    const skipping = await cli(database, 'import', '--skip-invalid', path.join(folder, 'bad-orders.csv'));
    expect(skipping.code).toBe(0);
    expect(JSON.parse(skipping.stdout)).toMatchObject({ rows: 9, applied: 8, skipped: 5 });

    const again = await cli(database, 'import', path.join(folder, 'orders.csv'));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 4, applied: 0, alreadyPresent: 8 });
    const client = JSON.parse((await cli(database, 'stream', 'client-acme')).stdout.split('\n')[0]!);
    expect(client.metadata.actor).toEqual({ type: 'user', id: expect.stringMatching(/^cli:/), role: 'admin' });
  }, 60_000);
});

/** Compares what the two ledgers answer, whatever their positions. */
const REPORTS = [
  '/v1/pipeline',
  '/v1/pipeline?groupBy=department',
  '/v1/pipeline?from=2022-07-01&to=2022-09-30',
  '/v1/pipeline?asOf=2023-03-31T23:59:59Z',
  '/v1/retention',
  '/v1/retention?asOf=2023-06-30T23:59:59Z',
  '/v1/revenue?groupBy=department',
  '/v1/revenue?groupBy=rep',
  '/v1/revenue?from=2023-01-01&to=2023-06-30&asOf=2023-06-30T23:59:59Z',
  '/v1/audit/handoffs?from=2023-01-01',
];

describe('an exported log re-imported into an empty ledger', () => {
  let source: TestApp;
  let copy: TestApp;
  let exported: string;

  beforeAll(async () => {
    source = await TestApp.start();
    await appendCompanyHistory(source.app.get<EventStore>(EVENT_STORE), generateCompanyHistory({ months: 18, leadsPerMonth: 40 }));
    // Every event, page by page, as NDJSON lines of recorded events.
    const lines: string[] = [];
    for (let after: number | null = 0; after !== null;) {
      const page: { events: object[]; nextAfter: number | null } = (
        await source.http.get('/v1/events').query({ after, limit: 1000 }).expect(200)
      ).body;
      lines.push(...page.events.map((event) => JSON.stringify(event)));
      after = page.nextAfter;
    }
    exported = `${lines.join('\n')}\n`;
    copy = await TestApp.start();
  }, 60_000);
  afterAll(async () => {
    await source.stop();
    await copy.stop();
  });

  it('gives identical projections: pipeline, retention, revenue and the client directory', async () => {
    const head = await source.headPosition();
    expect(head).toBeGreaterThan(3_000);
    const response = await importFile(copy, exported).expect(201);
    expect(response.body).toMatchObject({ rows: head, applied: head, invalid: [] });
    expect(await copy.headPosition()).toBe(head);

    for (const report of REPORTS) {
      const [theirs, ours] = await Promise.all([source.http.get(report).expect(200), copy.http.get(report).expect(200)]);
      const { rows, cohorts, handoffs } = theirs.body as Record<string, unknown[] | undefined>;
      expect({ report, figures: (rows ?? cohorts ?? handoffs)!.length > 0 }).toEqual({ report, figures: true });
      expect({ report, answer: withoutPositions(ours.body, report) }).toEqual({ report, answer: withoutPositions(theirs.body, report) });
    }
    for (let after: string | null = null, pages = 0; pages === 0 || after !== null; pages++) {
      const query: string = `/v1/clients?limit=500${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
      const [theirs, ours]: { body: { clients: unknown[]; total: number; nextCursor: string | null } }[] = await Promise.all([
        source.http.get(query).expect(200),
        copy.http.get(query).expect(200),
      ]);
      expect(ours.body.clients).toEqual(theirs.body.clients);
      expect(ours.body.total).toBe(theirs.body.total);
      after = theirs.body.nextCursor;
    }
  }, 60_000);

  it('appends nothing when the export is imported again, into the copy or into the ledger it came from', async () => {
    const head = await copy.headPosition();
    await importFile(copy, exported).expect(200);
    expect(await copy.headPosition()).toBe(head);
    const back = await importFile(source, exported).expect(200);
    expect(back.body).toMatchObject({ applied: 0, alreadyPresent: head });
  }, 60_000);

  it('reads the CSV export the same way', async () => {
    const csv = (
      await source.http
        .get('/v1/events')
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse(textParser as never)
        .expect(200)
    ).body as string;
    const third = await TestApp.start();
    try {
      const response = await importFile(third, csv, 'text/csv').expect(201);
      expect(response.body.applied).toBe(await source.headPosition());
      const [theirs, ours] = await Promise.all([
        source.http.get('/v1/revenue?groupBy=rep').expect(200),
        third.http.get('/v1/revenue?groupBy=rep').expect(200),
      ]);
      expect(withoutPositions(ours.body, 'revenue')).toEqual(withoutPositions(theirs.body, 'revenue'));
    } finally {
      await third.stop();
    }
  }, 60_000);
});

/**
 * The answer without what differs by construction: the position it reflects is
 * the same count of events, but the handoff trail also names the importer as
 * each event's actor, and the import's correlation id.
 */
function withoutPositions(body: Record<string, unknown>, report: string): unknown {
  const { position: _position, ...rest } = body;
  if (!report.includes('handoffs')) return rest;
  return {
    ...rest,
    handoffs: (rest.handoffs as Record<string, unknown>[]).map(
      ({
        actor: _actor,
        correlationId: _c,
        causationId: _k,
        causationChain: _chain,
        rule: _rule,
        position: _p,
        eventId: _e,
        recordedAt: _r,
        ...handoff
      }) => handoff,
    ),
  };
}

function textParser(response: NodeJS.ReadableStream, callback: (error: Error | null, body: string) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => callback(null, text));
}
