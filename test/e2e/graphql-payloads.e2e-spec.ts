import { globalIdOf } from '../../apps/api/src/graphql/node';
import { errorsOf, graphqlAs, startListening, startSeededListening } from './support/graphql';
import { seedOrganisation, type TestApp } from './support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A business time `days` before now, so the policies' days rule is not due. */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

const PAYLOAD = `
  client { id clientId owningDepartment ownerId revision orders { orderId } revenue { amount currency } }
  lead { id stage clientId }
  events { eventId type streamId revision position metadata { correlationId causationId } }
  reactions { state events { type streamId data metadata { actor { type name } causationId correlationId } } correlationId causationIds after }
  userErrors { field code message params }`;
const PLACE_REORDER = `mutation ($clientId: ID!, $input: PlaceReorderInput!, $options: CommandOptions) {
  placeReorder(clientId: $clientId, input: $input, options: $options) { eventId streamId revision position ${PAYLOAD} }
}`;
const PLACE_REORDER_NEW = `mutation ($clientId: ID!, $input: PlaceReorderInput!) { placeReorder(clientId: $clientId, input: $input) { ${PAYLOAD} } }`;
const PLACE_REORDER_OLD = `mutation ($clientId: ID!, $input: PlaceReorderInput!) { placeReorder(clientId: $clientId, input: $input) { eventId streamId revision position } }`;
const WIN_CLIENT = `mutation ($input: WinClientInput!) { winClient(input: $input) { position ${PAYLOAD} } }`;

interface Payload {
  eventId?: string;
  revision?: number;
  position?: number;
  client: { id: string; clientId: string; owningDepartment: string; ownerId: string; revision: number; orders: { orderId: string }[] } & {
    revenue: { amount: string; currency: string }[];
  };
  lead: { id: string; stage: string; clientId: string } | null;
  events: { eventId: string; type: string; streamId: string; revision: number; position: number; metadata: { correlationId: string } }[];
  reactions: {
    state: string;
    events: {
      type: string;
      streamId: string;
      data: { toManagerId?: string };
      metadata: { actor: { type: string; name: string }; causationId: string };
    }[];
    correlationId: string;
    causationIds: string[];
    after: number;
  } | null;
  userErrors: { field: string[] | null; code: string; message: string; params: Record<string, unknown> }[];
}

const order = (orderId: string, amount = 1_000, occurredAt?: string) => ({
  orderId,
  total: { amount, currency: 'EUR' },
  takenBy: 'rep-anna',
  ...(occurredAt ? { occurredAt } : {}),
});

describe('GraphQL mutation payloads: the changed objects, the events, the reactions, userErrors', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startSeededListening('acme'));
  });
  afterAll(() => app.stop());

  it('placeReorder answers the client with its new revenue and orders, by its global id, and the event it appended', async () => {
    const { placeReorder } = await graphqlAs(url, 'rep', 'rep-anna').request<{ placeReorder: Payload }>(PLACE_REORDER, {
      clientId: 'acme',
      input: order('acme-r1', 2_500),
    });
    expect(placeReorder.client).toMatchObject({
      id: globalIdOf('Client', 'acme'),
      clientId: 'acme',
      owningDepartment: 'sales',
      ownerId: 'rep-anna',
      revision: placeReorder.revision,
      orders: [{ orderId: 'acme-o1' }, { orderId: 'acme-r1' }],
      revenue: [{ amount: '102500', currency: 'EUR' }],
    });
    expect(placeReorder.lead).toBeNull();
    expect(placeReorder.events).toEqual([
      expect.objectContaining({
        eventId: placeReorder.eventId,
        type: 'ReorderPlaced',
        streamId: 'client-acme',
        position: placeReorder.position,
      }),
    ]);
    expect(placeReorder.userErrors).toEqual([]);
    // Policies are off here: nothing reacts, and the answer says the list is complete.
    expect(placeReorder.reactions).toEqual({
      state: 'complete',
      events: [],
      correlationId: placeReorder.events[0]!.metadata.correlationId,
      causationIds: [placeReorder.eventId],
      after: placeReorder.position,
    });
  });

  it('shows the client as the command left it, not as later commands changed it; an idempotent retry answers the same', async () => {
    const rep = graphqlAs(url, 'rep', 'rep-anna');
    const variables = { clientId: 'acme', input: order('acme-r2'), options: { idempotencyKey: 'payload-retry' } };
    const first = (await rep.request<{ placeReorder: Payload }>(PLACE_REORDER, variables)).placeReorder;
    await app.http.post('/v1/clients/acme/orders').send(order('acme-r3')).expect(201);
    const retried = (await rep.request<{ placeReorder: Payload }>(PLACE_REORDER, variables)).placeReorder;
    expect(retried.eventId).toBe(first.eventId);
    expect(retried.client.orders.map((placed) => placed.orderId)).toEqual(['acme-o1', 'acme-r1', 'acme-r2']);
    expect(retried.events).toEqual(first.events);
  });

  it('a win answers the lead and the client, and both events of its atomic append', async () => {
    await app.http
      .post('/v1/leads/lead-of-globex/contacts')
      .send({ repId: 'rep-anna', company: 'Globex', channel: 'call', outcome: 'interested', occurredAt: '2024-02-01T09:00:00Z' })
      .expect(201);
    const { winClient: won } = await graphqlAs(url, 'rep', 'rep-anna').request<{ winClient: Payload }>(WIN_CLIENT, {
      input: {
        clientId: 'globex',
        leadId: 'lead-of-globex',
        repId: 'rep-anna',
        firstOrder: { orderId: 'g-1', total: { amount: 500, currency: 'EUR' } },
      },
    });
    expect(won.lead).toEqual({ id: globalIdOf('Lead', 'lead-of-globex'), stage: 'won', clientId: 'globex' });
    expect(won.client).toMatchObject({ id: globalIdOf('Client', 'globex'), revenue: [{ amount: '500', currency: 'EUR' }] });
    expect(won.events.map(({ type, streamId }) => [type, streamId])).toEqual([
      ['LeadConverted', 'lead-lead-of-globex'],
      ['ClientWon', 'client-globex'],
    ]);
    expect(won.events[1]!.position).toBe(won.position);
  });

  it('a validation failure: typed userErrors for a client selecting the payload, the old error for one selecting the old fields', async () => {
    const rep = graphqlAs(url, 'rep', 'rep-anna');
    const invalid = { clientId: 'acme', input: { ...order('acme-bad'), total: { amount: -5, currency: 'EUR' } } };
    const { placeReorder } = await rep.request<{ placeReorder: Payload }>(PLACE_REORDER_NEW, invalid);
    expect(placeReorder).toMatchObject({ client: null, lead: null, events: [], reactions: null });
    expect(placeReorder.userErrors).toEqual([
      expect.objectContaining({
        field: ['total', 'amount'],
        code: expect.any(String),
        message: expect.any(String),
        params: expect.any(Object),
      }),
    ]);

    const errors = await errorsOf(rep.request(PLACE_REORDER_OLD, invalid));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      errors: [expect.objectContaining({ field: 'input.total.amount' })],
    });
    const raw = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: (rep as unknown as { requestConfig: { headers: Record<string, string> } }).requestConfig.headers.Authorization,
      },
      body: JSON.stringify({ query: PLACE_REORDER_OLD, variables: invalid }),
    });
    expect(((await raw.json()) as { data: unknown }).data).toEqual({ placeReorder: null });
  });

  it('a refusal of the ledger: userErrors with its code, and the old selection still gets the same error', async () => {
    await app.http.post('/v1/clients/acme/loss').send({ reason: 'moved away' }).expect(201);
    const rep = graphqlAs(url, 'rep', 'rep-anna');
    const refused = { clientId: 'acme', input: order('acme-after-loss') };
    const { placeReorder } = await rep.request<{ placeReorder: Payload }>(PLACE_REORDER_NEW, refused);
    expect(placeReorder.userErrors).toEqual([{ field: null, code: 'CLIENT_LOST', message: expect.any(String), params: {} }]);
    expect(placeReorder.client).toBeNull();

    const errors = await errorsOf(rep.request(PLACE_REORDER_OLD, refused));
    expect(errors.map((error) => [error.extensions?.code, error.extensions?.status])).toEqual([['CLIENT_LOST', 409]]);
  });

  it('REST command answers keep their shape: the four fields, nothing else', async () => {
    const { body } = await app.http.post('/v1/clients/globex/orders').send(order('g-2')).expect(201);
    expect(Object.keys(body).sort()).toEqual(['eventId', 'position', 'revision', 'streamId']);
  });
});

describe('GraphQL mutation payloads with the policies on: the automatic handoff among the reactions', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startListening({ env: { LEDGER_POLICIES: 'auto-handoff' } }));
    await seedOrganisation(app);
  });
  afterAll(() => app.stop());

  it("the third reorder's answer carries the handoff the policy appended in reaction, and the client as the reorder left it", async () => {
    await app.http
      .post('/v1/leads/lead-of-initech/contacts')
      .send({ repId: 'rep-anna', company: 'Initech', channel: 'call', outcome: 'interested', occurredAt: daysAgo(11) })
      .expect(201);
    await app.http
      .post('/v1/clients')
      .send({
        clientId: 'initech',
        leadId: 'lead-of-initech',
        repId: 'rep-anna',
        firstOrder: { orderId: 'i-1', total: { amount: 100, currency: 'EUR' } },
        occurredAt: daysAgo(10),
      })
      .expect(201);
    const rep = graphqlAs(url, 'rep', 'rep-anna');
    const reorder = async (index: number) =>
      (
        await rep.request<{ placeReorder: Payload }>(PLACE_REORDER, {
          clientId: 'initech',
          input: order(`i-r${index}`, 100, daysAgo(9 - index)),
        })
      ).placeReorder;
    expect((await reorder(1)).reactions).toMatchObject({ state: 'complete', events: [] });
    expect((await reorder(2)).reactions).toMatchObject({ state: 'complete', events: [] });

    const third = await reorder(3);
    expect(third.client).toMatchObject({ owningDepartment: 'sales', ownerId: 'rep-anna' });
    expect(third.reactions!.state).toBe('complete');
    expect(third.reactions!.events).toEqual([
      {
        type: 'ClientHandedToClientDepartment',
        streamId: 'client-initech',
        data: expect.objectContaining({ toManagerId: 'mgr-carl' }),
        metadata: {
          actor: { type: 'policy', name: 'auto-handoff' },
          causationId: third.eventId,
          correlationId: third.reactions!.correlationId,
        },
      },
    ]);
  });
});
