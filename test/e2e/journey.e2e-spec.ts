import { ACME_JOURNEY } from './support/acme-journey';
import { suiteApp } from './support/test-app';

/** The README's walk: a lead becomes a client, reorders, is handed over and escalated. */
describe('a client from first contact to key account, over REST', () => {
  const app = suiteApp();

  it('records every step and answers the client as it stands', async () => {
    const employees = [
      { employeeId: 'rep-anna', name: 'Anna Rep', department: 'sales', role: 'rep' },
      { employeeId: 'mgr-carl', name: 'Carl Manager', department: 'client', role: 'manager' },
      { employeeId: 'kam-kim', name: 'Kim Keyaccount', department: 'key_accounts', role: 'manager' },
    ];
    for (const employee of employees) {
      const joined = await app()
        .as('admin', 'admin-1')
        .post('/v1/employees')
        .send({ ...employee, occurredAt: '2024-01-02T08:00:00Z' })
        .expect(201);
      expect(joined.body).toEqual({
        eventId: expect.any(String),
        streamId: `employee-${employee.employeeId}`,
        revision: 0,
        position: expect.any(Number),
      });
    }
    await app().http.post('/v1/commission-plans').send(ACME_JOURNEY.commissionPlan).expect(201);

    const contacted = await app()
      .as('rep', 'rep-anna')
      .post(`/v1/leads/${ACME_JOURNEY.leadId}/contacts`)
      .set('X-Correlation-Id', 'corr-42')
      .send(ACME_JOURNEY.contact)
      .expect(201);
    expect(contacted.body).toMatchObject({ streamId: 'lead-acme', revision: 0 });

    const won = await app().as('rep', 'rep-anna').post('/v1/clients').send(ACME_JOURNEY.win).expect(201);
    expect(won.body).toMatchObject({ streamId: 'client-acme', revision: 0 });

    const acme = `/v1/clients/${ACME_JOURNEY.clientId}`;
    await app().http.post(`${acme}/orders`).send(ACME_JOURNEY.salesReorder).expect(201);
    await app().http.post(`${acme}/handoff`).send(ACME_JOURNEY.handoff).expect(201);
    await app().http.post(`${acme}/orders`).send(ACME_JOURNEY.clientDepartmentReorder).expect(201);
    const escalated = await app().http.post(`${acme}/key-account`).send(ACME_JOURNEY.escalation).expect(201);
    expect(escalated.body).toMatchObject({ streamId: 'client-acme', revision: 4 });

    const client = await app().http.get('/v1/clients/acme').expect(200);
    expect(client.headers.etag).toBe('"4"');
    expect(client.body).toMatchObject({
      clientId: 'acme',
      status: 'active',
      leadId: 'acme',
      wonBy: 'rep-anna',
      owningDepartment: 'key_accounts',
      ownerId: 'kam-kim',
      keyAccount: true,
      revenue: [{ amount: '245000', currency: 'EUR' }],
      revision: 4,
    });
    expect(
      client.body.orders.map((order: { orderId: string; creditedDepartment: string; creditedOwnerId: string }) => [
        order.orderId,
        order.creditedDepartment,
        order.creditedOwnerId,
      ]),
    ).toEqual([
      ['o-1', 'sales', 'rep-anna'],
      ['o-2', 'sales', 'rep-anna'],
      ['o-3', 'client', 'mgr-carl'],
    ]);

    // As of a past business time: before the handoff the sales department owned it.
    const before = await app().http.get('/v1/clients/acme').query({ asOf: '2024-04-01T12:00:00Z' }).expect(200);
    expect(before.body).toMatchObject({
      owningDepartment: 'sales',
      ownerId: 'rep-anna',
      keyAccount: false,
      revenue: [{ amount: '175000', currency: 'EUR' }],
    });

    const lead = await app().http.get('/v1/leads/acme').expect(200);
    expect(lead.body).toMatchObject({ leadId: 'acme', stage: 'won', company: 'ACME GmbH', ownerId: 'rep-anna', clientId: 'acme' });
    expect(lead.body.contacts).toEqual([
      { repId: 'rep-anna', channel: 'call', outcome: 'interested', note: 'wants a quote', occurredAt: '2024-03-01T09:00:00.000Z' },
    ]);

    const events = await app().http.get('/v1/clients/acme/events').expect(200);
    expect(events.body.events.map((event: { type: string }) => event.type)).toEqual([
      'ClientWon',
      'ReorderPlaced',
      'ClientHandedToClientDepartment',
      'ReorderPlaced',
      'KeyAccountEscalated',
    ]);
    const [first] = events.body.events;
    expect(first).toMatchObject({
      eventId: won.body.eventId,
      streamId: 'client-acme',
      revision: 0,
      position: won.body.position,
      schemaVersion: 1,
      occurredAt: '2024-03-05T10:00:00.000Z',
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      metadata: {
        actor: { type: 'user', id: 'rep-anna', role: 'rep' },
        correlationId: expect.any(String),
        causationId: expect.any(String),
      },
      data: {
        clientId: 'acme',
        leadId: 'acme',
        repId: 'rep-anna',
        department: 'sales',
        firstOrder: { orderId: 'o-1', total: { amount: 125_000, currency: 'EUR' } },
      },
    });
    expect(events.body.events[2].data).toEqual({
      clientId: 'acme',
      fromDepartment: 'sales',
      fromOwnerId: 'rep-anna',
      toDepartment: 'client',
      toManagerId: 'mgr-carl',
      reason: 'repeat customer',
    });

    const leadEvents = await app().http.get('/v1/events').query({ after: 0, limit: 1000 }).expect(200);
    const contact = leadEvents.body.events.find((event: { type: string }) => event.type === 'LeadContacted');
    expect(contact.metadata).toEqual({
      actor: { type: 'user', id: 'rep-anna', role: 'rep' },
      correlationId: 'corr-42',
      causationId: 'corr-42',
    });
  });

  it('pages through the global log in order', async () => {
    const head = await app().headPosition();
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = await app().http.get('/v1/events').query({ after, limit: 3 }).expect(200);
      seen.push(...page.body.events.map((event: { position: number }) => event.position));
      if (page.body.nextAfter === null) break;
      after = page.body.nextAfter;
    }
    expect(seen).toEqual(Array.from({ length: head }, (_, index) => index + 1));
  });

  it('reports health with the head of the log and each projection’s lag', async () => {
    const health = await app().http.get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up', headPosition: await app().headPosition() },
        projections: {
          status: 'up',
          pipeline: { lag: expect.any(Number), state: 'live' },
          retention: { state: 'live' },
          revenue: { state: 'live' },
        },
      },
    });
  });
});
