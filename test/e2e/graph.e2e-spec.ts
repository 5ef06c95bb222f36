import { ClientError, type GraphQLClient } from 'graphql-request';

import { CARL_WHO_LEFT, recordCarlLeaving } from './support/given';
import { errorsOf, graphqlAs, startListening } from './support/graphql';
import { expectProblem, seedOrganisation, type TestApp, winClient } from './support/test-app';

describe('a graph for front ends: employees and global ids', () => {
  let app: TestApp;
  let graphql: GraphQLClient;

  beforeAll(async () => {
    const listening = await startListening();
    app = listening.app;
    graphql = graphqlAs(listening.url, 'analyst');
    await seedOrganisation(app);
    await winClient(app, 'acme');
    await recordCarlLeaving(app);
  });
  afterAll(() => app.stop());

  describe('given employees who joined and one who left', () => {
    it('REST answers an employee with the revision as ETag, and as of a time before they left', async () => {
      const now = await app.as('analyst').get('/v1/employees/mgr-carl').expect(200);
      expect(now.body).toEqual(CARL_WHO_LEFT);
      expect(now.headers.etag).toBe('"1"');
      const before = await app.as('analyst').get('/v1/employees/mgr-carl?asOf=2024-05-01T00:00:00Z').expect(200);
      expect(before.body).toMatchObject({ status: 'active', revision: 0 });
    });

    it('an unknown employee, or one asked about before joining, is EMPLOYEE_NOT_FOUND', async () => {
      expectProblem(await app.as('analyst').get('/v1/employees/nobody'), 404, 'EMPLOYEE_NOT_FOUND');
      expectProblem(await app.as('analyst').get('/v1/employees/rep-anna?asOf=2023-12-31T00:00:00Z'), 404, 'EMPLOYEE_NOT_FOUND');
    });

    it('GraphQL answers the same employee with a global id that node(id:) fetches again', async () => {
      const { employee } = await graphql.request<{ employee: { id: string; name: string; status: string } }>(
        '{ employee(employeeId: "rep-anna") { id name status } }',
      );
      expect(employee).toMatchObject({ name: 'Anna Rep', status: 'active' });
      const { node } = await graphql.request<{ node: { __typename: string; employeeId: string } }>(
        'query ($id: ID!) { node(id: $id) { __typename ... on Employee { employeeId } } }',
        { id: employee.id },
      );
      expect(node).toEqual({ __typename: 'Employee', employeeId: 'rep-anna' });
    });

    it('clients and leads carry global ids, each fetched again by node(id:) as its own type', async () => {
      const { client, lead } = await graphql.request<{ client: { id: string }; lead: { id: string } }>(
        '{ client(clientId: "acme") { id } lead(leadId: "lead-of-acme") { id } }',
      );
      expect(client.id).not.toBe(lead.id);
      const { a, b } = await graphql.request<{ a: { __typename: string; clientId: string }; b: { __typename: string; company: string } }>(
        'query ($a: ID!, $b: ID!) { a: node(id: $a) { __typename ... on Client { clientId } } b: node(id: $b) { __typename ... on Lead { company } } }',
        { a: client.id, b: lead.id },
      );
      expect(a).toEqual({ __typename: 'Client', clientId: 'acme' });
      expect(b).toEqual({ __typename: 'Lead', company: 'Company acme' });
    });

    it("a well-formed id of an object that does not exist answers null with that type's NOT_FOUND, each node on its own", async () => {
      const idOf = (typeAndKey: string) => Buffer.from(typeAndKey, 'utf8').toString('base64url');
      const query =
        'query ($a: ID!, $b: ID!, $c: ID!, $d: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } c: node(id: $c) { id } d: node(id: $d) { id } }';
      const variables = { a: idOf('Client:nobody'), b: idOf('Lead:nobody'), c: idOf('Employee:nobody'), d: idOf('Client:acme') };
      const failure = await graphql.request(query, variables).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ClientError);
      const { data, errors } = (failure as ClientError).response;
      expect(data).toEqual({ a: null, b: null, c: null, d: { id: variables.d } });
      expect(Object.fromEntries((errors ?? []).map((error) => [error.path?.[0], error.extensions?.code]))).toEqual({
        a: 'CLIENT_NOT_FOUND',
        b: 'LEAD_NOT_FOUND',
        c: 'EMPLOYEE_NOT_FOUND',
      });
    });

    it('an id this API did not give out is refused as VALIDATION_FAILED on `id`, not a server error', async () => {
      for (const id of ['acme', 'Q2xpZW50', Buffer.from('Order:1').toString('base64url'), '!!', 'x'.repeat(500)]) {
        const errors = await errorsOf(graphql.request('query ($id: ID!) { node(id: $id) { id } }', { id }));
        expect(errors.map((error) => error.extensions?.code)).toEqual(['VALIDATION_FAILED']);
      }
    });
  });
});
