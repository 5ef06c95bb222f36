import type { GraphQLFormattedError } from 'graphql';

import { globalIdOf } from '../../apps/api/src/graphql/node';
import { bearer, startSeededListening, SuiteSockets, take } from './support/graphql';
import type { TestApp } from './support/test-app';

type Result<Data> = { data?: Data | null; errors?: readonly GraphQLFormattedError[] };
type ClientChanged = {
  clientChanged: {
    client: { id: string; clientId: string; ownerId: string; owningDepartment: string; orders: { orderId: string }[] };
    event: { type: string; position: number };
  };
};
type LeadChanged = { leadChanged: { lead: { id: string; leadId: string; stage: string; ownerId: string }; event: { type: string } } };

const CLIENT_CHANGED = `subscription ($filter: ClientChangedFilter) {
  clientChanged(filter: $filter) { client { id clientId ownerId owningDepartment orders { orderId } } event { type position } }
}`;
const LEAD_CHANGED = `subscription ($filter: LeadChangedFilter) { leadChanged(filter: $filter) { lead { id leadId stage ownerId } event { type } } }`;
const EVENT_APPENDED = `subscription ($streamId: String) { eventAppended(streamId: $streamId) { type } }`;

const order = (orderId: string) => ({ orderId, total: { amount: 1_000, currency: 'EUR' }, takenBy: 'rep-anna' });

describe('GraphQL subscriptions at the level a screen draws: clientChanged, leadChanged', () => {
  let app: TestApp;
  let wsUrl: string;
  const sockets = new SuiteSockets(() => wsUrl);
  const connect = () => sockets.connect(bearer('analyst'));
  /** Subscribes and waits until the server follows the log (an operation over the same socket answers after it). */
  const subscribe = async <Data>(query: string, variables: Record<string, unknown>) => {
    const socket = connect();
    const results = socket.iterate<Data>({ query, variables });
    // The subscription starts when its first result is asked for; give the server a moment to reach the head.
    const first = results.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { first, results };
  };

  beforeAll(async () => {
    ({ app, wsUrl } = await startSeededListening('acme', 'other', 'third'));
  });
  afterAll(async () => {
    await sockets.closeAll();
    await app.stop();
  });

  it('delivers the typed client each change to a set of clients left, with the event, and nothing of other clients', async () => {
    const { first, results } = await subscribe<ClientChanged>(CLIENT_CHANGED, { filter: { clientIds: ['acme', 'third'] } });
    await app.http.post('/v1/clients/other/orders').send(order('other-r1')).expect(201);
    await app.http.post('/v1/clients/acme/orders').send(order('acme-r1')).expect(201);
    await app.http.post('/v1/clients/third/handoff').send({ toManagerId: 'mgr-carl', reason: 'grown up' }).expect(201);

    const delivered = [(await first).value as Result<ClientChanged>, ...(await take(results, 1))].map(
      (result) => result.data!.clientChanged,
    );
    expect(delivered.map(({ client, event }) => [client.id, event.type])).toEqual([
      [globalIdOf('Client', 'acme'), 'ReorderPlaced'],
      [globalIdOf('Client', 'third'), 'ClientHandedToClientDepartment'],
    ]);
    expect(delivered[0]!.client.orders.map((placed) => placed.orderId)).toEqual(['acme-o1', 'acme-r1']);
    expect(delivered[1]!.client).toMatchObject({ owningDepartment: 'client', ownerId: 'mgr-carl' });
    await results.return!();
  });

  it("follows an owner's clients, including the change that hands one away from them", async () => {
    const { first, results } = await subscribe<ClientChanged>(CLIENT_CHANGED, { filter: { ownerId: 'rep-anna' } });
    await app.http
      .post('/v1/clients/third/orders')
      .send({ ...order('third-r1'), takenBy: 'mgr-carl' })
      .expect(201);
    await app.http.post('/v1/clients/other/handoff').send({ toManagerId: 'mgr-carl', reason: 'grown up' }).expect(201);
    await app.http.post('/v1/clients/acme/orders').send(order('acme-r2')).expect(201);

    const delivered = [(await first).value as Result<ClientChanged>, ...(await take(results, 1))].map(
      (result) => result.data!.clientChanged,
    );
    expect(delivered.map(({ client, event }) => [client.clientId, client.ownerId, event.type])).toEqual([
      ['other', 'mgr-carl', 'ClientHandedToClientDepartment'],
      ['acme', 'rep-anna', 'ReorderPlaced'],
    ]);
    await results.return!();
  });

  it('delivers typed leads of a stage, the win that moves one out of it included', async () => {
    await app.http
      .post('/v1/leads/lead-x/contacts')
      .send({ repId: 'rep-anna', company: 'X', channel: 'call', outcome: 'interested' })
      .expect(201);
    const { first, results } = await subscribe<LeadChanged>(LEAD_CHANGED, { filter: { stage: 'open', ownerId: 'rep-anna' } });
    await app.http.post('/v1/leads/lead-x/contacts').send({ repId: 'rep-anna', channel: 'email', outcome: 'sent an offer' }).expect(201);
    await app.http
      .post('/v1/clients')
      .send({ clientId: 'x', leadId: 'lead-x', repId: 'rep-anna', firstOrder: { orderId: 'x-1', total: { amount: 100, currency: 'EUR' } } })
      .expect(201);
    const delivered = [(await first).value as Result<LeadChanged>, ...(await take(results, 1))].map((result) => result.data!.leadChanged);
    expect(delivered.map(({ lead, event }) => [lead.id, lead.stage, event.type])).toEqual([
      [globalIdOf('Lead', 'lead-x'), 'open', 'LeadContacted'],
      [globalIdOf('Lead', 'lead-x'), 'won', 'LeadConverted'],
    ]);
    await results.return!();
  });

  it('refuses malformed filters before subscribing, naming the field', async () => {
    /** A refusal comes as the operation's error result (the resolver's checks) or as the socket's error message (GraphQL's own typing). */
    const refusal = async (query: string, variables: Record<string, unknown>) => {
      const errors = await connect()
        .iterate({ query, variables })
        .next()
        .then(
          (result) => (result.value as Result<unknown>).errors ?? [],
          (thrown: GraphQLFormattedError[]) => thrown,
        );
      return errors.map((error) => [
        error.extensions?.code,
        (error.extensions?.errors as { field: string }[] | undefined)?.map((fieldError) => fieldError.field) ?? error.message,
      ]);
    };
    expect(await refusal(CLIENT_CHANGED, { filter: { clientIds: [] } })).toEqual([['VALIDATION_FAILED', ['filter.clientIds']]]);
    expect(await refusal(CLIENT_CHANGED, { filter: { clientIds: ['acme', 'not an id'] } })).toEqual([
      ['VALIDATION_FAILED', ['filter.clientIds']],
    ]);
    expect(await refusal(LEAD_CHANGED, { filter: { ownerId: '../x' } })).toEqual([['VALIDATION_FAILED', ['filter.ownerId']]]);
    expect(await refusal(EVENT_APPENDED, { streamId: 'acme' })).toEqual([['VALIDATION_FAILED', ['streamId']]]);
    const [[code, message]] = await refusal(LEAD_CHANGED, { filter: { stage: 'pending' } });
    // A value outside the enum is refused by GraphQL's own typing, as over HTTP.
    expect(code).toBe('BAD_USER_INPUT');
    expect(String(message)).toMatch(/stage/);
  });
});
