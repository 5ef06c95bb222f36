import { seedOrganisation, TestApp, winClient } from './support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A business time `days` before now (so the days rule is not due unless a scenario wants it). */
const daysAgo = (days: number, minutes = 0) => new Date(Date.now() - days * DAY_MS + minutes * 60_000).toISOString();

/** Polls until the check passes (policies act in the background, after the append that set them off). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A client won ten days ago (contacted eleven days ago), its company named as the client. */
const winRecently = (app: TestApp, clientId: string, amount = 100_000, currency = 'EUR') =>
  winClient(app, clientId, { company: clientId, contactedAt: daysAgo(11), wonAt: daysAgo(10), firstOrder: { amount, currency } });

const reorder = (app: TestApp, clientId: string, index: number, amount = 1_000) =>
  app.http
    .post(`/v1/clients/${clientId}/orders`)
    .send({ orderId: `${clientId}-r${index}`, total: { amount, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: daysAgo(9 - index) })
    .expect(201);

const clientEvents = async (app: TestApp, clientId: string) =>
  (await app.http.get(`/v1/clients/${clientId}/events`).expect(200)).body.events as Array<{
    type: string;
    eventId: string;
    metadata: Record<string, unknown>;
  }>;

/** The audit trail shows the client's one policy-made move caused by `cause`, in its correlation, the chain ending there (a request caused it). */
async function expectTrailBackTo(app: TestApp, clientId: string, cause: { eventId: string; type: string }): Promise<void> {
  const recorded = (await clientEvents(app, clientId)).find((event) => event.eventId === cause.eventId)!;
  const { body: trail } = await app.as('auditor').get('/v1/audit/handoffs').query({ clientId }).expect(200);
  expect(trail.handoffs).toHaveLength(1);
  expect(trail.handoffs[0]).toMatchObject({
    correlationId: recorded.metadata.correlationId,
    causationId: cause.eventId,
    causationChain: [{ eventId: cause.eventId, type: cause.type }],
  });
}

describe('policies through the HTTP API', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({
      env: { LEDGER_POLICIES: 'auto-handoff,key-account-escalation', LEDGER_KEY_ACCOUNT_THRESHOLDS: 'EUR=5000000' },
    });
    await seedOrganisation(app);
  });
  afterAll(() => app.stop());

  it('a client with 3 reorders ends in the client department, by a handoff the policy made and the trail explains', async () => {
    await winRecently(app, 'acme');
    await reorder(app, 'acme', 1);
    await reorder(app, 'acme', 2);
    // Below the threshold: the policy leaves the client where it is.
    await app.http.get('/v1/pipeline').expect(200);
    expect((await clientEvents(app, 'acme')).map((event) => event.type)).not.toContain('ClientHandedToClientDepartment');

    const third = (await reorder(app, 'acme', 3)).body as { eventId: string; position: number };
    const client = await eventually(async () => {
      const { body } = await app.http.get('/v1/clients/acme').expect(200);
      expect(body.owningDepartment).toBe('client');
      return body;
    });
    expect(client.ownerId).toBe('mgr-carl');

    const handoffs = (await clientEvents(app, 'acme')).filter((event) => event.type === 'ClientHandedToClientDepartment');
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]!.metadata).toMatchObject({
      actor: { type: 'policy', name: 'auto-handoff' },
      causationId: third.eventId,
      rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } },
    });

    const { body: trail } = await app.as('auditor').get('/v1/audit/handoffs').query({ clientId: 'acme' }).expect(200);
    expect(trail.handoffs).toHaveLength(1);
    expect(trail.handoffs[0]).toMatchObject({
      kind: 'handoff',
      from: { department: 'sales', employeeId: 'rep-anna' },
      to: { department: 'client', employeeId: 'mgr-carl' },
      actor: { type: 'policy', name: 'auto-handoff' },
      rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } },
      causationChain: [{ eventId: third.eventId, type: 'ReorderPlaced', position: third.position }],
    });
  });

  it('a client won more than 90 days ago is handed off by the days rule, citing the win', async () => {
    await winClient(app, 'old-timer'); // won in February 2024
    const handoff = await eventually(async () => {
      const events = await clientEvents(app, 'old-timer');
      const found = events.find((event) => event.type === 'ClientHandedToClientDepartment');
      expect(found).toBeDefined();
      return { found: found!, won: events.find((event) => event.type === 'ClientWon')! };
    });
    expect(handoff.found.metadata).toMatchObject({
      actor: { type: 'policy', name: 'auto-handoff' },
      causationId: handoff.won.eventId,
      rule: { name: 'handoff-after-days', parameters: { reorders: 3, days: 90 } },
    });
    await expectTrailBackTo(app, 'old-timer', handoff.won);
  });

  it('a big client becomes a key account of the key accounts department', async () => {
    await winRecently(app, 'bigfish', 2_000_000);
    const big = (await reorder(app, 'bigfish', 1, 3_000_000)).body as { eventId: string };
    const client = await eventually(async () => {
      const { body } = await app.http.get('/v1/clients/bigfish').expect(200);
      expect(body.keyAccount).toBe(true);
      return body;
    });
    expect(client).toMatchObject({ owningDepartment: 'key_accounts', ownerId: 'kam-kim' });
    const escalations = (await clientEvents(app, 'bigfish')).filter((event) => event.type === 'KeyAccountEscalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.metadata).toMatchObject({
      actor: { type: 'policy', name: 'key-account-escalation' },
      causationId: big.eventId,
      rule: { name: 'escalate-on-trailing-12-month-revenue', parameters: { currency: 'EUR', threshold: 5_000_000, months: 12 } },
    });
    await expectTrailBackTo(app, 'bigfish', { eventId: big.eventId, type: 'ReorderPlaced' });
  });

  it('reports each policy: on, its parameters, its lag and what it issued', async () => {
    const status = await eventually(async () => {
      const { body } = await app.as('analyst').get('/v1/admin/policies').expect(200);
      expect(body.every((policy: { lag: number }) => policy.lag === 0)).toBe(true);
      return body;
    });
    expect(status).toEqual([
      expect.objectContaining({
        policy: 'auto-handoff',
        enabled: true,
        state: 'live',
        parameters: { reorders: 3, days: 90 },
        due: 0,
        waiting: 0,
      }),
      expect.objectContaining({
        policy: 'key-account-escalation',
        enabled: true,
        state: 'live',
        parameters: { thresholds: { EUR: 5_000_000 } },
        due: 0,
        waiting: 0,
      }),
    ]);
    expect(status[0].issued).toBeGreaterThanOrEqual(2);
    expect(status[1].issued).toBe(1);
  });

  it('rebuilding a projection, or restarting, never runs a policy again', async () => {
    const count = async () =>
      (await app.http.get('/v1/events').query({ limit: 1000 }).expect(200)).body.events.filter(
        (event: { metadata: { actor: { type: string } } }) => event.metadata.actor.type === 'policy',
      ).length;
    const before = await count();
    expect(before).toBeGreaterThanOrEqual(3);
    await app.http.post('/v1/admin/projections/handoffs/rebuild').expect(202);
    await eventually(async () => {
      const { body } = await app.http.get('/v1/admin/projections').expect(200);
      expect(body.find((projection: { projection: string }) => projection.projection === 'handoffs').rebuild).toBeUndefined();
    });
    app = await app.restart();
    await eventually(async () => {
      const { body } = await app.as('analyst').get('/v1/admin/policies').expect(200);
      expect(body[0]).toMatchObject({ lag: 0, state: 'live' });
    });
    await app.http.get('/v1/pipeline').expect(200);
    expect(await count()).toBe(before);
    const { body: trail } = await app.as('auditor').get('/v1/audit/handoffs').expect(200);
    expect(trail.handoffs.filter((handoff: { actor: { type: string } }) => handoff.actor.type === 'policy')).toHaveLength(before);
  });

  it('a manual handoff racing the policy on the same client ends with exactly one handoff', async () => {
    await winRecently(app, 'race');
    await reorder(app, 'race', 1);
    await reorder(app, 'race', 2);
    // The third reorder takes the server's time, as the manual handoff does: whichever lands first, neither runs time backwards.
    const thirdReorder = app.http
      .post('/v1/clients/race/orders')
      .send({ orderId: 'race-r3', total: { amount: 1_000, currency: 'EUR' }, takenBy: 'rep-anna' })
      .expect(201);
    const [, manual] = await Promise.all([
      thirdReorder,
      app.as('head', 'head-sam').post('/v1/clients/race/handoff').send({ toManagerId: 'mgr-carl', reason: 'asked for by the client' }),
    ]);
    expect([201, 409, 422]).toContain(manual.status);
    await eventually(async () => {
      const { body } = await app.http.get('/v1/clients/race').expect(200);
      expect(body.owningDepartment).toBe('client');
    });
    // Let the policy finish whatever it was doing, then count.
    await eventually(async () => {
      const { body } = await app.as('analyst').get('/v1/admin/policies').expect(200);
      expect(body[0].lag).toBe(0);
    });
    await app.http.get('/v1/pipeline').expect(200);
    expect((await clientEvents(app, 'race')).filter((event) => event.type === 'ClientHandedToClientDepartment')).toHaveLength(1);
  });
});

describe('policies switched off, and a client department without a manager', () => {
  it('with LEDGER_POLICIES=none nothing is handed off, and the status says so', async () => {
    const app = await TestApp.start({ env: { LEDGER_POLICIES: 'none' } });
    try {
      await seedOrganisation(app);
      await winClient(app, 'acme'); // long past the days rule
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { body: client } = await app.http.get('/v1/clients/acme').expect(200);
      expect(client.owningDepartment).toBe('sales');
      const { body: status } = await app.as('analyst').get('/v1/admin/policies').expect(200);
      expect(
        status.map((policy: { policy: string; enabled: boolean; state: string }) => [policy.policy, policy.enabled, policy.state]),
      ).toEqual([
        ['auto-handoff', false, 'stopped'],
        ['key-account-escalation', false, 'stopped'],
      ]);
    } finally {
      await app.stop();
    }
  });

  it('with no client-department manager the client waits, visibly, and goes as soon as one joins', async () => {
    const app = await TestApp.start({ env: { LEDGER_POLICIES: 'auto-handoff' } });
    try {
      await app.http
        .post('/v1/employees')
        .send({ employeeId: 'rep-anna', name: 'Anna Rep', department: 'sales', role: 'rep', occurredAt: '2024-01-01T08:00:00Z' })
        .expect(201);
      await winClient(app, 'acme');
      const status = await eventually(async () => {
        const { body } = await app.as('analyst').get('/v1/admin/policies').expect(200);
        expect(body[0].waiting).toBe(1);
        return body[0];
      });
      expect(status.waitingReasons).toEqual(['the client department has no active manager to receive the client']);
      expect((await app.http.get('/v1/clients/acme').expect(200)).body.owningDepartment).toBe('sales');

      await app.http
        .post('/v1/employees')
        .send({ employeeId: 'mgr-carl', name: 'Carl Manager', department: 'client', role: 'manager' })
        .expect(201);
      await eventually(async () => {
        const { body } = await app.http.get('/v1/clients/acme').expect(200);
        expect(body).toMatchObject({ owningDepartment: 'client', ownerId: 'mgr-carl' });
      });
      const { body: after } = await app.as('analyst').get('/v1/admin/policies').expect(200);
      expect(after[0].waiting).toBe(0);
    } finally {
      await app.stop();
    }
  });
});
