import { createHash } from 'node:crypto';

import { expectProblem, seedOrganisation, TestApp, winClient } from './support/test-app';

/**
 * What a browser front end meets: CORS with Apollo Client's headers, one kind of ETag, replays said so,
 * problem types that resolve, and one shape of field error whichever transport and check refused a field.
 */
describe('Browser clients', () => {
  const ORIGIN = 'https://app.example.com';
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { LEDGER_CORS_ORIGINS: ORIGIN } });
    await seedOrganisation(app);
    await winClient(app, 'c-browser');
  });
  afterAll(() => app.stop());

  const order = (orderId: string, amount: unknown = 10) => ({ orderId, total: { amount, currency: 'EUR' }, takenBy: 'rep-anna' });
  const graphql = (query: string, variables?: Record<string, unknown>) => app.http.post('/graphql').send({ query, variables });

  describe('CORS', () => {
    it("lets Apollo Client's default headers through the preflight and exposes the headers a script reads", async () => {
      const requested =
        'content-type, authorization, apollographql-client-name, apollographql-client-version, apollo-require-preflight, traceparent, tracestate, idempotency-key, if-match, x-request-id';
      const preflight = await app.anonymous
        .options('/graphql')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', requested)
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
      const allowed = preflight.headers['access-control-allow-headers'].toLowerCase().split(',');
      for (const header of requested.split(', ')) expect(allowed).toContain(header);

      const answer = await app.http.get('/v1/clients/c-browser').set('Origin', ORIGIN).expect(200);
      const exposed = answer.headers['access-control-expose-headers'].toLowerCase().split(',');
      for (const header of [
        'etag',
        'location',
        'retry-after',
        'idempotent-replayed',
        'x-request-id',
        'x-correlation-id',
        'x-ratelimit-remaining',
        'x-ledger-chain-start-hash',
        'x-ledger-chain-head-position',
        'x-ledger-chain-head-hash',
      ])
        expect(exposed).toContain(header);
    });

    it('takes its allowed headers from LEDGER_CORS_ALLOWED_HEADERS', async () => {
      const custom = await TestApp.start({ env: { LEDGER_CORS_ORIGINS: ORIGIN, LEDGER_CORS_ALLOWED_HEADERS: 'Authorization, X-Custom' } });
      try {
        const preflight = await custom.anonymous
          .options('/v1/clients')
          .set('Origin', ORIGIN)
          .set('Access-Control-Request-Method', 'GET')
          .expect(204);
        expect(preflight.headers['access-control-allow-headers']).toBe('Authorization,X-Custom');
      } finally {
        await custom.stop();
      }
    });
  });

  describe('ETags are stream revisions', () => {
    it("a 201's ETag sent back as If-Match appends; a 412 carries the revision the stream is at", async () => {
      const first = await app.http.post('/v1/clients/c-browser/orders').send(order('o-etag-1')).expect(201);
      expect(first.headers.etag).toBe(`"${first.body.revision}"`);
      const second = await app.http
        .post('/v1/clients/c-browser/orders')
        .set('If-Match', first.headers.etag)
        .send(order('o-etag-2'))
        .expect(201);
      expect(second.headers.etag).toBe(`"${first.body.revision + 1}"`);

      const stale = await app.http.post('/v1/clients/c-browser/orders').set('If-Match', first.headers.etag).send(order('o-etag-3'));
      expectProblem(stale, 412, 'REVISION_MISMATCH');
      expect(stale.headers.etag).toBe(second.headers.etag);
      await app.http.post('/v1/clients/c-browser/orders').set('If-Match', stale.headers.etag).send(order('o-etag-3')).expect(201);
    });

    it('no other answer carries an ETag of another kind', async () => {
      const refused = await app.http.post('/v1/clients/c-browser/orders').send(order('o-bad', -1));
      expect(refused.status).toBe(400);
      expect(refused.headers.etag).toBeUndefined();
      expect((await app.http.get('/v1/clients').expect(200)).headers.etag).toBeUndefined();
    });

    it('says Idempotent-Replayed: true on a replay only', async () => {
      const first = await app.http
        .post('/v1/clients/c-browser/orders')
        .set('Idempotency-Key', 'browser-1')
        .send(order('o-replay'))
        .expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const replay = await app.http
        .post('/v1/clients/c-browser/orders')
        .set('Idempotency-Key', 'browser-1')
        .send(order('o-replay'))
        .expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.etag).toBe(first.headers.etag);
    });
  });

  describe('problem types', () => {
    it("resolve: a problem's type answers its description, as JSON or HTML, and /problems lists them all", async () => {
      const refused = await app.http.get('/v1/clients/nobody');
      expectProblem(refused, 404, 'CLIENT_NOT_FOUND');
      const page = await app.anonymous.get(refused.body.type).set('Accept', 'application/json').expect(200);
      expect(page.body).toMatchObject({ code: 'CLIENT_NOT_FOUND', status: 404, description: expect.stringMatching(/client/i) });
      const html = await app.anonymous.get('/problems/store-unavailable').set('Accept', 'text/html').expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toContain('STORE_UNAVAILABLE');
      expect(html.text).toContain('Retry-After: 1');
      const all = await app.anonymous.get('/problems').expect(200);
      expect(all.body.problems.map((entry: { code: string }) => entry.code)).toEqual(
        expect.arrayContaining(['REVISION_MISMATCH', 'VALIDATION_FAILED']),
      );
      expect(all.body.fieldCodes.map((entry: { code: string }) => entry.code)).toEqual(expect.arrayContaining(['TOO_LONG', 'WRONG_TYPE']));
      expectProblem(await app.anonymous.get('/problems/no-such-problem'), 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('one shape of field error on both transports', () => {
    const fieldsOf = (errors: { path: string; code: string; params: unknown }[]) =>
      errors.map(({ path, code, params }) => ({ path, code, params }));

    it('an amount that is no integer: REST, a GraphQL literal and a GraphQL variable name the same path, code and params', async () => {
      const rest = await app.http.post('/v1/clients/c-browser/orders').send(order('o-f', 12.5));
      expectProblem(rest, 400, 'VALIDATION_FAILED');
      const expected = [{ path: 'total.amount', code: 'WRONG_TYPE', params: { expected: 'integer' } }];
      expect(fieldsOf(rest.body.errors)).toEqual(expected);
      expect(rest.body.errors[0].field).toBe('total.amount');

      const literal = await graphql(`
        mutation {
          placeReorder(clientId: "c-browser", input: { orderId: "o-f", total: { amount: 12.5, currency: "EUR" }, takenBy: "rep-anna" }) {
            revision
          }
        }
      `);
      expect(literal.body.errors).toHaveLength(1);
      expect(literal.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(fieldsOf(literal.body.errors[0].extensions.errors)).toEqual(expected);
      expect(literal.body.errors[0].extensions.errors[0].field).toBe('input.total.amount');

      const variable = await graphql(
        'mutation ($input: PlaceReorderInput!) { placeReorder(clientId: "c-browser", input: $input) { revision } }',
        { input: order('o-f', 12.5) },
      );
      expect(variable.status).toBe(400);
      expect(variable.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(fieldsOf(variable.body.errors[0].extensions.errors)).toEqual(expected);
    });

    it('a variable deeper in the arguments, a missing field, an unknown one: placed under the input', async () => {
      const nested = await graphql(
        'mutation ($total: MoneyInput!) { placeReorder(clientId: "c-browser", input: {orderId: "o-g", total: $total, takenBy: "rep-anna"}) { revision } }',
        { total: { amount: 5, colour: 'red' } },
      );
      // graphql-js checks an object's required fields before its unknown ones; REST lists them as class-validator finds them.
      const expected = [
        { path: 'total.currency', code: 'REQUIRED', params: {} },
        { path: 'total.colour', code: 'UNKNOWN_FIELD', params: {} },
      ];
      expect(fieldsOf(nested.body.errors[0].extensions.errors)).toEqual(expected);
      expect(nested.body.errors[0].extensions.errors.map((error: { field: string }) => error.field)).toEqual([
        'input.total.currency',
        'input.total.colour',
      ]);
      const rest = await app.http.post('/v1/clients/c-browser/orders').send({ ...order('o-g'), total: { amount: 5, colour: 'red' } });
      expect(fieldsOf(rest.body.errors)).toEqual(expect.arrayContaining(expected));
    });

    it('a rule of the request (a reason too long): the same code and params, with the path relative to the input', async () => {
      const reason = 'x'.repeat(1001);
      const rest = await app.http.post('/v1/clients/c-browser/loss').set('X-Request-Id', 'req-browser-1').send({ reason });
      expectProblem(rest, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(rest.body.errors)).toEqual([{ path: 'reason', code: 'TOO_LONG', params: { max: 1000 } }]);
      expect(rest.body.requestId).toBe('req-browser-1');
      expect(rest.headers['x-request-id']).toBe('req-browser-1');

      const viaGraphql = await graphql(
        'mutation ($input: LoseClientInput!) { loseClient(clientId: "c-browser", input: $input) { revision } }',
        {
          input: { reason },
        },
      ).set('X-Request-Id', 'req-browser-2');
      const [error] = viaGraphql.body.errors;
      expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', requestId: 'req-browser-2' });
      expect(fieldsOf(error.extensions.errors)).toEqual([{ path: 'reason', code: 'TOO_LONG', params: { max: 1000 } }]);
      expect(error.extensions.errors[0].field).toBe('input.reason');
    });

    it("a rule of the ledger names the field with the rule's own code, on both transports", async () => {
      const expected = [{ path: 'total.amount', code: 'ORDER_TOTAL_NOT_POSITIVE', params: {} }];
      const rest = await app.http.post('/v1/clients/c-browser/orders').send(order('o-zero', 0));
      expectProblem(rest, 400, 'ORDER_TOTAL_NOT_POSITIVE');
      expect(fieldsOf(rest.body.errors)).toEqual(expected);
      const viaGraphql = await graphql(
        'mutation ($input: PlaceReorderInput!) { placeReorder(clientId: "c-browser", input: $input) { revision } }',
        { input: order('o-zero', 0) },
      );
      expect(viaGraphql.body.errors[0].extensions.code).toBe('ORDER_TOTAL_NOT_POSITIVE');
      expect(fieldsOf(viaGraphql.body.errors[0].extensions.errors)).toEqual(expected);
    });
  });

  describe('GraphQL over HTTP as browser clients send it', () => {
    it('answers a GET query carrying its bearer token (urql’s default) and refuses one a form could forge', async () => {
      const query = encodeURIComponent('{ clients(limit: 1) { total } }');
      const answer = await app.http.get(`/graphql?query=${query}`).expect(200);
      expect(answer.body.data.clients.total).toBeGreaterThan(0);
      const forged = await app.anonymous.get(`/graphql?query=${query}`);
      expect(forged.status).toBe(400);
      expect(forged.text).toMatch(/CSRF/);
    });

    it('refuses a batch (Apollo BatchHttpLink) with 400, as documented', async () => {
      const batch = await app.http.post('/graphql').send([{ query: '{ clients(limit: 1) { total } }' }]);
      expect(batch.status).toBe(400);
    });

    it('answers a persisted query whose hash is not its text’s as the persisted-query error it is', async () => {
      const query = '{ clients(limit: 1) { total } }';
      const wrong = await app.http
        .post('/graphql')
        .send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
      const right = createHash('sha256').update(query).digest('hex');
      await app.http
        .post('/graphql')
        .send({ query, extensions: { persistedQuery: { version: 1, sha256Hash: right } } })
        .expect(200);
      const byHash = await app.http
        .post('/graphql')
        .send({ extensions: { persistedQuery: { version: 1, sha256Hash: right } } })
        .expect(200);
      expect(byHash.body.data.clients.total).toBeGreaterThan(0);
    });
  });

  describe('OpenAPI', () => {
    it('names operations as the access table does, with their headers, 429 and their own problem codes', async () => {
      const document = (await app.anonymous.get('/docs/json').expect(200)).body;
      const reorder = document.paths['/v1/clients/{clientId}/orders'].post;
      expect(reorder.operationId).toBe('placeReorder');
      expect(Object.keys(reorder.responses['201'].headers)).toEqual(
        expect.arrayContaining(['ETag', 'Idempotent-Replayed', 'X-Request-Id']),
      );
      expect(Object.keys(reorder.responses['412'].headers)).toContain('ETag');
      expect(Object.keys(reorder.responses['429'].headers)).toContain('Retry-After');
      expect(reorder.responses['409']['x-problem-codes']).toEqual(expect.arrayContaining(['ORDER_ALREADY_PLACED', 'CLIENT_LOST']));
      expect(reorder.responses['409']['x-problem-codes']).not.toContain('LEAD_NOT_CONTACTED');
      const client = document.paths['/v1/clients/{clientId}'].get;
      expect(client.operationId).toBe('client');
      expect(Object.keys(client.responses['200'].headers)).toContain('ETag');
      expect(client.responses['404']['x-problem-codes']).toEqual(['CLIENT_NOT_FOUND']);
      expect(client.responses['412']).toBeUndefined();
    });
  });
});
