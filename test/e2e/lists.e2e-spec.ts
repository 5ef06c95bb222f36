import type { GraphQLClient } from 'graphql-request';

import { addEmployee, CARL_WHO_LEFT, contactLead, loseLead, placeReorder, recordCarlLeaving } from './support/given';
import { expectGraphqlError, graphqlAs, startListening } from './support/graphql';
import { expectProblem, expectValidationFailedNaming, seedOrganisation, type TestApp, winClient } from './support/test-app';

interface Page {
  nextCursor: string | null;
  total: number;
}

/** Every page of a REST list, following nextCursor to the end: the ids of each page. */
async function restPages(
  app: TestApp,
  path: string,
  key: string,
  idOf: (item: Record<string, unknown>) => string,
  query: Record<string, unknown>,
) {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const response = await app.http
      .get(path)
      .query({ ...query, ...(after === undefined ? {} : { after }) })
      .expect(200);
    const body = response.body as Page & Record<string, Array<Record<string, unknown>>>;
    pages.push(body[key]!.map(idOf));
    after = body.nextCursor ?? undefined;
  } while (after !== undefined);
  return pages;
}

const contact = (app: TestApp, leadId: string, repId: string, company: string, occurredAt: string) =>
  contactLead(app, leadId, { repId, company, occurredAt });

/**
 * The organisation of the seed plus Bea (a second rep, from 1 February); Carl leaves on 1 June.
 * Leads: two clients won by Anna (c-alpha, c-bravo, first contacted 1 February), Anna's open lead
 * l-initech (1 March, contacted again on 10 April), Bea's l-globex (5 March) lost on 20 March and
 * her l-acme-labs (1 April).
 */
async function recordCompany(app: TestApp): Promise<void> {
  await seedOrganisation(app);
  await addEmployee(app, { employeeId: 'rep-bea', name: 'bea Lind', department: 'sales', role: 'rep', occurredAt: '2024-02-01T08:00:00Z' });
  await winClient(app, 'c-alpha');
  await winClient(app, 'c-bravo');
  await contact(app, 'l-initech', 'rep-anna', 'Initech', '2024-03-01T09:00:00Z');
  await contact(app, 'l-globex', 'rep-bea', 'Globex ACME', '2024-03-05T09:00:00Z');
  await loseLead(app, 'l-globex', { reason: 'no budget', occurredAt: '2024-03-20T09:00:00Z' });
  await contact(app, 'l-acme-labs', 'rep-bea', 'acme labs', '2024-04-01T09:00:00Z');
  await contact(app, 'l-initech', 'rep-anna', 'Initech', '2024-04-10T09:00:00Z');
  await placeReorder(app, 'c-bravo', { orderId: 'c-bravo-o2', amount: 5_000, takenBy: 'rep-anna', occurredAt: '2024-05-01T10:00:00Z' });
  await recordCarlLeaving(app);
}

describe('the lists a screen needs: employees, leads, clients searched and sorted, and the caller', () => {
  let app: TestApp;
  let url: string;
  let analyst: GraphQLClient;
  beforeAll(async () => {
    const listening = await startListening();
    app = listening.app;
    url = listening.url;
    analyst = graphqlAs(url, 'analyst');
    await recordCompany(app);
  });
  afterAll(() => app.stop());

  describe('GET /v1/employees', () => {
    it('lists everyone by name, case-insensitively, with the answer’s clocks and position', async () => {
      const response = await app.http.get('/v1/employees').expect(200);
      expect(response.body).toMatchObject({ total: 5, nextCursor: null, asOf: null, asKnownAt: null, position: await app.headPosition() });
      expect(response.body.employees.map((employee: { name: string }) => employee.name)).toEqual([
        'Anna Rep',
        'bea Lind',
        'Carl Manager',
        'Kim Keyaccount',
        'Sam Head',
      ]);
      expect(response.body.employees[2]).toEqual(CARL_WHO_LEFT);
    });

    it('filters by department, role and status, searches the name, and sorts by id either way', async () => {
      const ids = async (query: Record<string, string>) =>
        (await app.http.get('/v1/employees').query(query).expect(200)).body.employees.map(
          (employee: { employeeId: string }) => employee.employeeId,
        );
      expect(await ids({ department: 'sales', role: 'rep' })).toEqual(['rep-anna', 'rep-bea']);
      expect(await ids({ status: 'left' })).toEqual(['mgr-carl']);
      expect(await ids({ search: 'KEY' })).toEqual(['kam-kim']);
      expect(await ids({ sort: '-employeeId' })).toEqual(['rep-bea', 'rep-anna', 'mgr-carl', 'kam-kim', 'head-sam']);
    });

    it('pages through every employee with its cursors, and refuses a cursor under another sort', async () => {
      const pages = await restPages(app, '/v1/employees', 'employees', (employee) => String(employee.employeeId), {
        limit: 2,
        sort: 'employeeId',
      });
      expect(pages).toEqual([['head-sam', 'kam-kim'], ['mgr-carl', 'rep-anna'], ['rep-bea']]);
      const first = await app.http.get('/v1/employees?limit=2&sort=employeeId').expect(200);
      const refused = await app.http.get('/v1/employees').query({ limit: 2, after: first.body.nextCursor }).expect(400);
      expectProblem(refused, 400, 'CURSOR_INVALID');
      expect(refused.body.errors[0].field).toBe('after');
    });

    it('answers as of a business time and as the ledger knew it', async () => {
      const before = await app.http.get('/v1/employees?asOf=2024-05-01T00:00:00Z&status=left').expect(200);
      expect([before.body.total, before.body.asOf]).toEqual([0, '2024-05-01T00:00:00.000Z']);
      const known = await app.http.get('/v1/employees').query({ asKnownAt: '2000-01-01T00:00:00Z' }).expect(200);
      expect([known.body.total, known.body.asKnownAt]).toEqual([0, '2000-01-01T00:00:00.000Z']);
    });

    it.each([
      ['sort', { sort: 'salary' }],
      ['department', { department: 'marketing' }],
      ['limit', { limit: '0' }],
      ['search', { search: 'x'.repeat(201) }],
    ])('refuses a bad %s as VALIDATION_FAILED naming it', async (field, query) => {
      const response = await app.http.get('/v1/employees').query(query).expect(400);
      expectValidationFailedNaming(response, field);
    });
  });

  describe('GET /v1/leads', () => {
    const ids = async (query: Record<string, string>) =>
      (await app.http.get('/v1/leads').query(query).expect(200)).body.leads.map((lead: { leadId: string }) => lead.leadId);

    it('lists the newest first contact first, each lead with its owner, stage and contacts counted', async () => {
      const response = await app.http.get('/v1/leads').expect(200);
      expect(response.body.total).toBe(5);
      expect(response.body.leads.map((lead: { leadId: string }) => lead.leadId)).toEqual([
        'l-acme-labs',
        'l-globex',
        'l-initech',
        'lead-of-c-bravo',
        'lead-of-c-alpha',
      ]);
      expect(response.body.leads[2]).toEqual({
        leadId: 'l-initech',
        company: 'Initech',
        ownerId: 'rep-anna',
        stage: 'open',
        firstContactedAt: '2024-03-01T09:00:00.000Z',
        lastContactAt: '2024-04-10T09:00:00.000Z',
        contactCount: 2,
        closedAt: null,
        clientId: null,
        lostReason: null,
        revision: 1,
      });
    });

    it('filters by owner, stage and first contact, and searches the company', async () => {
      expect(await ids({ ownerId: 'rep-bea', stage: 'open' })).toEqual(['l-acme-labs']);
      expect(await ids({ stage: 'won', sort: 'company' })).toEqual(['lead-of-c-alpha', 'lead-of-c-bravo']);
      expect(await ids({ firstContactedFrom: '2024-03-01', firstContactedTo: '2024-03-31' })).toEqual(['l-globex', 'l-initech']);
      expect(await ids({ search: 'acme', sort: 'company' })).toEqual(['l-acme-labs', 'l-globex']);
      expect(await ids({ sort: '-lastContactAt', limit: '2' })).toEqual(['l-initech', 'l-acme-labs']);
    });

    it('pages through every lead with its cursors', async () => {
      const pages = await restPages(app, '/v1/leads', 'leads', (lead) => String(lead.leadId), { limit: 2, sort: 'company' });
      expect(pages).toEqual([['l-acme-labs', 'lead-of-c-alpha'], ['lead-of-c-bravo', 'l-globex'], ['l-initech']]);
    });

    it('answers as of a business time (Globex still open) and as known at a record time', async () => {
      expect(await ids({ stage: 'open', asOf: '2024-03-10T00:00:00Z' })).toEqual(['l-globex', 'l-initech']);
      const known = await app.http.get('/v1/leads').query({ asKnownAt: '2000-01-01T00:00:00Z' }).expect(200);
      expect(known.body.total).toBe(0);
    });

    it('refuses a first-contact window that ends before it starts, naming the field', async () => {
      const response = await app.http.get('/v1/leads?firstContactedFrom=2024-04-01&firstContactedTo=2024-03-01').expect(400);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['firstContactedTo']);
    });

    it('reads its writes: a lead contacted now is listed when the read names the position', async () => {
      const written = await contact(app, 'l-fresh', 'rep-anna', 'Fresh Ltd', '2024-06-02T09:00:00Z');
      const response = await app.http.get('/v1/leads').query({ search: 'fresh', minPosition: written.body.position }).expect(200);
      expect([response.body.leads.map((lead: { leadId: string }) => lead.leadId), response.body.position >= written.body.position]).toEqual(
        [['l-fresh'], true],
      );
    });
  });

  describe('GET /v1/clients searched and sorted', () => {
    it('names each client’s company, searches it and the id, and sorts by the latest order', async () => {
      const searched = await app.http.get('/v1/clients?search=COMPANY%20C-A').expect(200);
      expect(searched.body).toMatchObject({ total: 1, clients: [{ clientId: 'c-alpha', company: 'Company c-alpha' }] });
      const sorted = await app.http.get('/v1/clients?sort=-lastOrderAt&limit=1').expect(200);
      expect(sorted.body.clients.map((client: { clientId: string }) => client.clientId)).toEqual(['c-bravo']);
      const next = await app.http.get('/v1/clients').query({ sort: '-lastOrderAt', limit: 1, after: sorted.body.nextCursor }).expect(200);
      expect([next.body.clients[0].clientId, next.body.nextCursor]).toEqual(['c-alpha', null]);
      expectProblem(await app.http.get('/v1/clients').query({ after: sorted.body.nextCursor }).expect(400), 400, 'CURSOR_INVALID');
    });
  });

  describe('GET /v1/me', () => {
    it('answers a rep with their employee record, and an analyst with none', async () => {
      const rep = await app.as('rep', 'rep-anna').get('/v1/me').expect(200);
      expect(rep.body).toMatchObject({
        id: 'rep-anna',
        role: 'rep',
        employee: { employeeId: 'rep-anna', name: 'Anna Rep', department: 'sales' },
      });
      expect((await app.as('analyst', 'ana-lyst').get('/v1/me').expect(200)).body).toEqual({
        id: 'ana-lyst',
        role: 'analyst',
        employee: null,
      });
      expect((await app.as('auditor').get('/v1/me').expect(200)).body.role).toBe('auditor');
      expectProblem(await app.anonymous.get('/v1/me').expect(401), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET /v1/events paging names', () => {
    it('answers nextCursor (and the deprecated nextAfter), and reads on from it as after', async () => {
      const first = await app.http.get('/v1/events?limit=3').expect(200);
      expect([first.body.nextCursor, first.body.nextAfter]).toEqual(['3', 3]);
      const next = await app.http.get('/v1/events').query({ limit: 2, after: first.body.nextCursor }).expect(200);
      expect(next.body.events.map((event: { position: number }) => event.position)).toEqual([4, 5]);
    });
  });

  describe('GraphQL', () => {
    interface Connection<Node> {
      edges: Array<{ cursor: string; node: Node }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      totalCount: number;
    }

    it('pages the employees connection to its end with first and after, nodes as Employee with global ids', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const { employees }: { employees: Connection<{ id: string; employeeId: string; status: string }> } = await analyst.request(
          `query ($after: String) { employees(first: 2, after: $after, orderBy: {key: name, direction: desc}) {
            edges { cursor node { id employeeId status } } pageInfo { hasNextPage endCursor } totalCount } }`,
          { after },
        );
        expect(employees.totalCount).toBe(5);
        seen.push(...employees.edges.map((edge) => edge.node.employeeId));
        if (!employees.pageInfo.hasNextPage) break;
        after = employees.pageInfo.endCursor;
      }
      expect(seen).toEqual(['head-sam', 'kam-kim', 'mgr-carl', 'rep-bea', 'rep-anna']);
      const { employees } = await analyst.request<{ employees: { nodes: Array<{ employeeId: string }> } }>(
        '{ employees(filter: {status: left}, search: "carl") { nodes { employeeId } } }',
      );
      expect(employees.nodes).toEqual([{ employeeId: 'mgr-carl' }]);
    });

    it('lists leads as Lead nodes, their contacts read from the stream under the same clocks', async () => {
      const { leads } = await analyst.request<{
        leads: Connection<{ id: string; leadId: string; stage: string; contacts: Array<{ occurredAt: string }> }>;
      }>(
        `{ leads(filter: {ownerId: "rep-anna", stage: open}, search: "INITECH", asOf: "2024-03-15T00:00:00Z", first: 5) {
          edges { node { id leadId stage contactCount contacts { occurredAt } } } totalCount } }`,
      );
      expect(leads.totalCount).toBe(1);
      expect(leads.edges[0]!.node).toMatchObject({
        leadId: 'l-initech',
        contactCount: 1,
        contacts: [{ occurredAt: '2024-03-01T09:00:00.000Z' }],
      });
      const { node } = await analyst.request<{ node: { leadId: string } }>(
        `query ($id: ID!) { node(id: $id) { ... on Lead { leadId } } }`,
        {
          id: leads.edges[0]!.node.id,
        },
      );
      expect(node.leadId).toBe('l-initech');
    });

    it('searches and sorts the clients, and refuses a cursor of another sort', async () => {
      const { clients } = await analyst.request<{ clients: { clients: Array<{ clientId: string; company: string }>; nextCursor: string } }>(
        '{ clients(search: "company", orderBy: {key: wonAt, direction: desc}, limit: 1) { clients { clientId company } nextCursor } }',
      );
      expect(clients.clients).toEqual([{ clientId: 'c-bravo', company: 'Company c-bravo' }]);
      await expectGraphqlError(
        analyst.request('query ($after: String) { clients(search: "company", after: $after) { total } }', { after: clients.nextCursor }),
        'CURSOR_INVALID',
      );
    });

    it('answers viewer for a rep (with their Employee) and an analyst (without)', async () => {
      const query = '{ viewer { id role employee { id employeeId name } } }';
      const rep = await graphqlAs(url, 'rep', 'rep-bea').request<{
        viewer: { id: string; role: string; employee: { employeeId: string } };
      }>(query);
      expect(rep.viewer).toMatchObject({ id: 'rep-bea', role: 'rep', employee: { employeeId: 'rep-bea', name: 'bea Lind' } });
      expect((await analyst.request<{ viewer: unknown }>(query)).viewer).toEqual({ id: 'test-analyst', role: 'analyst', employee: null });
    });

    it('refuses a cursor of another listing as CURSOR_INVALID', async () => {
      const { employees } = await analyst.request<{ employees: Connection<unknown> }>(
        '{ employees(first: 1) { pageInfo { hasNextPage endCursor } totalCount } }',
      );
      await expectGraphqlError(
        analyst.request('query ($after: String) { leads(after: $after) { totalCount } }', { after: employees.pageInfo.endCursor }),
        'CURSOR_INVALID',
      );
    });
  });
});
