import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';

import { expectProblem, TestApp, tokenFor } from '../e2e/support/test-app';

/** What users expect of any HTTP API: security headers, explicit CORS, a rate limit with problem details, no internal detail. */
describe('HTTP hardening', () => {
  describe('with the defaults (no cross-origin access) and a small rate limit', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await TestApp.start({ env: { LEDGER_RATE_LIMIT_PER_MINUTE: '5' } });
    });
    afterAll(() => app.stop());

    it('answers with security headers, and a data-only content security policy', async () => {
      const response = await app.anonymous.get('/health').expect(200);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.any(String),
      });
      expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('lets /docs and GraphiQL load their scripts', async () => {
      for (const page of ['/docs', '/graphql']) {
        const response = await app.anonymous.get(page).set('Accept', 'text/html').expect(200);
        expect(response.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline' https:\/\/unpkg\.com/);
      }
    });

    it('grants no cross-origin access by default', async () => {
      const response = await app.anonymous
        .options('/v1/clients')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('over the limit: 429 TOO_MANY_REQUESTS as problem details with Retry-After, for REST and GraphQL, but never the health probes', async () => {
      let limited;
      for (let attempt = 0; attempt < 10 && !limited; attempt++) {
        const response = await app.http.get('/v1/clients');
        if (response.status === 429) limited = response;
      }
      expectProblem(limited!, 429, 'TOO_MANY_REQUESTS');
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      const graphql = await app.http.post('/graphql').send({ query: '{ projectionStatus { __typename } }' });
      expect(graphql.status).toBe(429);
      expect(graphql.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
      await app.anonymous.get('/health').expect(200);
      await app.anonymous.get('/health/live').expect(200);
      await app.anonymous.get('/health/ready').expect(200);
    });
  });

  it('CORS for the origins configured, and only those', async () => {
    const app = await TestApp.start({ env: { LEDGER_CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const allowed = await app.anonymous
        .options('/v1/clients')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,idempotency-key');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
      const other = await app.anonymous.get('/health').set('Origin', 'https://evil.example.com');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.stop();
    }
  });

  it('answers 503 REQUEST_TIMEOUT to a request not done in time (here a body that never finishes arriving), as problem details', async () => {
    const app = await TestApp.start({ env: { LEDGER_REQUEST_TIMEOUT_MS: '300' } });
    try {
      const server = app.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const started = Date.now();
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/employees',
            headers: { 'content-type': 'application/json', 'content-length': '200', authorization: `Bearer ${tokenFor('admin')}` },
          },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        // A tenth of the body it announced, then nothing.
        request.write('{"employeeId":');
      });
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'REQUEST_TIMEOUT', status: 503 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(Date.now() - started).toBeLessThan(5_000);
      await app.http.get('/v1/events?limit=1').expect(200);
    } finally {
      await app.stop();
    }
  });

  it('in production, an internal failure answers a generic problem without its internal detail', async () => {
    const app = await TestApp.start({ env: { NODE_ENV: 'production' } });
    try {
      const store = app.app.get<EventStore>(EVENT_STORE);
      jest
        .spyOn(store, 'readStream')
        .mockRejectedValue(new Error('secret detail: disk /srv/ledger.db at readStream (/srv/app/store.ts:12:3)'));
      const answer = await app.http.get('/v1/clients/c-1/events');
      expectProblem(answer, 500, 'INTERNAL_ERROR');
      expect(answer.text).not.toMatch(/secret|\/srv|store\.ts/);
    } finally {
      await app.stop();
    }
  });

  it('in production, answers to bad input carry no internal detail either', async () => {
    const app = await TestApp.start({ env: { NODE_ENV: 'production' } });
    try {
      // A body that claims a Content-Encoding it does not have, and a malformed path: both the client's fault, neither leaking.
      const answers = [
        await app.http.post('/v1/employees').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}'),
        await app.http.get('/v1/clients/%E0%A4%A'),
        await app.http.post('/graphql').send({ query: '{ nope }' }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBeLessThan(500);
        expect(answer.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
      }
    } finally {
      await app.stop();
    }
  });
});
