import type { GraphQLClient } from 'graphql-request';

import { escalateKeyAccount, handOff, placeReorder } from './support/given';
import { expectGraphqlError, startSeededGraphql } from './support/graphql';
import type { TestApp } from './support/test-app';

interface Page<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

const PAGE =
  'edges { cursor node { ...item } } nodes { ...item } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount';

describe('connections for the lists that grow: a client’s orders and events, the handoff trail, the log', () => {
  let app: TestApp;
  let graphql: GraphQLClient;

  beforeAll(async () => {
    ({ app, graphql } = await startSeededGraphql('analyst', 'acme', 'globex'));
    for (const [index, day] of ['03', '04', '05', '06'].entries()) {
      await placeReorder(app, 'acme', {
        orderId: `acme-r${index}`,
        amount: 1_000,
        takenBy: 'rep-anna',
        occurredAt: `2024-${day}-01T10:00:00Z`,
      });
    }
    await handOff(app, 'acme', { toManagerId: 'mgr-carl', reason: 'settled in', occurredAt: '2024-07-01T10:00:00Z' });
    await escalateKeyAccount(app, 'acme', { ownerId: 'kam-kim', reason: 'grew', occurredAt: '2024-08-01T10:00:00Z' });
    await handOff(app, 'globex', { toManagerId: 'mgr-carl', reason: 'settled in', occurredAt: '2024-07-02T10:00:00Z' });
  });
  afterAll(() => app.stop());

  it("pages a client's orders by `first` and `after`, beside the whole list", async () => {
    const query = `query ($after: String) { client(clientId: "acme") { orders { orderId }
      ordersConnection(first: 2, after: $after) { ${PAGE} } } } fragment item on ClientOrder { orderId takenByEmployee { name } }`;
    type Answer = {
      client: { orders: { orderId: string }[]; ordersConnection: Page<{ orderId: string; takenByEmployee: { name: string } }> };
    };
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const answer: Answer = await graphql.request<Answer>(query, { after });
      const { client } = answer;
      const page: Answer['client']['ordersConnection'] = client.ordersConnection;
      expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
      expect(page.totalCount).toBe(5);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      expect(page.nodes.every((order) => order.takenByEmployee.name === 'Anna Rep')).toBe(true);
      seen.push(...page.nodes.map((order) => order.orderId));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
      if (pages === 1) expect(client.orders.map((order) => order.orderId)).toEqual(['acme-o1', 'acme-r0', 'acme-r1', 'acme-r2', 'acme-r3']);
    } while (after !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(['acme-o1', 'acme-r0', 'acme-r1', 'acme-r2', 'acme-r3']);
  });

  it("refuses a cursor of another list, or another client's, as CURSOR_INVALID on `after`", async () => {
    const { client } = await graphql.request<{ client: { ordersConnection: Page<unknown> } }>(
      '{ client(clientId: "globex") { ordersConnection(first: 1) { pageInfo { endCursor } edges { cursor } nodes { orderId } totalCount } } }',
    );
    const error = await expectGraphqlError(
      graphql.request('query ($after: String) { client(clientId: "acme") { ordersConnection(after: $after) { totalCount } } }', {
        after: client.ordersConnection.pageInfo.endCursor,
      }),
      'CURSOR_INVALID',
    );
    expect(error.extensions?.errors).toEqual([expect.objectContaining({ field: 'after' })]);
    await expectGraphqlError(graphql.request('{ handoffs(after: "bm9wZQ") { totalCount } }'), 'CURSOR_INVALID');
    await expectGraphqlError(graphql.request('{ clientEvents(clientId: "acme", first: 0) { totalCount } }'), 'VALIDATION_FAILED');
  });

  it("pages a client's events; the whole `events` list still answers", async () => {
    type Answer = { clientEvents: Page<{ type: string; revision: number }> & { events: { revision: number }[] } };
    const query = `query ($after: String) { clientEvents(clientId: "acme", first: 4, after: $after) { events { revision } ${PAGE} } }
      fragment item on RecordedEvent { type revision }`;
    const first = (await graphql.request<Answer>(query, {})).clientEvents;
    expect(first.events.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(first.nodes.map((event) => event.revision)).toEqual([0, 1, 2, 3]);
    expect(first.totalCount).toBe(7);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await graphql.request<Answer>(query, { after: first.pageInfo.endCursor })).clientEvents;
    expect(rest.nodes.map((event) => event.type)).toEqual(['ReorderPlaced', 'ClientHandedToClientDepartment', 'KeyAccountEscalated']);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('pages the handoff trail, whose rows name their employees', async () => {
    type Answer = { handoffs: Page<{ clientId: string; to: { employee: { name: string } } }> & { handoffs: unknown[] } };
    const query = `query ($after: String) { handoffs(first: 2, after: $after) { handoffs { kind } ${PAGE} } }
      fragment item on Handoff { clientId to { employee { name } } }`;
    const first = (await graphql.request<Answer>(query, {})).handoffs;
    expect(first.handoffs).toHaveLength(3);
    expect(first.totalCount).toBe(3);
    expect(first.nodes).toEqual([
      { clientId: 'acme', to: { employee: { name: 'Carl Manager' } } },
      { clientId: 'globex', to: { employee: { name: 'Carl Manager' } } },
    ]);
    const rest = (await graphql.request<Answer>(query, { after: first.pageInfo.endCursor })).handoffs;
    expect(rest.nodes).toEqual([{ clientId: 'acme', to: { employee: { name: 'Kim Keyaccount' } } }]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('pages the log with `first`; its cursors are positions, which `after` takes as numbers, as nextAfter', async () => {
    type Answer = { events: Page<{ position: number }> & { nextAfter: number | null; headPosition: number } };
    const query = `query ($after: SafeInt, $first: Int) { events(after: $after, first: $first) { nextAfter headPosition ${PAGE} } }
      fragment item on RecordedEvent { position }`;
    const head = await app.headPosition();
    const first = (await graphql.request<Answer>(query, { first: 3 })).events;
    expect(first.nodes.map((event) => event.position)).toEqual([1, 2, 3]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: '1', endCursor: '3' });
    expect(first.nextAfter).toBe(3);
    expect(first.totalCount).toBe(app.config.storage.kind === 'eventstoredb' ? null : head);
    const next = (await graphql.request<Answer>(query, { first: 3, after: Number(first.pageInfo.endCursor) })).events;
    expect(next.nodes.map((event) => event.position)).toEqual([4, 5, 6]);
    const byLimit = await graphql.request<{ events: { events: unknown[] } }>('{ events(limit: 2) { events { position } } }');
    expect(byLimit.events.events).toHaveLength(2);
  });
});
