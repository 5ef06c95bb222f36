import type { Response } from 'supertest';

import { handOff } from './support/given';
import { expectProblem, startSeeded, TestApp, winClient } from './support/test-app';

/** A rule of the ledger refuses the command: 409 with the rule's code. */
async function expectRuleRefusal(request: PromiseLike<Response>, code: string): Promise<void> {
  expectProblem(await request, 409, code);
}

describe('command rules over REST', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded();
  });
  afterAll(() => app.stop());

  describe('rules that span streams', () => {
    it('refuses a lead contact by someone outside the sales department', async () => {
      const response = await app.http
        .post('/v1/leads/l-x/contacts')
        .send({ repId: 'mgr-carl', company: 'X', channel: 'email', outcome: 'no answer' });
      expectProblem(response, 409, 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT');
      expect(response.body.errors).toEqual([
        { field: 'repId', path: 'repId', code: 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT', params: {}, message: expect.any(String) },
      ]);
    });

    it('refuses a handoff to someone outside the client department, and to an unknown employee', async () => {
      await winClient(app, 'c-handoff');
      await expectRuleRefusal(
        app.http.post('/v1/clients/c-handoff/handoff').send({ toManagerId: 'head-sam', reason: 'x' }),
        'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT',
      );
      await expectRuleRefusal(
        app.http.post('/v1/clients/c-handoff/handoff').send({ toManagerId: 'ghost', reason: 'x' }),
        'EMPLOYEE_UNKNOWN',
      );
    });

    it('refuses a second handoff: only the sales department hands off', async () => {
      await winClient(app, 'c-twice');
      await handOff(app, 'c-twice', { toManagerId: 'mgr-carl', reason: 'repeat buyer' });
      await expectRuleRefusal(
        app.http.post('/v1/clients/c-twice/handoff').send({ toManagerId: 'mgr-carl', reason: 'again' }),
        'HANDOFF_NOT_FROM_SALES',
      );
    });

    it('refuses a key account owned by a sales rep', async () => {
      await winClient(app, 'c-kam');
      await expectRuleRefusal(
        app.http.post('/v1/clients/c-kam/key-account').send({ ownerId: 'rep-anna', reason: 'big' }),
        'KEY_ACCOUNT_OWNER_INELIGIBLE',
      );
    });

    it('refuses winning a lead that was never contacted, and winning one lead twice', async () => {
      const order = { orderId: 'o', total: { amount: 5, currency: 'EUR' } };
      await expectRuleRefusal(
        app.http.post('/v1/clients').send({ clientId: 'c-none', leadId: 'never', repId: 'rep-anna', firstOrder: order }),
        'LEAD_NOT_CONTACTED',
      );
      await winClient(app, 'c-first', { leadId: 'lead-shared' });
      await expectRuleRefusal(
        app.http.post('/v1/clients').send({ clientId: 'c-second', leadId: 'lead-shared', repId: 'rep-anna', firstOrder: order }),
        'LEAD_CLOSED',
      );
      expectProblem(await app.http.get('/v1/clients/c-second'), 404, 'CLIENT_NOT_FOUND');
    });

    it('refuses orders for a lost client', async () => {
      await winClient(app, 'c-lost');
      await app.http.post('/v1/clients/c-lost/loss').send({ reason: 'price', competitor: 'Globex' }).expect(201);
      const lost = await app.http.get('/v1/clients/c-lost').expect(200);
      expect(lost.body).toMatchObject({ status: 'lost', lost: { reason: 'price', competitor: 'Globex' } });
      expectProblem(
        await app.http
          .post('/v1/clients/c-lost/orders')
          .send({ orderId: 'o-x', total: { amount: 1, currency: 'EUR' }, takenBy: 'rep-anna' }),
        409,
        'CLIENT_LOST',
      );
    });
  });

  describe('business time', () => {
    it('refuses an event older than the stream head, and one far in the future', async () => {
      await winClient(app, 'c-time');
      const order = { orderId: 'o-t', total: { amount: 1, currency: 'EUR' }, takenBy: 'rep-anna' };
      await expectRuleRefusal(
        app.http.post('/v1/clients/c-time/orders').send({ ...order, occurredAt: '2024-02-09T00:00:00Z' }),
        'OCCURRED_AT_BACKWARDS',
      );
      const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
      expectProblem(await app.http.post('/v1/clients/c-time/orders').send({ ...order, occurredAt: future }), 400, 'OCCURRED_AT_IN_FUTURE');
      await app.http.post('/v1/clients/c-time/orders').send(order).expect(201);
    });
  });

  describe('If-Match', () => {
    it('appends when the revision matches and answers 412 when it does not', async () => {
      await winClient(app, 'c-match');
      const { headers } = await app.http.get('/v1/clients/c-match').expect(200);
      const order = (orderId: string) => ({ orderId, total: { amount: 10, currency: 'EUR' }, takenBy: 'rep-anna' });
      const first = await app.http.post('/v1/clients/c-match/orders').set('If-Match', headers.etag).send(order('o-a')).expect(201);
      expect(first.body.revision).toBe(1);
      const head = await app.headPosition();
      expectProblem(
        await app.http.post('/v1/clients/c-match/orders').set('If-Match', headers.etag).send(order('o-b')),
        412,
        'REVISION_MISMATCH',
      );
      expect(await app.headPosition()).toBe(head);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer and appends nothing; another body under the key is 409', async () => {
      await winClient(app, 'c-idem');
      const body = { orderId: 'o-i', total: { amount: 10, currency: 'EUR' }, takenBy: 'rep-anna' };
      const first = await app.http.post('/v1/clients/c-idem/orders').set('Idempotency-Key', 'key-1').send(body).expect(201);
      const head = await app.headPosition();
      const retry = await app.http
        .post('/v1/clients/c-idem/orders')
        .set('Idempotency-Key', 'key-1')
        .send({ takenBy: 'rep-anna', total: { currency: 'EUR', amount: 10 }, orderId: 'o-i' })
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await app.headPosition()).toBe(head);
      expectProblem(
        await app.http
          .post('/v1/clients/c-idem/orders')
          .set('Idempotency-Key', 'key-1')
          .send({ ...body, orderId: 'o-j' }),
        409,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await app.headPosition()).toBe(head);
    });

    it('still recognises a retry after a restart', async () => {
      await winClient(app, 'c-restart');
      const body = { orderId: 'o-r', total: { amount: 10, currency: 'EUR' }, takenBy: 'rep-anna' };
      const first = await app.http.post('/v1/clients/c-restart/orders').set('Idempotency-Key', 'key-restart').send(body).expect(201);
      app = await app.restart();
      const head = await app.headPosition();
      const retry = await app.http.post('/v1/clients/c-restart/orders').set('Idempotency-Key', 'key-restart').send(body).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await app.headPosition()).toBe(head);
    });

    it('makes a win idempotent across both streams it writes', async () => {
      await app.http
        .post('/v1/leads/lead-w/contacts')
        .send({ repId: 'rep-anna', company: 'W', channel: 'meeting', outcome: 'yes' })
        .expect(201);
      const body = {
        clientId: 'c-w',
        leadId: 'lead-w',
        repId: 'rep-anna',
        firstOrder: { orderId: 'w-1', total: { amount: 99, currency: 'GBP' } },
      };
      const first = await app.http.post('/v1/clients').set('Idempotency-Key', 'win-w').send(body).expect(201);
      const head = await app.headPosition();
      const retry = await app.http.post('/v1/clients').set('Idempotency-Key', 'win-w').send(body).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await app.headPosition()).toBe(head);
    });
  });

  describe('concurrency', () => {
    it('lets concurrent reorders on one client through one by one, never two at one revision', async () => {
      await winClient(app, 'c-busy');
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          app.http
            .post('/v1/clients/c-busy/orders')
            .send({ orderId: `busy-${index}`, total: { amount: 100 + index, currency: 'EUR' }, takenBy: 'rep-anna' }),
        ),
      );
      for (const response of responses) {
        if (response.status !== 201) expectProblem(response, 409, 'CONCURRENCY_CONFLICT');
      }
      const accepted = responses.filter((response) => response.status === 201);
      const events = await app.http.get('/v1/clients/c-busy/events').expect(200);
      expect(events.body.events.map((event: { revision: number }) => event.revision)).toEqual(
        Array.from({ length: accepted.length + 1 }, (_, index) => index),
      );
      expect(new Set(accepted.map((response) => response.body.revision)).size).toBe(accepted.length);
    });
  });
});
