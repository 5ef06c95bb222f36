import type { RecordedEvent } from '@ledger/event-store';

import { expectValidationFailedNaming, seedOrganisation, TestApp, winClient } from './support/test-app';

type Page = { events: RecordedEvent[]; nextAfter: number | null };

describe('the log filtered by stream, type and time, for auditors (REST and GraphQL)', () => {
  let app: TestApp;

  const rest = async (query: Record<string, unknown>): Promise<Page> =>
    (await app.as('auditor').get('/v1/events').query(query).expect(200)).body as Page;

  /** Every page of a filtered read, following nextAfter. */
  const allPages = async (query: Record<string, unknown>): Promise<RecordedEvent[][]> => {
    const pages: RecordedEvent[][] = [];
    for (let after: number | null = 0; after !== null;) {
      const page: Page = await rest({ ...query, after });
      pages.push(page.events);
      after = page.nextAfter;
    }
    return pages;
  };

  const graphql = async (args: string): Promise<{ data?: { events: Page }; errors?: { extensions: Record<string, unknown> }[] }> =>
    (
      await app
        .as('auditor')
        .post('/graphql')
        .send({ query: `{ events(${args}) { nextAfter events { position streamId type occurredAt recordedAt } } }` })
        .expect(200)
    ).body;

  beforeAll(async () => {
    app = await TestApp.start();
    await seedOrganisation(app);
    await winClient(app, 'c-one', { contactedAt: '2024-02-01T09:00:00Z', wonAt: '2024-02-10T10:00:00Z' });
    await winClient(app, 'c-two', { contactedAt: '2024-03-01T09:00:00Z', wonAt: '2024-03-10T10:00:00Z' });
    await winClient(app, 'c-three', { contactedAt: '2024-04-01T09:00:00Z', wonAt: '2024-04-10T10:00:00Z' });
  });
  afterAll(async () => {
    await app.stop();
  });

  const everything = async () => (await rest({ limit: 1000 })).events;

  it('reads one stream, the given types and a business-time range, every filter matching, in global order', async () => {
    const all = await everything();
    const byStream = (await rest({ streamId: 'client-c-two' })).events;
    expect(byStream.length).toBeGreaterThan(0);
    expect(byStream).toEqual(all.filter((event) => event.streamId === 'client-c-two'));

    const types = all.filter((event) => event.type === 'ClientWon' || event.type === 'LeadContacted');
    expect((await rest({ type: ['ClientWon', 'LeadContacted'] })).events).toEqual(types);
    expect((await rest({ type: 'ClientWon,LeadContacted' })).events).toEqual(types);

    const march = all.filter((event) => event.occurredAt >= '2024-03-01T00:00:00.000Z' && event.occurredAt <= '2024-03-31T23:59:59.000Z');
    expect(march.length).toBeGreaterThan(1);
    expect((await rest({ occurredFrom: '2024-03-01T01:00:00+01:00', occurredTo: '2024-03-31T23:59:59Z' })).events).toEqual(march);

    const [, second] = all;
    const recorded = all.filter((event) => event.recordedAt >= second!.recordedAt && event.recordedAt <= second!.recordedAt);
    expect((await rest({ recordedFrom: second!.recordedAt, recordedTo: second!.recordedAt })).events).toEqual(recorded);
    expect((await rest({ streamId: 'client-c-two', occurredFrom: '2024-04-01T00:00:00Z' })).events).toEqual([]);
  });

  it('pages a filtered read by position: up to `limit` matches a page, none missed or repeated, the last page ending it', async () => {
    const all = await everything();
    const wanted = all.filter((event) => event.type === 'ClientWon' || event.type === 'LeadContacted');
    expect(wanted.length).toBeGreaterThanOrEqual(5);
    const pages = await allPages({ type: ['ClientWon', 'LeadContacted'], limit: 2 });
    expect(pages.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(pages.at(-1)!.length).toBeLessThanOrEqual(2);
    expect(pages.flat()).toEqual(wanted);
    expect((await rest({ type: 'ClientWon', limit: 1000 })).nextAfter).toBeNull();
  });

  it('answers GraphQL the same, the types as the EventType enum', async () => {
    const all = await everything();
    const won = all.filter((event) => event.type === 'ClientWon');
    const first = await graphql('type: [ClientWon], first: 2');
    expect(first.errors).toBeUndefined();
    expect(first.data!.events.events.map((event) => event.position)).toEqual(won.slice(0, 2).map((event) => event.position));
    const next = await graphql(`type: [ClientWon], first: 2, after: ${first.data!.events.nextAfter}`);
    expect(next.data!.events.events.map((event) => event.position)).toEqual(won.slice(2).map((event) => event.position));
    expect(next.data!.events.nextAfter).toBeNull();
    const stream = await graphql('streamId: "client-c-one", occurredFrom: "2024-02-10T10:00:00Z", occurredTo: "2024-02-10T10:00:00Z"');
    expect(stream.data!.events.events.map((event) => event.type)).toEqual(['ClientWon']);
  });

  it('filters the NDJSON export alike: each event with its hash, but no chain named, its events not being consecutive links', async () => {
    const wanted = (await rest({ streamId: 'client-c-one', type: 'ClientWon' })).events;
    const { text, headers } = await app
      .as('auditor')
      .get('/v1/events')
      .query({ streamId: 'client-c-one', type: 'ClientWon' })
      .set('Accept', 'application/x-ndjson')
      .buffer(true)
      .expect(200);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as RecordedEvent).position),
    ).toEqual(wanted.map((event) => event.position));
    expect(wanted).toHaveLength(1);
    expect((JSON.parse(text.trimEnd()) as { hash?: string }).hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(headers).filter((name) => name.startsWith('x-ledger-chain'))).toEqual([]);
    const whole = await app.as('auditor').get('/v1/events').set('Accept', 'application/x-ndjson').buffer(true).expect(200);
    expect(whole.headers['x-ledger-chain-head-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['an unknown type', { type: 'NoSuchEvent' }, 'type'],
    ['an unknown type among known ones', { type: ['ClientWon', 'NoSuchEvent'] }, 'type'],
    ['a stream the ledger does not name', { streamId: 'nonsense' }, 'streamId'],
    ['a record time without a zone', { recordedFrom: '2024-03-01T00:00:00' }, 'recordedFrom'],
    ['a record time that is not a time', { recordedTo: 'yesterday' }, 'recordedTo'],
    ['a business time without a zone', { occurredFrom: '2024-03-01' }, 'occurredFrom'],
    ['an impossible business time', { occurredTo: '2024-02-30T00:00:00Z' }, 'occurredTo'],
  ])('refuses %s over REST, naming the field', async (_case, query, field) => {
    expectValidationFailedNaming(await app.as('auditor').get('/v1/events').query(query), field);
  });

  it.each([
    ['streamId: "nonsense"', 'streamId'],
    ['occurredFrom: "2024-03-01T00:00:00"', 'occurredFrom'],
    ['recordedTo: "never"', 'recordedTo'],
  ])('refuses %s over GraphQL as VALIDATION_FAILED, naming the field', async (args, field) => {
    const { errors } = await graphql(args);
    expect(errors![0]!.extensions).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, errors: [{ field }] });
  });

  it('refuses a type outside the EventType enum in GraphQL', async () => {
    const { body } = await app.as('auditor').post('/graphql').send({ query: '{ events(type: [NoSuchEvent]) { nextAfter } }' }).expect(400);
    expect(body.errors[0].message).toMatch(/EventType/);
  });
});
