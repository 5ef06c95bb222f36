import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';

import { socketClient } from '../e2e/support/graphql';
import { TestApp, tokenFor } from '../e2e/support/test-app';
import { recordFigures } from './support/figures';

/**
 * What one GraphQL request may cost the server, whatever the document: lists
 * cost their items, the answer is bounded, refusals are client errors, the
 * schema is not shown to strangers in production, the parser cannot be
 * driven into a stack overflow, and the rate limit counts work, per caller.
 */

const BIG_CLIENT_ORDERS = 3_000;
const ndjson = (rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

/** One client with BIG_CLIENT_ORDERS orders, imported in one file (a command per order would take minutes). */
function bigClientHistory(): object[] {
  const rows: object[] = [
    { type: 'addEmployee', occurredAt: '2024-01-01T08:00:00Z', employeeId: 'anna', name: 'Anna Berg', department: 'sales', role: 'rep' },
    {
      type: 'contactLead',
      occurredAt: '2024-01-02T09:00:00Z',
      leadId: 'big',
      repId: 'anna',
      company: 'Big GmbH',
      channel: 'call',
      outcome: 'interested',
    },
    {
      type: 'winClient',
      occurredAt: '2024-01-03T10:00:00Z',
      clientId: 'big',
      leadId: 'big',
      repId: 'anna',
      firstOrder: { orderId: 'big-0', total: { amount: 100, currency: 'EUR' } },
    },
  ];
  const start = Date.parse('2024-01-04T00:00:00Z');
  for (let index = 1; index < BIG_CLIENT_ORDERS; index++) {
    rows.push({
      type: 'placeReorder',
      occurredAt: new Date(start + index * 60_000).toISOString(),
      clientId: 'big',
      orderId: `big-${index}`,
      total: { amount: 100, currency: 'EUR' },
      takenBy: 'anna',
    });
  }
  return rows;
}

const ORDER_FIELDS = 'orderId kind occurredAt takenBy creditedDepartment creditedOwnerId total { amount currency }';

type SocketResult = { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };

/** Runs one operation over a new graphql-ws socket of the listening app; its result, or the errors it was refused with. */
async function overSocket(app: TestApp, query: string, token = tokenFor('admin')): Promise<SocketResult> {
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  const socket = socketClient(`ws://127.0.0.1:${port}/graphql`, { authorization: `Bearer ${token}` });
  try {
    return await runOn(socket, query);
  } finally {
    await socket.dispose();
  }
}

function runOn(socket: ReturnType<typeof socketClient>, query: string): Promise<SocketResult> {
  return new Promise((resolve, reject) => {
    let last: SocketResult = {};
    socket.subscribe(
      { query },
      {
        next: (value) => (last = value as SocketResult),
        error: (error) => (Array.isArray(error) ? resolve({ errors: error as SocketResult['errors'] }) : reject(error as Error)),
        complete: () => resolve(last),
      },
    );
  });
}

describe('GraphQL limits', () => {
  describe('cost and answer size', () => {
    let app: TestApp;
    const graphql = (query: string, role: 'rep' | 'admin' = 'rep') => app.as(role).post('/graphql').send({ query });

    beforeAll(async () => {
      app = await TestApp.start();
      await app.http.post('/v1/imports').set('Content-Type', 'application/x-ndjson').send(ndjson(bigClientHistory())).expect(201);
    }, 120_000);
    afterAll(() => app.stop());

    it('refuses 100 aliases of a big client’s orders before running them (400 QUERY_TOO_COMPLEX), while one whole client is answered', async () => {
      const one = await graphql(`{ client(clientId: "big") { orders { ${ORDER_FIELDS} } } }`).expect(200);
      expect(one.body.data.client.orders).toHaveLength(BIG_CLIENT_ORDERS);

      const probe = `{ ${Array.from({ length: 100 }, (_, index) => `c${index}: client(clientId: "big") { orders { orderId } }`).join(' ')} }`;
      const started = performance.now();
      const response = await graphql(probe);
      const ms = Math.round(performance.now() - started);
      expect(response.status).toBe(400);
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      recordFigures('graphql-alias-probe', {
        aliases: 100,
        ordersOfTheClient: BIG_CLIENT_ORDERS,
        status: response.status,
        answerBytes: response.text.length,
        ms,
      });
    });

    it('costs every unpaged list at its declared bound: the client’s events and a lead’s contacts too', async () => {
      for (const field of ['clientEvents(clientId: "big") { events { eventId } }', 'lead(leadId: "big") { contacts { occurredAt } }']) {
        const aliases = `{ ${Array.from({ length: 30 }, (_, index) => `a${index}: ${field}`).join(' ')} }`;
        const response = await graphql(aliases);
        expect(response.status).toBe(400);
        expect(response.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      }
    });

    it('bounds the answer by what it really holds: lists longer than their declared bound are paid in full (400 ANSWER_TOO_LARGE)', async () => {
      const twice = `{ a: client(clientId: "big") { orders { ${ORDER_FIELDS} } } b: client(clientId: "big") { orders { ${ORDER_FIELDS} } } }`;
      const started = performance.now();
      const response = await graphql(twice);
      const ms = Math.round(performance.now() - started);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'ANSWER_TOO_LARGE' }) })],
      });
      expect(response.body.errors[0].message).toMatch(/more than 50000 values/);
      recordFigures('graphql-answer-bound', {
        orders: 2 * BIG_CLIENT_ORDERS,
        status: response.status,
        answerBytes: response.text.length,
        ms,
      });

      // The same over graphql-ws: the refusal alone, and the costed refusal before anything runs.
      await app.app.listen(0, '127.0.0.1');
      const overWs = await overSocket(app, twice, tokenFor('rep'));
      expect(overWs).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'ANSWER_TOO_LARGE' } })] });
      const probe = `{ ${Array.from({ length: 100 }, (_, index) => `c${index}: client(clientId: "big") { orders { orderId } }`).join(' ')} }`;
      expect((await overSocket(app, probe, tokenFor('rep'))).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      const deep = `{ events(limit: ${'['.repeat(4_000)}1${']'.repeat(4_000)}) { headPosition } }`;
      expect((await overSocket(app, deep)).errors?.[0]).toMatchObject({
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        message: expect.stringMatching(/deeper than 64 levels/),
      });
    });

    it('costs asKnownAt like asOf: both fold the log', async () => {
      const at = (argument: string) =>
        `{ ${Array.from({ length: 6 }, (_, index) => `r${index}: retention(${argument}: "2024-0${index + 1}-01T00:00:00Z") { position }`).join(' ')} }`;
      for (const argument of ['asOf', 'asKnownAt']) {
        const response = await graphql(at(argument), 'admin');
        expect(response.status).toBe(400);
        expect(response.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      }
    });

    it('QUERY_TOO_COMPLEX is a client error: 400 for anyone, with nothing logged as an error', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error');
      try {
        const manyReports = `{ ${Array.from({ length: 60 }, (_, index) => `r${index}: pipeline { position }`).join(' ')} }`;
        const response = await app.anonymous.post('/graphql').send({ query: manyReports });
        expect(response.status).toBe(400);
        expect(response.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
        expect(logged).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
      }
    });

    it('answers a document nested past what the parser survives with 400 and a clear reason, not a stack overflow', async () => {
      const nested = (levels: number) => [
        `{ events(limit: ${'['.repeat(levels)}1${']'.repeat(levels)}) { headPosition } }`,
        `{ ${'a { '.repeat(levels)}b${' }'.repeat(levels)} }`,
      ];
      for (const deep of nested(4_000)) {
        const response = await app.anonymous.post('/graphql').send({ query: deep });
        expect(response.status).toBe(400);
        expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
        expect(response.text).not.toMatch(/call stack/i);
        expect(response.body.errors[0].message).toMatch(/nests brackets deeper than 64 levels/);
      }
      // Just under the bound, the document is parsed and refused by validation (a wrong type, too deep).
      for (const deep of nested(62)) {
        const response = await app.anonymous.post('/graphql').send({ query: deep });
        expect(response.status).toBe(400);
        expect(['GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_DEEP']).toContain(response.body.errors[0].extensions.code);
      }
      const tooLong = `{ ${Array.from({ length: 4_000 }, (_, index) => `f${index}: __typename`).join(' ')} }`;
      const response = await app.anonymous.post('/graphql').send({ query: tooLong });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].message).toMatch(/more than 10000 tokens/);
    });
  });

  describe('in production', () => {
    const PRODUCTION = { NODE_ENV: 'production', LEDGER_LOG_FORMAT: 'json' };

    it('shows no schema to anyone: no introspection, no "Did you mean", no /docs', async () => {
      const app = await TestApp.start({ env: PRODUCTION });
      try {
        const introspection = await app.anonymous.post('/graphql').send({ query: '{ __schema { queryType { name } } }' });
        expect(introspection.status).toBe(400);
        expect(introspection.text).not.toContain('"Query"');
        const typo = await app.anonymous.post('/graphql').send({ query: '{ clent(clientId: "x") { clientId } }' });
        expect(typo.status).toBe(400);
        expect(typo.text).not.toMatch(/Did you mean/);
        await app.anonymous.get('/docs').set('Accept', 'text/html').expect(404);
        await app.anonymous.get('/docs/json').expect(404);
        // Nor over graphql-ws, to a caller with a token.
        await app.app.listen(0, '127.0.0.1');
        const overWs = await overSocket(app, '{ __schema { queryType { name } } }');
        expect(overWs.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect((await overSocket(app, '{ clent(clientId: "x") { clientId } }')).errors?.[0]?.message).not.toMatch(/Did you mean/);
      } finally {
        await app.stop();
      }
    });

    it('shows them when configured to', async () => {
      const app = await TestApp.start({ env: { ...PRODUCTION, LEDGER_GRAPHQL_INTROSPECTION: 'true', LEDGER_OPENAPI_DOCS: 'true' } });
      try {
        const introspection = await app.anonymous.post('/graphql').send({ query: '{ __schema { queryType { name } } }' }).expect(200);
        expect(introspection.body.data.__schema.queryType.name).toBe('Query');
        const typo = await app.anonymous.post('/graphql').send({ query: '{ clent(clientId: "x") { clientId } }' });
        expect(typo.text).toMatch(/Did you mean/);
        await app.anonymous.get('/docs/json').expect(200);
      } finally {
        await app.stop();
      }
    });
  });

  describe('the rate limit counts work, per caller', () => {
    const addEmployee = (index: number) =>
      `m${index}: addEmployee(input: { employeeId: "e-${index}", name: "E ${index}", department: sales, role: rep, occurredAt: "2024-01-01T08:00:00Z" }) { position }`;

    it('bounds the mutations of one document (400 TOO_MANY_MUTATIONS, nothing appended)', async () => {
      const app = await TestApp.start({ env: { LEDGER_GRAPHQL_MAX_MUTATIONS: '10' } });
      try {
        const fifty = `mutation { ${Array.from({ length: 50 }, (_, index) => addEmployee(index)).join(' ')} }`;
        const response = await app.as('admin').post('/graphql').send({ query: fifty });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'TOO_MANY_MUTATIONS' }) }),
        ]);
        expect(await app.headPosition()).toBe(0);
        const ten = `mutation { ${Array.from({ length: 10 }, (_, index) => addEmployee(index)).join(' ')} }`;
        await app.as('admin').post('/graphql').send({ query: ten }).expect(200);
        expect(await app.headPosition()).toBe(10);
      } finally {
        await app.stop();
      }
    });

    it('charges each mutation of a document, each graphql-ws operation, and each caller apart from the others on the same address', async () => {
      const app = await TestApp.start({ env: { LEDGER_RATE_LIMIT_PER_MINUTE: '20' } });
      try {
        await app.app.listen(0, '127.0.0.1');
        const admin = () => app.as('admin', 'admin-a').post('/graphql');
        // 2 documents of 10 mutations spend the minute of 20; the next request of that caller is refused.
        for (const batch of [0, 1]) {
          const ten = `mutation { ${Array.from({ length: 10 }, (_, index) => addEmployee(batch * 10 + index)).join(' ')} }`;
          await admin().send({ query: ten }).expect(200);
        }
        const refused = await admin().send({ query: '{ projectionStatus { projection } }' });
        expect(refused.status).toBe(429);
        expect(refused.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
        // 1 + 9 and 1 + 9: without the mutations counted, the caller would have spent 3 of 20.
        expect(await app.headPosition()).toBe(20);

        // Another caller from the same address still has its own minute.
        await app.as('admin', 'admin-b').post('/graphql').send({ query: '{ projectionStatus { projection } }' }).expect(200);

        // Over one socket, each operation counts: the 21st of a minute is refused.
        const socket = socketClient(`ws://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}/graphql`, {
          authorization: `Bearer ${tokenFor('admin', 'admin-c')}`,
        });
        try {
          const codes: (string | undefined)[] = [];
          for (let index = 0; index < 25; index++)
            codes.push((await runOn(socket, '{ projectionStatus { projection } }')).errors?.[0]?.extensions?.code);
          expect(codes.slice(0, 20)).toEqual(Array(20).fill(undefined));
          expect(codes.slice(20)).toEqual(Array(5).fill('TOO_MANY_REQUESTS'));
        } finally {
          await socket.dispose();
        }
      } finally {
        await app.stop();
      }
    });
  });
});
