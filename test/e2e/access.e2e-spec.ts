import type { AccessRole } from '@ledger/ledger';
import { JwtService } from '@nestjs/jwt';

import { signToken } from '../../apps/api/src/auth/authenticator';
import { addEmployee } from './support/given';
import { expectProblem, seedOrganisation, TEST_JWT_SECRET, TestApp, tokenFor, winClient } from './support/test-app';

const API_KEY = 'bi-export-key-0123456789';

describe('authentication and who may do what (REST)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ env: { LEDGER_API_KEYS: `${API_KEY}=analyst:bi-export` } });
    await seedOrganisation(app);
    await addEmployee(app, {
      employeeId: 'head-cleo',
      name: 'Cleo Head',
      department: 'client',
      role: 'head',
      occurredAt: '2024-01-01T08:00:00Z',
    });
    await addEmployee(app, {
      employeeId: 'rep-ben',
      name: 'Ben Rep',
      department: 'sales',
      role: 'rep',
      occurredAt: '2024-01-01T08:00:00Z',
    });
    await winClient(app, 'acme');
  });
  afterAll(() => app.stop());

  describe('credentials', () => {
    it('a request without credentials is 401, as problem details naming the scheme', async () => {
      const response = await app.anonymous.get('/v1/pipeline');
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="sales-ledger"');
    });

    it.each([
      [
        'a token signed with another secret',
        `Bearer ${signToken('another-secret-of-at-least-32-characters', { sub: 'x', role: 'admin' })}`,
        /not valid/,
      ],
      ['an expired token', `Bearer ${tokenFor('admin', 'test-admin', -10)}`, /expired/],
      ['a token whose role claim was changed', `Bearer ${tamperRole(tokenFor('rep', 'rep-anna'), 'admin')}`, /not valid/],
      ['an unknown API key', 'Bearer not-a-known-key-at-all', /API key is not known/],
      ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`, /Bearer/],
    ])('%s is 401', async (_case, authorization, reason) => {
      const response = await app.anonymous.get('/v1/pipeline').set('Authorization', authorization);
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.body.detail).toMatch(reason);
    });

    it('a token for a role the ledger does not know is 401', async () => {
      const token = new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub: 'x', role: 'superuser' });
      expectProblem(await app.anonymous.get('/v1/pipeline').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
    });

    it('an API key stands for its configured role and actor', async () => {
      await app.anonymous.get('/v1/pipeline').set('Authorization', `Bearer ${API_KEY}`).expect(200);
      const write = await app.anonymous
        .post('/v1/leads/lead-k/loss')
        .set('Authorization', `Bearer ${API_KEY}`)
        .send({ reason: 'no budget' });
      expectProblem(write, 403, 'FORBIDDEN');
    });

    it('health and the API documentation need no credentials', async () => {
      await app.anonymous.get('/health').expect(200);
    });
  });

  describe('the actor on every event comes from the token', () => {
    it('a rep records a contact as themselves, and the event names them with their role', async () => {
      const contacted = await app
        .as('rep', 'rep-ben')
        .post('/v1/leads/lead-b/contacts')
        .send({ repId: 'rep-ben', company: 'Beta', channel: 'email', outcome: 'interested' })
        .expect(201);
      const { body } = await app.http.get(`/v1/events?after=${contacted.body.position - 1}&limit=1`).expect(200);
      expect(body.events[0].metadata.actor).toEqual({ type: 'user', id: 'rep-ben', role: 'rep' });
    });

    it('an actor in the body is refused, not believed', async () => {
      const response = await app
        .as('rep', 'rep-ben')
        .post('/v1/leads/lead-c/contacts')
        .send({ repId: 'rep-ben', company: 'C', channel: 'email', outcome: 'x', actor: 'admin' });
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    it('the temporary X-Actor-Id header means nothing any more', async () => {
      const response = await app
        .as('rep', 'rep-ben')
        .post('/v1/leads/lead-d/contacts')
        .set('X-Actor-Id', 'rep-anna')
        .send({ repId: 'rep-ben', company: 'D', channel: 'call', outcome: 'x' })
        .expect(201);
      const { body } = await app.http.get(`/v1/events?after=${response.body.position - 1}&limit=1`).expect(200);
      expect(body.events[0].metadata.actor.id).toBe('rep-ben');
    });
  });

  describe('rules that depend on who the actor is', () => {
    it("a rep may not record another rep's contact, win or order", async () => {
      const contact = await app
        .as('rep', 'rep-ben')
        .post('/v1/leads/lead-e/contacts')
        .send({ repId: 'rep-anna', company: 'E', channel: 'call', outcome: 'x' });
      expectProblem(contact, 403, 'FORBIDDEN');
      expect(contact.body.errors).toEqual([
        { field: 'repId', path: 'repId', code: 'FORBIDDEN', params: {}, message: expect.stringMatching(/as themselves/) },
      ]);
      const order = await app
        .as('rep', 'rep-ben')
        .post('/v1/clients/acme/orders')
        .send({ orderId: 'o-x', total: { amount: 100, currency: 'EUR' }, takenBy: 'rep-anna' });
      expectProblem(order, 403, 'FORBIDDEN');
    });

    it("a rep may not close another rep's lead, but may close their own", async () => {
      await app
        .as('rep', 'rep-anna')
        .post('/v1/leads/lead-f/contacts')
        .send({ repId: 'rep-anna', company: 'F', channel: 'call', outcome: 'x' })
        .expect(201);
      expectProblem(await app.as('rep', 'rep-ben').post('/v1/leads/lead-f/loss').send({ reason: 'gone' }), 403, 'FORBIDDEN');
      await app.as('rep', 'rep-anna').post('/v1/leads/lead-f/loss').send({ reason: 'gone' }).expect(201);
    });

    it('a client manager takes no reorder of a client the sales department looks after (their own once handed over, below)', async () => {
      const order = await app
        .as('manager', 'mgr-carl')
        .post('/v1/clients/acme/orders')
        .send({ orderId: 'o-m', total: { amount: 500, currency: 'EUR' }, takenBy: 'mgr-carl' });
      expectProblem(order, 403, 'FORBIDDEN');
      expect(order.body.detail).toMatch(/looked after by the sales department/);
    });

    /** As the head `actorId`: the first command is recorded (201), the second refused with 403 FORBIDDEN. */
    const headMayButMayNot = async (actorId: string, allowed: [string, object], refused: [string, object]) => {
      await app.as('head', actorId).post(allowed[0]).send(allowed[1]).expect(201);
      expectProblem(await app.as('head', actorId).post(refused[0]).send(refused[1]), 403, 'FORBIDDEN');
    };

    it('a head acts for people of their department, not for others', async () => {
      await headMayButMayNot(
        'head-sam',
        ['/v1/leads/lead-g/contacts', { repId: 'rep-anna', company: 'G', channel: 'call', outcome: 'x' }],
        ['/v1/clients/acme/orders', { orderId: 'o-h', total: { amount: 1, currency: 'EUR' }, takenBy: 'mgr-carl' }],
      );
    });

    it('heads manage the people and plans of their own department only', async () => {
      await headMayButMayNot(
        'head-sam',
        ['/v1/employees', { employeeId: 'rep-new', name: 'New Rep', department: 'sales', role: 'rep' }],
        ['/v1/employees', { employeeId: 'mgr-new', name: 'New Mgr', department: 'client', role: 'manager' }],
      );
      await headMayButMayNot(
        'head-cleo',
        ['/v1/commission-plans', { department: 'client', rateBasisPoints: 200, effectiveFrom: '2024-01-01T00:00:00Z' }],
        ['/v1/commission-plans', { department: 'sales', rateBasisPoints: 900, effectiveFrom: '2024-01-01T00:00:00Z' }],
      );
    });

    it('a head token for someone the ledger records as a rep is refused', async () => {
      expectProblem(
        await app.as('head', 'rep-anna').post('/v1/employees').send({ employeeId: 'rep-x', name: 'X', department: 'sales', role: 'rep' }),
        403,
        'FORBIDDEN',
      );
    });

    it('the client head may take a client over from sales; then a client manager takes its reorders as themselves', async () => {
      await app
        .as('head', 'head-cleo')
        .post('/v1/clients/acme/handoff')
        .send({ toManagerId: 'mgr-carl', reason: 'repeat buyer' })
        .expect(201);
      await app
        .as('manager', 'mgr-carl')
        .post('/v1/clients/acme/orders')
        .send({ orderId: 'o-m', total: { amount: 500, currency: 'EUR' }, takenBy: 'mgr-carl' })
        .expect(201);
    });

    it("analysts read everything and write nothing; auditors read the log and a client's or lead's state, not the reports", async () => {
      await app.as('analyst').get('/v1/revenue').expect(200);
      await app.as('analyst').get('/v1/clients/acme').expect(200);
      expectProblem(await app.as('analyst').post('/v1/clients/acme/loss').send({ reason: 'x' }), 403, 'FORBIDDEN');
      await app.as('auditor').get('/v1/events').expect(200);
      await app.as('auditor').get('/v1/clients/acme/events').expect(200);
      // The state of the client or lead whose trail an auditor traces, now and as of a time; not the directories.
      const client = await app.as('auditor').get('/v1/clients/acme').expect(200);
      expect(client.body).toMatchObject({ clientId: 'acme' });
      await app
        .as('auditor')
        .get(`/v1/clients/acme?asOf=${encodeURIComponent(client.body.wonAt)}`)
        .expect(200);
      await app.as('auditor').get(`/v1/leads/${client.body.leadId}`).expect(200);
      expectProblem(await app.as('auditor').get('/v1/clients'), 403, 'FORBIDDEN');
      const report = await app.as('auditor').get('/v1/pipeline');
      expectProblem(report, 403, 'FORBIDDEN');
      expect(report.body.detail).toBe(
        'the role auditor may not call pipeline; allowed: rep, head, manager, key_account_owner, analyst, admin',
      );
    });

    it("an Idempotency-Key is the caller's own: another caller's same key is another request", async () => {
      /** A reorder of acme taken by mgr-carl, sent by the caller with the key both callers use. */
      const orderWithSharedKey = (role: AccessRole, actorId: string, orderId: string) =>
        app
          .as(role, actorId)
          .post('/v1/clients/acme/orders')
          .set('Idempotency-Key', 'shared-key')
          .send({ orderId, total: { amount: 700, currency: 'EUR' }, takenBy: 'mgr-carl' })
          .expect(201);
      const first = await orderWithSharedKey('manager', 'mgr-carl', 'o-k1');
      const other = await orderWithSharedKey('admin', 'ops', 'o-k2');
      expect(other.body.eventId).not.toBe(first.body.eventId);
      const retry = await orderWithSharedKey('manager', 'mgr-carl', 'o-k1');
      expect(retry.body).toEqual(first.body);
    });

    it('a refused request appends nothing', async () => {
      const before = await app.headPosition();
      await app.as('analyst').post('/v1/employees').send({ employeeId: 'x', name: 'X', department: 'sales', role: 'rep' }).expect(403);
      await app
        .as('rep', 'rep-ben')
        .post('/v1/clients')
        .send({ clientId: 'c9', leadId: 'lead-b', repId: 'rep-anna', firstOrder: { orderId: 'o', total: { amount: 1, currency: 'EUR' } } })
        .expect(403);
      expect(await app.headPosition()).toBe(before);
    });
  });
});

/** Rewrites the payload's role without re-signing: what a client forging its own role would send. */
function tamperRole(token: string, role: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return [header, Buffer.from(JSON.stringify({ ...claims, role })).toString('base64url'), signature].join('.');
}
