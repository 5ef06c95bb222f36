import { expectProblem, itRefusesQueriesNamingTheField, seedOrganisation, TestApp, winClient } from './support/test-app';

interface Row {
  clientId: string;
}
const idsOf = (body: { clients: Row[] }) => body.clients.map((client) => client.clientId);
const kindsOf = (body: { handoffs: Array<{ clientId: string; kind: string }> }) =>
  body.handoffs.map((row) => `${row.kind} ${row.clientId}`);
type Post = readonly [department: string, employeeId: string];
/** The ends of a move on the trail: the department and employee a client left, and those it went to. */
const moved = ([fromDepartment, fromEmployee]: Post, [toDepartment, toEmployee]: Post) => ({
  from: { department: fromDepartment, employeeId: fromEmployee },
  to: { department: toDepartment, employeeId: toEmployee },
});

/**
 * Five clients won by Anna on 10 February, out of alphabetical order. In March:
 * Sam (sales head) hands c-alpha to Carl, an admin hands c-delta to Carl and
 * escalates c-alpha to Kim's key accounts, c-charlie is lost, c-bravo reorders.
 */
async function recordDirectory(app: TestApp): Promise<{ handoffAlpha: string; handoffDelta: string; escalationAlpha: string }> {
  await seedOrganisation(app);
  for (const clientId of ['c-echo', 'c-alpha', 'c-delta', 'c-charlie', 'c-bravo']) await winClient(app, clientId);
  const handoffAlpha = await app
    .as('head', 'head-sam')
    .post('/v1/clients/c-alpha/handoff')
    .set('X-Correlation-Id', 'corr-handoff-alpha')
    .send({ toManagerId: 'mgr-carl', reason: 'repeat customer', occurredAt: '2024-03-01T10:00:00Z' })
    .expect(201);
  const admin = () => app.as('admin', 'admin-1');
  const handoffDelta = await admin()
    .post('/v1/clients/c-delta/handoff')
    .send({ toManagerId: 'mgr-carl', reason: 'reorders monthly', occurredAt: '2024-03-05T10:00:00Z' })
    .expect(201);
  const escalationAlpha = await admin()
    .post('/v1/clients/c-alpha/key-account')
    .send({ ownerId: 'kam-kim', reason: 'big fish', occurredAt: '2024-03-10T10:00:00Z' })
    .expect(201);
  await admin()
    .post('/v1/clients/c-charlie/loss')
    .send({ reason: 'moved to a competitor', competitor: 'Rival AG', occurredAt: '2024-03-15T10:00:00Z' })
    .expect(201);
  await admin()
    .post('/v1/clients/c-bravo/orders')
    .send({ orderId: 'c-bravo-o2', total: { amount: 25_000, currency: 'GBP' }, takenBy: 'rep-anna', occurredAt: '2024-03-20T10:00:00Z' })
    .expect(201);
  return {
    handoffAlpha: handoffAlpha.body.eventId,
    handoffDelta: handoffDelta.body.eventId,
    escalationAlpha: escalationAlpha.body.eventId,
  };
}

describe('the client directory and the handoff trail over REST', () => {
  let app: TestApp;
  let eventIds: Awaited<ReturnType<typeof recordDirectory>>;
  beforeAll(async () => {
    app = await TestApp.start();
    eventIds = await recordDirectory(app);
  });
  afterAll(() => app.stop());

  describe('GET /v1/clients', () => {
    it('pages through every client in id order to the end, each page with the total and the next cursor', async () => {
      const head = await app.headPosition();
      const first = await app.http.get('/v1/clients?limit=2').expect(200);
      expect(first.body).toMatchObject({ asOf: null, position: head, total: 5, nextCursor: expect.any(String) });
      expect(idsOf(first.body)).toEqual(['c-alpha', 'c-bravo']);
      expect(first.body.clients[0]).toEqual({
        clientId: 'c-alpha',
        leadId: 'lead-of-c-alpha',
        company: 'Company c-alpha',
        wonBy: 'rep-anna',
        wonAt: '2024-02-10T10:00:00.000Z',
        status: 'active',
        owningDepartment: 'key_accounts',
        ownerId: 'kam-kim',
        keyAccount: true,
        orderCount: 1,
        lastOrderAt: '2024-02-10T10:00:00.000Z',
        revenue: [{ amount: '100000', currency: 'EUR' }],
        lostAt: null,
      });
      // 1,000.00 EUR first order and the 250.00 GBP reorder, never added together.
      expect(first.body.clients[1]).toMatchObject({
        clientId: 'c-bravo',
        orderCount: 2,
        lastOrderAt: '2024-03-20T10:00:00.000Z',
        revenue: [
          { amount: '100000', currency: 'EUR' },
          { amount: '25000', currency: 'GBP' },
        ],
      });

      const second = await app.http.get('/v1/clients').query({ limit: 2, after: first.body.nextCursor }).expect(200);
      expect([idsOf(second.body), second.body.total]).toEqual([['c-charlie', 'c-delta'], 5]);
      expect(second.body.clients[0]).toMatchObject({ status: 'lost', lostAt: '2024-03-15T10:00:00.000Z' });
      const last = await app.http.get('/v1/clients').query({ limit: 2, after: second.body.nextCursor }).expect(200);
      expect([idsOf(last.body), last.body.total, last.body.nextCursor]).toEqual([['c-echo'], 5, null]);
    });

    it('gives 50 a page by default', async () => {
      const response = await app.http.get('/v1/clients').expect(200);
      expect([response.body.clients.length, response.body.nextCursor]).toEqual([5, null]);
    });

    it('filters by status, owning department and owner', async () => {
      expect(idsOf((await app.http.get('/v1/clients?status=lost').expect(200)).body)).toEqual(['c-charlie']);
      expect(idsOf((await app.http.get('/v1/clients?owningDepartment=client').expect(200)).body)).toEqual(['c-delta']);
      expect(idsOf((await app.http.get('/v1/clients?ownerId=kam-kim').expect(200)).body)).toEqual(['c-alpha']);
      const activeSales = await app.http.get('/v1/clients?owningDepartment=sales&status=active&limit=1').expect(200);
      expect([idsOf(activeSales.body), activeSales.body.total]).toEqual([['c-bravo'], 2]);
      const rest = await app.http
        .get('/v1/clients')
        .query({ owningDepartment: 'sales', status: 'active', limit: 1, after: activeSales.body.nextCursor })
        .expect(200);
      expect([idsOf(rest.body), rest.body.nextCursor]).toEqual([['c-echo'], null]);
    });

    it('answers as of a business time: on 2 March c-alpha was with Carl and not yet a key account, c-charlie not lost', async () => {
      const response = await app.http.get('/v1/clients?asOf=2024-03-02T01:00:00%2B01:00').expect(200);
      expect(response.body.asOf).toBe('2024-03-02T00:00:00.000Z');
      expect(
        response.body.clients.map(
          (client: { clientId: string; status: string; owningDepartment: string; ownerId: string; keyAccount: boolean }) => [
            client.clientId,
            client.status,
            client.owningDepartment,
            client.ownerId,
            client.keyAccount,
          ],
        ),
      ).toEqual([
        ['c-alpha', 'active', 'client', 'mgr-carl', false],
        ['c-bravo', 'active', 'sales', 'rep-anna', false],
        ['c-charlie', 'active', 'sales', 'rep-anna', false],
        ['c-delta', 'active', 'sales', 'rep-anna', false],
        ['c-echo', 'active', 'sales', 'rep-anna', false],
      ]);
    });

    it.each([
      ['text that is no cursor', 'not-a-cursor'],
      ['a cursor cut short', 'Y2xpZW50Om'],
      ['base64url of a client id without the cursor’s form', Buffer.from('c-bravo').toString('base64url')],
    ])('answers 400 CURSOR_INVALID for %s, naming after', async (_case, after) => {
      const response = await app.http.get('/v1/clients').query({ after });
      expectProblem(response, 400, 'CURSOR_INVALID');
      expect(response.body.errors).toEqual([
        { field: 'after', path: 'after', code: 'CURSOR_INVALID', params: {}, message: expect.stringMatching(/nextCursor/) },
      ]);
    });

    itRefusesQueriesNamingTheField(
      () => app,
      [
        ['a limit of zero', '/v1/clients?limit=0', 'limit'],
        ['a limit above 500', '/v1/clients?limit=501', 'limit'],
        ['a limit that is no number', '/v1/clients?limit=ten', 'limit'],
        ['an unknown status', '/v1/clients?status=dormant', 'status'],
        ['an unknown department', '/v1/clients?owningDepartment=marketing', 'owningDepartment'],
        ['an owner id outside the id alphabet', '/v1/clients?ownerId=%2Fetc', 'ownerId'],
        ['two cursors', '/v1/clients?after=a&after=b', 'after'],
        ['an asOf without a zone', '/v1/clients?asOf=2024-03-01T10:00:00', 'asOf'],
        ['an unknown filter', '/v1/clients?region=north', 'region'],
      ],
    );
  });

  describe('GET /v1/audit/handoffs', () => {
    const trail = async (query: Record<string, string>) =>
      kindsOf((await app.as('auditor').get('/v1/audit/handoffs').query(query).expect(200)).body);

    it('lists every handoff and escalation oldest first, with the actor, reason, correlation and causation recorded', async () => {
      const response = await app.as('auditor').get('/v1/audit/handoffs').expect(200);
      expect(response.body).toMatchObject({ asOf: null, position: await app.headPosition() });
      expect(kindsOf(response.body)).toEqual(['handoff c-alpha', 'handoff c-delta', 'escalation c-alpha']);
      const [alpha, delta, escalation] = response.body.handoffs;
      expect(alpha).toEqual({
        position: expect.any(Number),
        eventId: eventIds.handoffAlpha,
        kind: 'handoff',
        occurredAt: '2024-03-01T10:00:00.000Z',
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        clientId: 'c-alpha',
        ...moved(['sales', 'rep-anna'], ['client', 'mgr-carl']),
        actor: { type: 'user', id: 'head-sam', role: 'head' },
        reason: 'repeat customer',
        rule: null,
        correlationId: 'corr-handoff-alpha',
        causationId: 'corr-handoff-alpha',
        causationChain: [],
      });
      expect(delta).toMatchObject({
        eventId: eventIds.handoffDelta,
        ...moved(['sales', 'rep-anna'], ['client', 'mgr-carl']),
        actor: { type: 'user', id: 'admin-1', role: 'admin' },
        reason: 'reorders monthly',
      });
      expect(escalation).toMatchObject({
        eventId: eventIds.escalationAlpha,
        kind: 'escalation',
        ...moved(['client', 'mgr-carl'], ['key_accounts', 'kam-kim']),
        reason: 'big fish',
      });
      expect(alpha.position).toBeLessThan(delta.position);
      expect(delta.position).toBeLessThan(escalation.position);
    });

    it('filters by client, by employee (giver, receiver or actor) and by department', async () => {
      expect(await trail({ clientId: 'c-alpha' })).toEqual(['handoff c-alpha', 'escalation c-alpha']);
      expect(await trail({ employeeId: 'head-sam' })).toEqual(['handoff c-alpha']);
      expect(await trail({ employeeId: 'mgr-carl' })).toEqual(['handoff c-alpha', 'handoff c-delta', 'escalation c-alpha']);
      expect(await trail({ employeeId: 'admin-1', clientId: 'c-delta' })).toEqual(['handoff c-delta']);
      expect(await trail({ department: 'key_accounts' })).toEqual(['escalation c-alpha']);
      expect(await trail({ clientId: 'c-echo' })).toEqual([]);
    });

    it('selects by business time: a day as `to` counts whole, a time is exclusive', async () => {
      expect(await trail({ from: '2024-03-02', to: '2024-03-05' })).toEqual(['handoff c-delta']);
      expect(await trail({ from: '2024-03-02T00:00:00Z', to: '2024-03-05T10:00:00Z' })).toEqual([]);
      expect(await trail({ from: '2024-03-05T10:00:00Z' })).toEqual(['handoff c-delta', 'escalation c-alpha']);
    });

    it('answers as of a business time', async () => {
      const response = await app.as('auditor').get('/v1/audit/handoffs?asOf=2024-03-06T00:00:00Z').expect(200);
      expect(response.body.asOf).toBe('2024-03-06T00:00:00.000Z');
      expect(kindsOf(response.body)).toEqual(['handoff c-alpha', 'handoff c-delta']);
    });

    itRefusesQueriesNamingTheField(
      () => app,
      [
        ['a period that ends before it starts', '/v1/audit/handoffs?from=2024-03-31&to=2024-03-01', 'to'],
        ['a date that is not one', '/v1/audit/handoffs?from=2024-02-30', 'from'],
        ['an unknown department', '/v1/audit/handoffs?department=marketing', 'department'],
        ['a client id outside the id alphabet', '/v1/audit/handoffs?clientId=a%20b', 'clientId'],
        ['an unknown filter', '/v1/audit/handoffs?rule=auto', 'rule'],
      ],
    );
  });

  describe('who may read them', () => {
    it('lets an auditor read the handoff trail but not the client directory', async () => {
      await app.as('auditor').get('/v1/audit/handoffs').expect(200);
      expectProblem(await app.as('auditor').get('/v1/clients'), 403, 'FORBIDDEN');
    });

    it('lets staff read both', async () => {
      for (const role of ['rep', 'manager', 'analyst'] as const) {
        await app.as(role).get('/v1/clients?limit=1').expect(200);
        await app.as(role).get('/v1/audit/handoffs').expect(200);
      }
    });

    it('wants credentials for both', async () => {
      expectProblem(await app.anonymous.get('/v1/clients'), 401, 'UNAUTHENTICATED');
      expectProblem(await app.anonymous.get('/v1/audit/handoffs'), 401, 'UNAUTHENTICATED');
    });
  });
});
