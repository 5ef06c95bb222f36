import { GetClientQuery, GetEmployeeQuery, GetLeadQuery } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import type { GraphQLClient } from 'graphql-request';

import { addEmployee, CARL_WHO_LEFT, handOff, placeReorder, recordCarlLeaving } from './support/given';
import { startSeededGraphql } from './support/graphql';
import { expectProblem, type TestApp, winClient } from './support/test-app';

/** Five reps, each winning ten clients: fifty clients with five owners. */
const REPS = ['rep-1', 'rep-2', 'rep-3', 'rep-4', 'rep-5'];
const CLIENTS = Array.from({ length: 50 }, (_, index) => ({ clientId: `c-${String(index).padStart(2, '0')}`, repId: REPS[index % 5] }));

async function winFiftyClients(app: TestApp): Promise<void> {
  for (const repId of REPS) {
    await addEmployee(app, {
      employeeId: repId,
      name: `Rep ${repId.slice(-1)}`,
      department: 'sales',
      role: 'rep',
      occurredAt: '2024-01-01T08:00:00Z',
    });
  }
  for (const { clientId, repId } of CLIENTS) await winClient(app, clientId, { leadId: `lead-${clientId}`, repId });
}

/** Counts the reads of each kind one request makes, through the app's own query bus. */
function countReads(app: TestApp): { counts: () => Record<string, number>; stop: () => void } {
  const bus = app.app.get(QueryBus);
  const spy = jest.spyOn(bus, 'execute');
  const countOf = (type: abstract new (...args: never[]) => unknown) => spy.mock.calls.filter(([query]) => query instanceof type).length;
  return {
    counts: () => ({ employees: countOf(GetEmployeeQuery), leads: countOf(GetLeadQuery), clients: countOf(GetClientQuery) }),
    stop: () => spy.mockRestore(),
  };
}

describe('a graph for front ends: clients, leads, orders and report rows point at objects', () => {
  let app: TestApp;
  let graphql: GraphQLClient;

  beforeAll(async () => {
    ({ app, graphql } = await startSeededGraphql('analyst'));
    await winFiftyClients(app);
    await placeReorder(app, 'c-00', { orderId: 'c-00-o2', amount: 5_000, takenBy: 'rep-2', occurredAt: '2024-03-01T10:00:00Z' });
    await handOff(app, 'c-00', { toManagerId: 'mgr-carl', reason: 'settled in', occurredAt: '2024-04-01T10:00:00Z' });
    await recordCarlLeaving(app);
  });
  afterAll(() => app.stop());

  it('one query walks from a client to its company, lead, owner, winner and the employees of its orders', async () => {
    const { client } = await graphql.request<{ client: unknown }>(`{
      client(clientId: "c-00") {
        company
        lead { leadId company owner { employeeId name } client { clientId } contacts { rep { name } } }
        owner { employeeId name department status }
        wonByEmployee { name }
        orders { orderId takenByEmployee { name } creditedOwner { employeeId } }
      }
    }`);
    expect(client).toEqual({
      company: 'Company c-00',
      lead: {
        leadId: 'lead-c-00',
        company: 'Company c-00',
        owner: { employeeId: 'rep-1', name: 'Rep 1' },
        client: { clientId: 'c-00' },
        contacts: [{ rep: { name: 'Rep 1' } }],
      },
      owner: { employeeId: 'mgr-carl', name: 'Carl Manager', department: 'client', status: 'left' },
      wonByEmployee: { name: 'Rep 1' },
      orders: [
        { orderId: 'c-00-o1', takenByEmployee: { name: 'Rep 1' }, creditedOwner: { employeeId: 'rep-1' } },
        { orderId: 'c-00-o2', takenByEmployee: { name: 'Rep 2' }, creditedOwner: { employeeId: 'rep-1' } },
      ],
    });
  });

  it('a client read as of a past time points at its owner of that time, as that time knew them', async () => {
    const { march, may } = await graphql.request<{ march: unknown; may: unknown }>(`{
      march: client(clientId: "c-00", asOf: "2024-03-15T00:00:00Z") { owner { employeeId } orders { orderId } lead { client { owner { employeeId } } } }
      may: client(clientId: "c-00", asOf: "2024-05-15T00:00:00Z") { owner { employeeId status } }
    }`);
    expect(march).toEqual({
      owner: { employeeId: 'rep-1' },
      orders: [{ orderId: 'c-00-o1' }, { orderId: 'c-00-o2' }],
      lead: { client: { owner: { employeeId: 'rep-1' } } },
    });
    // Carl left in June: in May he was still here.
    expect(may).toEqual({ owner: { employeeId: 'mgr-carl', status: 'active' } });
  });

  it('handoff rows and report rows grouped by rep name their employees', async () => {
    const { handoffs, revenue, pipeline, byDepartment } = await graphql.request<{
      handoffs: { handoffs: unknown[] };
      revenue: { rows: { key: string; rep: { name: string } | null }[] };
      pipeline: { rows: { key: string; rep: { name: string } | null }[] };
      byDepartment: { rows: { rep: unknown }[] };
    }>(`{
      handoffs(clientId: "c-00") { handoffs { from { employeeId employee { name } } to { employee { name status } } } }
      revenue(groupBy: rep) { rows { key rep { name } } }
      pipeline(groupBy: rep) { rows { key rep { name } } }
      byDepartment: revenue(groupBy: department) { rows { rep { name } } }
    }`);
    expect(handoffs.handoffs).toEqual([
      { from: { employeeId: 'rep-1', employee: { name: 'Rep 1' } }, to: { employee: { name: 'Carl Manager', status: 'left' } } },
    ]);
    expect(revenue.rows.length).toBeGreaterThan(0);
    for (const row of [...revenue.rows, ...pipeline.rows]) expect(row.rep?.name).toBe(`Rep ${row.key.slice(-1)}`);
    expect(byDepartment.rows.map((row) => row.rep)).toEqual(byDepartment.rows.map(() => null));
  });

  it('the employees of a report read as of a past time are as they were then', async () => {
    const { handoffs } = await graphql.request<{ handoffs: { handoffs: { to: { employee: { status: string } } }[] } }>(
      `query ($at: String!) { handoffs(clientId: "c-00", asOf: $at) { handoffs { to { employee { status } } } } }`,
      { at: '2024-05-01T00:00:00Z' },
    );
    expect(handoffs.handoffs).toEqual([{ to: { employee: { status: 'active' } } }]);
  });

  it('a page of fifty clients with their owners reads each owner once, in one batch, not fifty times', async () => {
    const reads = countReads(app);
    try {
      const { clients } = await graphql.request<{
        clients: { totalCount: number; nodes: { clientId: string; owner: { name: string }; wonByEmployee: { name: string } }[] };
      }>('{ clients(first: 50) { totalCount nodes { clientId owner { name } wonByEmployee { name } } } }');
      expect(clients.totalCount).toBe(50);
      expect(clients.nodes).toHaveLength(50);
      expect(clients.nodes[0]).toEqual({ clientId: 'c-00', owner: { name: 'Carl Manager' }, wonByEmployee: { name: 'Rep 1' } });
      expect(clients.nodes[7]).toEqual({ clientId: 'c-07', owner: { name: 'Rep 3' }, wonByEmployee: { name: 'Rep 3' } });
      // Six owners (five reps and Carl), a hundred mentions: six reads. Nothing else was read from a stream.
      expect(reads.counts()).toEqual({ employees: 6, leads: 0, clients: 0 });
    } finally {
      reads.stop();
    }
  });

  it("the directory's nodes are the detail's Client: same id, and what a row lacks is read from the stream when asked", async () => {
    const { clients, client } = await graphql.request<{
      clients: { nodes: { id: string; company: string; revision: number; orderCount: number; orders: { orderId: string }[] }[] };
      client: { id: string; revision: number; orderCount: number };
    }>(
      '{ clients(first: 1) { nodes { id company revision orderCount orders { orderId } } } client(clientId: "c-00") { id revision orderCount } }',
    );
    expect(clients.nodes).toEqual([
      {
        id: client.id,
        company: 'Company c-00',
        revision: client.revision,
        orderCount: 2,
        orders: [{ orderId: 'c-00-o1' }, { orderId: 'c-00-o2' }],
      },
    ]);
    expect(client.orderCount).toBe(2);
  });

  it('pages forward by pageInfo.endCursor; the older fields and `limit` answer as before', async () => {
    type Page = {
      edges: { cursor: string; node: { clientId: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
      totalCount: number;
      clients: { clientId: string }[];
      nextCursor: string | null;
      total: number;
    };
    const query = `query ($after: String, $first: Int, $limit: Int) { clients(after: $after, first: $first, limit: $limit) {
      edges { cursor node { clientId } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount clients { clientId } nextCursor total } }`;
    const first = (await graphql.request<{ clients: Page }>(query, { first: 20 })).clients;
    expect(first.edges.map((edge) => edge.node.clientId)).toEqual(CLIENTS.slice(0, 20).map((client) => client.clientId));
    expect(first.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: first.edges[0].cursor,
      endCursor: first.nextCursor,
    });
    expect(first.clients.map((client) => client.clientId)).toEqual(first.edges.map((edge) => edge.node.clientId));
    expect(first.total).toBe(first.totalCount);
    const last = (await graphql.request<{ clients: Page }>(query, { after: first.edges[19].cursor, limit: 40 })).clients;
    expect(last.edges.map((edge) => edge.node.clientId)).toEqual(CLIENTS.slice(20).map((client) => client.clientId));
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(last.nextCursor).toBeNull();
    const rest = await app.as('analyst').get(`/v1/clients?limit=20`).expect(200);
    expect(Object.keys(rest.body).sort()).toEqual(['asKnownAt', 'asOf', 'clients', 'nextCursor', 'position', 'total']);
    expect(rest.body.nextCursor).toBe(first.nextCursor);
  });

  describe('REST expand', () => {
    it('embeds the owner, winner and lead beside their ids, on the same clocks; ids and ETag unchanged', async () => {
      const plain = await app.as('analyst').get('/v1/clients/c-00').expect(200);
      expect(plain.body).not.toHaveProperty('owner');
      const expanded = await app.as('analyst').get('/v1/clients/c-00?expand=owner,lead&expand=wonByEmployee').expect(200);
      expect(expanded.headers.etag).toBe(plain.headers.etag);
      expect(expanded.body).toEqual({
        ...plain.body,
        owner: CARL_WHO_LEFT,
        wonByEmployee: expect.objectContaining({ employeeId: 'rep-1', name: 'Rep 1' }),
        lead: expect.objectContaining({ leadId: 'lead-c-00', company: 'Company c-00', clientId: 'c-00' }),
      });
      const march = await app.as('analyst').get('/v1/clients/c-00?asOf=2024-03-15T00:00:00Z&expand=owner').expect(200);
      expect(march.body.owner).toMatchObject({ employeeId: 'rep-1' });
      const may = await app.as('analyst').get('/v1/clients/c-00?asOf=2024-05-15T00:00:00Z&expand=owner').expect(200);
      expect(may.body.owner).toMatchObject({ employeeId: 'mgr-carl', status: 'active' });
    });

    it('embeds the owners of a directory page, each read once', async () => {
      const reads = countReads(app);
      try {
        const page = await app.as('analyst').get('/v1/clients?limit=50&expand=owner').expect(200);
        expect(page.body.clients).toHaveLength(50);
        for (const client of page.body.clients) expect(client.owner.employeeId).toBe(client.ownerId);
        expect(reads.counts()).toEqual({ employees: 6, leads: 0, clients: 0 });
      } finally {
        reads.stop();
      }
    });

    it("embeds a lead's owner and client", async () => {
      const lead = await app.as('analyst').get('/v1/leads/lead-c-01?expand=owner&expand=client').expect(200);
      expect(lead.body.owner).toMatchObject({ employeeId: 'rep-2', name: 'Rep 2' });
      expect(lead.body.client).toMatchObject({ clientId: 'c-01', ownerId: 'rep-2' });
    });

    it('refuses a name it cannot expand as VALIDATION_FAILED on `expand`', async () => {
      for (const url of ['/v1/clients/c-00?expand=owner,nope', '/v1/clients?expand=orders', '/v1/leads/lead-c-01?expand=lead']) {
        const response = await app.as('analyst').get(url);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['expand']);
      }
    });

    it('documents expand in OpenAPI, with the embedded objects', async () => {
      const document = (await app.anonymous.get('/docs/json').expect(200)).body;
      for (const path of ['/v1/clients', '/v1/clients/{clientId}', '/v1/leads/{leadId}']) {
        const expand = document.paths[path].get.parameters.find((parameter: { name: string }) => parameter.name === 'expand');
        expect(expand).toMatchObject({ in: 'query', required: false, schema: { type: 'array' } });
      }
      expect(document.components.schemas.ClientView.properties.owner).toBeDefined();
      expect(document.components.schemas.LeadView.properties.client).toBeDefined();
    });
  });
});
