import { streamIds } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { appendCompanyHistory, EVENT_STORE, generateCompanyHistory } from '@ledger/ledger';

import { acmePolicyHandoff } from './support/policy-handoff';
import { startSeeded, TestApp, winClient } from './support/test-app';

/**
 * The audit trail of a handoff a policy made: the rule and its parameters,
 * and the causation chain back to the reorder that set it off. The event is
 * appended here as the policy records it (test/e2e/policies.e2e-spec.ts runs
 * the real policy), so the trail is checked apart from the policy's timing.
 */
describe('the handoff trail of a policy-made handoff', () => {
  let app: TestApp;
  let thirdReorder: { eventId: string; position: number };

  beforeAll(async () => {
    app = await startSeeded('acme');
    for (const [index, day] of ['03', '04', '05'].entries()) {
      const answer = await app.http
        .post('/v1/clients/acme/orders')
        .send({
          orderId: `r-${index}`,
          total: { amount: 1_000, currency: 'EUR' },
          takenBy: 'rep-anna',
          occurredAt: `2024-03-${day}T10:00:00Z`,
        })
        .expect(201);
      thirdReorder = answer.body;
    }
    const store = app.app.get<EventStore>(EVENT_STORE);
    await store.append('client-acme', [acmePolicyHandoff('0190f1d2-0000-7000-8000-000000000001', thirdReorder.eventId)], {
      expectedRevision: 3,
    });
  });
  afterAll(() => app.stop());

  it('names the policy, its rule and parameters, and the reorder that set it off', async () => {
    const { body } = await app.as('auditor').get('/v1/audit/handoffs').query({ clientId: 'acme' }).expect(200);
    expect(body.handoffs).toHaveLength(1);
    expect(body.handoffs[0]).toMatchObject({
      kind: 'handoff',
      actor: { type: 'policy', name: 'auto-handoff' },
      rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } },
      causationId: thirdReorder.eventId,
      causationChain: [
        { eventId: thirdReorder.eventId, type: 'ReorderPlaced', position: thirdReorder.position, occurredAt: '2024-03-05T10:00:00.000Z' },
      ],
    });
  });

  it('a handoff a person asked for has no rule and an empty chain', async () => {
    await app.http
      .post('/v1/employees')
      .send({ employeeId: 'mgr-dora', name: 'Dora', department: 'client', role: 'manager', occurredAt: '2024-01-01T08:00:00Z' })
      .expect(201);
    await winClient(app, 'beta');
    await app.http
      .post('/v1/clients/beta/handoff')
      .send({ toManagerId: 'mgr-dora', reason: 'asked for', occurredAt: '2024-03-06T10:00:00Z' })
      .expect(201);
    const { body } = await app.as('auditor').get('/v1/audit/handoffs').query({ clientId: 'beta' }).expect(200);
    expect(body.handoffs[0]).toMatchObject({ actor: { type: 'user', id: 'test-admin', role: 'admin' }, rule: null, causationChain: [] });
  });
});

/**
 * Handoffs a departure set off: the clients a rep still owned in sales go to
 * the client department, each handoff naming the rep's EmployeeLeft as its
 * cause and sharing the admin's request's correlation id. The handoffs are
 * appended as the demo history records them (no live policy reacts to a
 * departure); the departure is the admin's real request.
 */
describe('the handoff trail of handoffs a departure set off', () => {
  const request = 'offboard-rep-anna';
  let app: TestApp;
  let store: EventStore;
  let departure: { eventId: string; position: number };

  beforeAll(async () => {
    app = await startSeeded('acme', 'beta');
    store = app.app.get<EventStore>(EVENT_STORE);
    const answer = await app.http
      .post('/v1/employees/rep-anna/departure')
      .set('X-Correlation-Id', request)
      .send({ reason: 'moved abroad', occurredAt: '2024-03-10T09:00:00Z' })
      .expect(201);
    departure = answer.body;
    for (const [index, clientId] of ['acme', 'beta'].entries()) {
      const streamId = streamIds.client(clientId);
      await store.append(
        streamId,
        [
          {
            eventId: `0190f1d2-0000-7000-8000-00000000010${index}`,
            type: 'ClientHandedToClientDepartment',
            schemaVersion: 1,
            occurredAt: `2024-03-10T09:0${index + 5}:00.000Z`,
            data: {
              clientId,
              fromDepartment: 'sales',
              fromOwnerId: 'rep-anna',
              toDepartment: 'client',
              toManagerId: 'mgr-carl',
              reason: 'rep-anna left the company',
            },
            metadata: { actor: { type: 'user', id: 'test-admin', role: 'admin' }, correlationId: request, causationId: departure.eventId },
          },
        ],
        { expectedRevision: (await store.streamRevision(streamId))! },
      );
    }
  });
  afterAll(() => app.stop());

  it("traces each handoff back to the departure, which the admin's request caused", async () => {
    const { body } = await app.as('auditor').get('/v1/audit/handoffs').query({ employeeId: 'rep-anna' }).expect(200);
    const departureLink = {
      eventId: departure.eventId,
      type: 'EmployeeLeft',
      position: departure.position,
      occurredAt: '2024-03-10T09:00:00.000Z',
    };
    expect(body.handoffs).toHaveLength(2);
    for (const handoff of body.handoffs) {
      expect(handoff).toMatchObject({ correlationId: request, causationId: departure.eventId, causationChain: [departureLink] });
    }
    // The chain ends at the departure because its cause is no event but the admin's request.
    const recorded = (await store.readStream(streamIds.employee('rep-anna'))).find((event) => event.eventId === departure.eventId);
    expect(recorded?.metadata).toMatchObject({
      actor: { type: 'user', id: 'test-admin', role: 'admin' },
      correlationId: request,
      causationId: request,
    });
  });
});

/**
 * The demo history, as an auditor would try it: every handoff and escalation
 * whose cause is an event (a reorder, a win, a rep's departure) traces back to
 * it; one a request caused directly has an empty chain.
 */
describe('the handoff trail of the demo history', () => {
  let app: TestApp;
  let store: EventStore;

  beforeAll(async () => {
    app = await TestApp.start();
    store = app.app.get<EventStore>(EVENT_STORE);
    await appendCompanyHistory(store, generateCompanyHistory({ months: 9, leadsPerMonth: 20 }));
  });
  afterAll(() => app.stop());

  it('gives every handoff a complete causation chain, those of a departing rep included', async () => {
    const { body } = await app.as('auditor').get('/v1/audit/handoffs').expect(200);
    const departures = body.handoffs.filter((handoff: { reason: string }) => handoff.reason.endsWith('left the company'));
    expect(departures.length).toBeGreaterThan(0);
    for (const handoff of departures)
      expect(handoff.causationChain).toMatchObject([{ eventId: handoff.causationId, type: 'EmployeeLeft' }]);
    // The chain as the whole log tells it: causation ids followed, across every stream, until one names no event.
    const byId = new Map((await store.readAll()).map((event) => [event.eventId, event]));
    for (const handoff of body.handoffs) {
      const chain: string[] = [];
      const seen = new Set<string>([handoff.eventId]);
      for (let cause = byId.get(handoff.causationId); cause && !seen.has(cause.eventId); cause = byId.get(cause.metadata.causationId)) {
        seen.add(cause.eventId);
        chain.push(cause.eventId);
      }
      expect(handoff.causationChain.map((link: { eventId: string }) => link.eventId)).toEqual(chain);
    }
  });
});
