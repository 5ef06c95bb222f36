import type { GraphQLFormattedError } from 'graphql';

import { bearer, graphqlAs, startSeededListening, SuiteSockets, take } from './support/graphql';
import type { TestApp } from './support/test-app';

interface AppendedEvent {
  type: string;
  streamId: string;
  position: number;
  data: { orderId?: string };
  metadata: { actor: { id: string | null } };
}
type Appended = { eventAppended: AppendedEvent };
type Result = { data?: Appended | null; errors?: readonly GraphQLFormattedError[] };

const EVENT_APPENDED = `subscription ($types: [String!], $streamId: String, $after: SafeInt) {
  eventAppended(types: $types, streamId: $streamId, after: $after) { type streamId position data metadata { actor { id } } }
}`;
const PLACE_REORDER = `mutation ($clientId: ID!, $input: PlaceReorderInput!) { placeReorder(clientId: $clientId, input: $input) { position } }`;

const order = (orderId: string) => ({ orderId, total: { amount: 1_000, currency: 'EUR' }, takenBy: 'rep-anna' });

describe('GraphQL subscription eventAppended over graphql-ws', () => {
  let app: TestApp;
  let url: string;
  let wsUrl: string;
  const sockets = new SuiteSockets(() => wsUrl);
  const connect = (params: Record<string, unknown>) => sockets.connect(params);

  beforeAll(async () => {
    ({ app, url, wsUrl } = await startSeededListening('acme', 'other'));
  });
  afterAll(async () => {
    await sockets.closeAll();
    await app.stop();
  });

  it('delivers the events of the types and stream asked for, appended by REST and GraphQL commands alike, in order', async () => {
    const head = await app.headPosition();
    const results = connect(bearer('auditor')).iterate<Appended>({
      query: EVENT_APPENDED,
      variables: { types: ['ReorderPlaced'], streamId: 'client-acme', after: head },
    });

    await app.http.post('/v1/clients/acme/orders').send(order('o-rest')).expect(201);
    await app.http.post('/v1/clients/other/orders').send(order('o-elsewhere')).expect(201);
    await app.http.post('/v1/clients/acme/handoff').send({ toManagerId: 'mgr-carl', reason: 'another type' }).expect(201);
    await graphqlAs(url, 'manager', 'mgr-carl').request(PLACE_REORDER, {
      clientId: 'acme',
      input: { ...order('o-graphql'), takenBy: 'mgr-carl' },
    });

    const delivered = (await take(results, 2)).map((result) => result.data!.eventAppended);
    expect(delivered.map(({ type, streamId, data, metadata }) => [type, streamId, data.orderId, metadata.actor.id])).toEqual([
      ['ReorderPlaced', 'client-acme', 'o-rest', 'test-admin'],
      ['ReorderPlaced', 'client-acme', 'o-graphql', 'mgr-carl'],
    ]);
    expect(delivered[0].position).toBeGreaterThan(head);
    expect(delivered[1].position).toBeGreaterThan(delivered[0].position);
    await results.return!();
  });

  it('replays nothing unless asked: without `after` it starts at the head when it subscribes', async () => {
    const before = await app.headPosition();
    const results = connect(bearer('analyst')).iterate<Appended>({ query: EVENT_APPENDED, variables: { streamId: 'client-acme' } });
    const first = results.next();
    // The stream has older events; the first one delivered is one appended after subscribing.
    let delivered: IteratorResult<{ data?: Appended | null }> | undefined;
    for (let attempt = 0; delivered === undefined && attempt < 50; attempt += 1) {
      await app.http
        .post('/v1/clients/acme/orders')
        .send(order(`o-live-${attempt}`))
        .expect(201);
      delivered = await Promise.race([first, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]);
    }
    expect(delivered!.value.data!.eventAppended).toMatchObject({ type: 'ReorderPlaced', streamId: 'client-acme' });
    expect(delivered!.value.data!.eventAppended.position).toBeGreaterThan(before);
    await results.return!();
  });

  it('replays from `after` when asked, then follows', async () => {
    const results = connect(bearer('admin')).iterate<Appended>({ query: EVENT_APPENDED, variables: { types: ['ClientWon'], after: 0 } });
    const replayed = (await take(results, 2)).map((result) => result.data!.eventAppended.streamId);
    expect(replayed).toEqual(['client-acme', 'client-other']);
    await app.http
      .post('/v1/leads/lead-new/contacts')
      .send({ repId: 'rep-anna', company: 'New', channel: 'call', outcome: 'ok' })
      .expect(201);
    await app.http
      .post('/v1/clients')
      .send({
        clientId: 'new',
        leadId: 'lead-new',
        repId: 'rep-anna',
        firstOrder: { orderId: 'n-1', total: { amount: 5, currency: 'EUR' } },
      })
      .expect(201);
    const [live] = await take(results, 1);
    expect(live.data!.eventAppended.streamId).toBe('client-new');
    await results.return!();
  });

  it('closes a connection without valid credentials at once (4401), before anything is subscribed', async () => {
    for (const params of [{}, { authorization: 'Bearer not-a-known-key' }, { Authorization: 'Basic dXNlcjpwYXNz' }]) {
      const results = connect(params).iterate({ query: EVENT_APPENDED });
      const closed = await results.next().then(
        () => undefined,
        (error: { code?: number; reason?: string }) => error,
      );
      expect(closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/^UNAUTHENTICATED: /) });
    }
  });

  it('validates the arguments as over HTTP: VALIDATION_FAILED with the field', async () => {
    const results = connect(bearer('admin')).iterate({ query: EVENT_APPENDED, variables: { types: ['ClientWon', 'NoSuchEvent'] } });
    const [refused] = (await take(results, 1)) as Result[];
    expect(refused.errors).toEqual([
      expect.objectContaining({
        path: ['eventAppended'],
        extensions: expect.objectContaining({
          code: 'VALIDATION_FAILED',
          errors: [
            {
              field: 'types',
              path: 'types',
              code: 'NOT_ONE_OF',
              params: { allowed: expect.arrayContaining(['ClientWon']) },
              message: expect.any(String),
            },
          ],
        }),
      }),
    ]);
  });

  it('holds operations over the socket to the same roles and limits as over HTTP', async () => {
    const auditor = connect(bearer('auditor'));
    const [forbidden] = (await take(auditor.iterate({ query: '{ revenue { position } }' }), 1)) as Result[];
    expect(forbidden.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);

    const refusalOf = (query: string) =>
      auditor
        .iterate({ query })
        .next()
        .then(
          (result) => ({ result }),
          (errors: GraphQLFormattedError[]) => errors.map((error) => error.extensions?.code),
        );
    const deep = '{ __type(name: "Client") { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } }';
    expect(await refusalOf(deep)).toEqual(['QUERY_TOO_DEEP']);
    const manyPages = Array.from({ length: 30 }, (_, index) => `p${index}: events(limit: 1000) { events { eventId } }`).join(' ');
    expect(await refusalOf(`{ ${manyPages} }`)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(await refusalOf('{ events { nonsense } }')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await refusalOf('{ events {')).toEqual(['GRAPHQL_PARSE_FAILED']);
  });
});
