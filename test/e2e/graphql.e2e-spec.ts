import type { GraphQLFormattedError } from 'graphql';
import type { ClientError, GraphQLClient } from 'graphql-request';

import { ACME_JOURNEY } from './support/acme-journey';
import { errorsOf, expectGraphqlError, graphqlAs, seenErrors, startListening } from './support/graphql';
import { expectProblem, ORGANISATION, type TestApp } from './support/test-app';

const ANSWER = 'eventId streamId revision position';
const ADD_EMPLOYEE = `mutation ($input: AddEmployeeInput!) { addEmployee(input: $input) { ${ANSWER} } }`;
const SET_COMMISSION_PLAN = `mutation ($input: SetCommissionPlanInput!) { setCommissionPlan(input: $input) { ${ANSWER} } }`;
const CONTACT_LEAD = `mutation ($leadId: ID!, $input: ContactLeadInput!, $options: CommandOptions) { contactLead(leadId: $leadId, input: $input, options: $options) { ${ANSWER} } }`;
const LOSE_LEAD = `mutation ($leadId: ID!, $input: LoseLeadInput!) { loseLead(leadId: $leadId, input: $input) { ${ANSWER} } }`;
const WIN_CLIENT = `mutation ($input: WinClientInput!) { winClient(input: $input) { ${ANSWER} } }`;
const PLACE_REORDER = `mutation ($clientId: ID!, $input: PlaceReorderInput!, $options: CommandOptions) { placeReorder(clientId: $clientId, input: $input, options: $options) { ${ANSWER} } }`;
const HAND_OFF = `mutation ($clientId: ID!, $input: HandOffClientInput!) { handOffClient(clientId: $clientId, input: $input) { ${ANSWER} } }`;
const ESCALATE = `mutation ($clientId: ID!, $input: EscalateKeyAccountInput!) { escalateKeyAccount(clientId: $clientId, input: $input) { ${ANSWER} } }`;
const LOSE_CLIENT = `mutation ($clientId: ID!, $input: LoseClientInput!) { loseClient(clientId: $clientId, input: $input) { ${ANSWER} } }`;
const REMOVE_EMPLOYEE = `mutation ($employeeId: ID!, $input: RemoveEmployeeInput) { removeEmployee(employeeId: $employeeId, input: $input) { ${ANSWER} } }`;

const MONEY = 'amount currency';
const CLIENT = `clientId status leadId wonBy wonAt owningDepartment ownerId keyAccount revision
  orders { orderId total { ${MONEY} } kind occurredAt takenBy creditedDepartment creditedOwnerId }
  revenue { ${MONEY} } lost { at reason competitor }`;
const LEAD =
  'leadId stage company ownerId firstContactedAt lastContactAt contactCount closedAt lostReason clientId revision contacts { repId channel outcome note occurredAt }';
const FIGURES = 'contacted open won lost conversion medianDaysToWin lostReasons';
const PIPELINE = `groupBy timeZone asOf asKnownAt position rows { key ${FIGURES} } total { ${FIGURES} }`;
const RETENTION = `timeZone throughMonth atRiskDays atRiskTotal asOf asKnownAt position
  cohorts { cohort clients retained retainedPct revenue revenueRetainedPct churned atRisk }
  clientsAtRisk { clientId lastOrderAt daysWithoutOrder }`;
const REVENUE = `groupBy timeZone asOf asKnownAt position rows { month key currency newRevenue repeatRevenue commission orders }
  salesToClientRatio { month currency salesRevenue clientRevenue ratio }`;
const DIRECTORY = `clients { clientId leadId company wonBy wonAt status owningDepartment ownerId keyAccount orderCount lastOrderAt revenue { ${MONEY} } lostAt }
  nextCursor total asOf asKnownAt position`;
const HANDOFF_TRAIL = `handoffs { position eventId kind occurredAt recordedAt clientId from { department employeeId } to { department employeeId }
  actor { type id role name } reason rule { name parameters } correlationId causationId causationChain { eventId type position occurredAt } } timeZone asOf asKnownAt position`;
/** GraphQL answers an actor's absent members with null where REST leaves the key out. */
const withNullActorMembers = (actor: object) => ({ id: null, role: null, name: null, ...actor });
/** WIN_CLIENT's variables: Anna wins her lead of the same id as a client, with a first order in EUR. */
const annasWin = (clientId: string, firstOrder: { orderId: string; amount: number; occurredAt?: string }) => ({
  input: {
    clientId,
    leadId: clientId,
    repId: 'rep-anna',
    firstOrder: { orderId: firstOrder.orderId, total: { amount: firstOrder.amount, currency: 'EUR' } },
    occurredAt: firstOrder.occurredAt,
  },
});
const EVENT =
  'eventId type schemaVersion streamId revision position occurredAt recordedAt data metadata { actor { type id role name } correlationId causationId }';

describe('GraphQL at /graphql: the same operations as REST', () => {
  let app: TestApp;
  let url: string;
  let admin: GraphQLClient;

  beforeAll(async () => {
    ({ app, url } = await startListening());
    admin = graphqlAs(url, 'admin', 'admin-1');
  });
  afterAll(() => app.stop());

  describe('a client from first contact to key account', () => {
    it('records every step through mutations, each answering the event appended', async () => {
      for (const person of ORGANISATION) {
        const { addEmployee } = await admin.request<{ addEmployee: unknown }>(ADD_EMPLOYEE, {
          input: { ...person, occurredAt: '2024-01-02T08:00:00Z' },
        });
        expect(addEmployee).toEqual({
          eventId: expect.any(String),
          streamId: `employee-${person.employeeId}`,
          revision: 0,
          position: expect.any(Number),
        });
      }
      await admin.request(SET_COMMISSION_PLAN, { input: ACME_JOURNEY.commissionPlan });

      const anna = graphqlAs(url, 'rep', 'rep-anna');
      const contacted = await anna.request<{ contactLead: { streamId: string; revision: number } }>(CONTACT_LEAD, {
        leadId: ACME_JOURNEY.leadId,
        input: ACME_JOURNEY.contact,
        options: { correlationId: 'corr-42' },
      });
      expect(contacted.contactLead).toMatchObject({ streamId: 'lead-acme', revision: 0 });
      const won = await anna.request<{ winClient: unknown }>(WIN_CLIENT, { input: ACME_JOURNEY.win });
      expect(won.winClient).toMatchObject({ streamId: 'client-acme', revision: 0 });

      const { clientId } = ACME_JOURNEY;
      await anna.request(PLACE_REORDER, { clientId, input: ACME_JOURNEY.salesReorder });
      await admin.request(HAND_OFF, { clientId, input: ACME_JOURNEY.handoff });
      await graphqlAs(url, 'manager', 'mgr-carl').request(PLACE_REORDER, { clientId, input: ACME_JOURNEY.clientDepartmentReorder });
      const escalated = await admin.request<{ escalateKeyAccount: unknown }>(ESCALATE, { clientId, input: ACME_JOURNEY.escalation });
      expect(escalated.escalateKeyAccount).toMatchObject({ streamId: 'client-acme', revision: 4 });

      // A second lead, lost, for the pipeline's lost reasons; a second client, lost to a competitor.
      await anna.request(CONTACT_LEAD, {
        leadId: 'globex',
        input: { repId: 'rep-anna', company: 'Globex', channel: 'email', outcome: 'no budget', occurredAt: '2024-03-02T09:00:00Z' },
      });
      await anna.request(LOSE_LEAD, { leadId: 'globex', input: { reason: 'price', occurredAt: '2024-03-20T09:00:00Z' } });
      await anna.request(CONTACT_LEAD, {
        leadId: 'initech',
        input: { repId: 'rep-anna', company: 'Initech', channel: 'meeting', outcome: 'signed', occurredAt: '2024-03-03T09:00:00Z' },
      });
      await anna.request(WIN_CLIENT, annasWin('initech', { orderId: 'i-1', amount: 10_000, occurredAt: '2024-03-10T10:00:00Z' }));
      await admin.request(LOSE_CLIENT, {
        clientId: 'initech',
        input: { reason: 'moved supplier', competitor: 'Umbrella', occurredAt: '2024-06-01T10:00:00Z' },
      });
      await admin.request(ADD_EMPLOYEE, {
        input: { employeeId: 'temp', name: 'Temp Worker', department: 'sales', role: 'rep', occurredAt: '2024-01-02T08:00:00Z' },
      });
      const removed = await admin.request<{ removeEmployee: unknown }>(REMOVE_EMPLOYEE, { employeeId: 'temp' });
      expect(removed.removeEmployee).toMatchObject({ streamId: 'employee-temp', revision: 1 });
    });

    it('answers the client as REST does, now and as of a past business time', async () => {
      const { client } = await admin.request<{ client: Record<string, unknown> }>(
        `query ($id: ID!) { client(clientId: $id) { ${CLIENT} } }`,
        { id: 'acme' },
      );
      expect(client).toMatchObject({
        status: 'active',
        owningDepartment: 'key_accounts',
        ownerId: 'kam-kim',
        keyAccount: true,
        revenue: [{ amount: '245000', currency: 'EUR' }],
        revision: 4,
        lost: null,
      });
      expect(client).toEqual((await app.http.get('/v1/clients/acme').expect(200)).body);

      const asOf = '2024-04-01T12:00:00Z';
      const before = await admin.request<{ client: unknown }>(
        `query ($id: ID!, $asOf: String) { client(clientId: $id, asOf: $asOf) { ${CLIENT} } }`,
        { id: 'acme', asOf },
      );
      expect(before.client).toMatchObject({
        owningDepartment: 'sales',
        ownerId: 'rep-anna',
        keyAccount: false,
        revenue: [{ amount: '175000', currency: 'EUR' }],
      });
      expect(before.client).toEqual((await app.http.get('/v1/clients/acme').query({ asOf }).expect(200)).body);

      const lost = await admin.request<{ client: unknown }>(`{ client(clientId: "initech") { status lost { reason competitor } } }`);
      expect(lost.client).toEqual({ status: 'lost', lost: { reason: 'moved supplier', competitor: 'Umbrella' } });
    });

    it('answers the lead as REST does', async () => {
      const { lead } = await admin.request<{ lead: unknown }>(`{ lead(leadId: "acme") { ${LEAD} } }`);
      expect(lead).toMatchObject({ stage: 'won', company: 'ACME GmbH', ownerId: 'rep-anna', clientId: 'acme' });
      expect(lead).toEqual((await app.http.get('/v1/leads/acme').expect(200)).body);
      const { lead: asOfContact } = await admin.request<{ lead: unknown }>(
        `{ lead(leadId: "acme", asOf: "2024-03-02T00:00:00+01:00") { stage clientId } }`,
      );
      expect(asOfContact).toEqual({ stage: 'open', clientId: null });
    });

    it("answers the client's stream and the log with each event's metadata", async () => {
      const { clientEvents } = await admin.request<{ clientEvents: { events: { type: string; metadata: unknown }[] } }>(
        `{ clientEvents(clientId: "acme") { events { ${EVENT} } } }`,
      );
      expect(clientEvents.events.map((event) => event.type)).toEqual([
        'ClientWon',
        'ReorderPlaced',
        'ClientHandedToClientDepartment',
        'ReorderPlaced',
        'KeyAccountEscalated',
      ]);
      const rest = (await app.http.get('/v1/clients/acme/events').expect(200)).body.events;
      // A user actor has no name; GraphQL answers the field with null where REST leaves the key out.
      expect(clientEvents.events).toEqual(
        rest.map((event: { metadata: { actor: object } }) => ({
          ...event,
          metadata: { ...event.metadata, actor: withNullActorMembers(event.metadata.actor) },
        })),
      );
      expect(clientEvents.events[2].metadata).toMatchObject({ actor: { type: 'user', id: 'admin-1', role: 'admin' } });

      const asOf = await admin.request<{ clientEvents: { events: unknown[] } }>(
        `{ clientEvents(clientId: "acme", asOf: "2024-04-01T12:00:00Z") { events { type } } }`,
      );
      expect(asOf.clientEvents.events).toEqual([{ type: 'ClientWon' }, { type: 'ReorderPlaced' }]);

      const first = await admin.request<{
        events: { events: { position: number; type: string }[]; nextAfter: number; headPosition: number };
      }>(`{ events(limit: 3) { events { position type } nextAfter headPosition } }`);
      expect(first.events.events.map((event) => event.position)).toEqual([1, 2, 3]);
      expect(first.events.nextAfter).toBe(3);
      const rest3 = await admin.request<{ events: { events: { position: number }[]; nextAfter: number | null; headPosition: number } }>(
        `query ($after: SafeInt) { events(after: $after, limit: 1000) { events { position } nextAfter headPosition } }`,
        { after: first.events.nextAfter },
      );
      expect(rest3.events.nextAfter).toBeNull();
      expect(rest3.events.events.at(-1)!.position).toBe(rest3.events.headPosition);

      const { events } = await admin.request<{ events: { events: { metadata: { correlationId: string }; streamId: string }[] } }>(
        `{ events(limit: 1000) { events { ${EVENT} } } }`,
      );
      expect(events.events.find((event) => event.streamId === 'lead-acme')!.metadata.correlationId).toBe('corr-42');
    });

    it('answers pipeline, retention and revenue as REST does, live and as of a past time', async () => {
      const reports: [string, string, Record<string, string>][] = [
        ['pipeline', PIPELINE, { from: '2024-03-01', to: '2024-03-31' }],
        ['pipeline', PIPELINE, { groupBy: 'department', asOf: '2024-03-15T00:00:00Z' }],
        ['retention', RETENTION, { from: '2024-01-01', to: '2024-12-31', asOf: '2024-08-01T00:00:00Z' }],
        ['revenue', REVENUE, { from: '2024-01-01', to: '2024-12-31', groupBy: 'department' }],
        ['revenue', REVENUE, { groupBy: 'rep', department: 'sales', asOf: '2024-04-15T00:00:00Z' }],
      ];
      for (const [report, selection, args] of reports) {
        const literal = Object.entries(args)
          .map(([name, value]) => (name === 'groupBy' || name === 'department' ? `${name}: ${value}` : `${name}: "${value}"`))
          .join(', ');
        const answer = await admin.request<Record<string, unknown>>(`{ ${report}(${literal}) { ${selection} } }`);
        const rest = (await app.http.get(`/v1/${report}`).query(args).expect(200)).body;
        expect({ report, args, answer: answer[report] }).toEqual({ report, args, answer: rest });
      }
      const { pipeline } = await admin.request<{ pipeline: { total: unknown } }>(
        `{ pipeline(from: "2024-03-01", to: "2024-03-31") { total { contacted won lost conversion lostReasons } } }`,
      );
      expect(pipeline.total).toEqual({ contacted: 3, won: 2, lost: 1, conversion: 0.6667, lostReasons: { price: 1 } });
      const { revenue } = await admin.request<{ revenue: { rows: unknown[] } }>(
        `{ revenue(from: "2024-03-01", to: "2024-03-31") { rows { month key newRevenue commission } } }`,
      );
      expect(revenue.rows).toEqual([{ month: '2024-03', key: 'sales', newRevenue: '135000', commission: '6750' }]);
    });

    it('pages through the client directory as REST does, filtered, now and as of a past time', async () => {
      type Directory = { clients: { clientId: string; owningDepartment: string }[]; nextCursor: string | null; total: number };
      const page = (args: string) =>
        admin.request<{ clients: Directory }>(`{ clients${args} { ${DIRECTORY} } }`).then((answer) => answer.clients);

      const first = await page('(limit: 1)');
      expect(first).toMatchObject({ clients: [{ clientId: 'acme' }], total: 2, nextCursor: expect.any(String) });
      expect(first).toEqual((await app.http.get('/v1/clients').query({ limit: 1 }).expect(200)).body);
      const second = await page(`(limit: 1, after: "${first.nextCursor}")`);
      expect(second).toMatchObject({ clients: [{ clientId: 'initech' }], nextCursor: null });

      expect((await page('(filter: { status: lost })')).clients.map((client) => client.clientId)).toEqual(['initech']);
      expect(
        (await page('(filter: { owningDepartment: key_accounts, ownerId: "kam-kim" })')).clients.map((client) => client.clientId),
      ).toEqual(['acme']);
      const filtered = await page('(filter: { owningDepartment: sales })');
      expect(filtered).toEqual((await app.http.get('/v1/clients').query({ owningDepartment: 'sales' }).expect(200)).body);

      const asOf = await page('(asOf: "2024-03-06T00:00:00Z")');
      expect(asOf).toMatchObject({
        clients: [{ clientId: 'acme', owningDepartment: 'sales' }],
        total: 1,
        asOf: '2024-03-06T00:00:00.000Z',
      });

      const refused = await expectGraphqlError(admin.request('{ clients(after: "not-a-cursor") { total } }'), 'CURSOR_INVALID');
      expect(refused.extensions).toMatchObject({ status: 400, errors: [{ field: 'after', message: expect.any(String) }] });
    });

    it('traces every handoff and escalation as REST does', async () => {
      type Trail = { handoffs: { kind: string; actor: object; from: { employeeId: string }; to: { employeeId: string } }[] };
      const trail = (args: string) =>
        admin.request<{ handoffs: Trail }>(`{ handoffs${args} { ${HANDOFF_TRAIL} } }`).then((answer) => answer.handoffs);

      const acme = await trail('(clientId: "acme")');
      expect(acme.handoffs.map(({ kind, from, to }) => [kind, from.employeeId, to.employeeId])).toEqual([
        ['handoff', 'rep-anna', 'mgr-carl'],
        ['escalation', 'mgr-carl', 'kam-kim'],
      ]);
      const rest = (await app.http.get('/v1/audit/handoffs').query({ clientId: 'acme' }).expect(200)).body;
      expect(acme).toEqual({
        ...rest,
        handoffs: rest.handoffs.map((row: { actor: object }) => ({ ...row, actor: withNullActorMembers(row.actor) })),
      });

      expect((await trail('(department: key_accounts)')).handoffs.map((row) => row.kind)).toEqual(['escalation']);
      expect((await trail('(employeeId: "mgr-carl", from: "2024-05-01")')).handoffs.map((row) => row.kind)).toEqual(['escalation']);
      expect((await trail('(asOf: "2024-04-30T00:00:00Z")')).handoffs.map((row) => row.kind)).toEqual(['handoff']);
      await expectGraphqlError(admin.request('{ handoffs(from: "2024-05-01", to: "2024-04-01") { position } }'), 'VALIDATION_FAILED');
      await expectGraphqlError(graphqlAs(url, 'auditor').request('{ clients { total } }'), 'FORBIDDEN');
      expect(
        (await graphqlAs(url, 'auditor').request<{ handoffs: Trail }>('{ handoffs { handoffs { kind } } }')).handoffs.handoffs,
      ).toHaveLength(2);
    });

    it('shows the read models and rebuilds one beside the live one', async () => {
      const analyst = graphqlAs(url, 'analyst');
      const { projectionStatus } = await analyst.request<{ projectionStatus: { projection: string; state: string; lag: number }[] }>(
        '{ projectionStatus { projection version generation checkpoint head lag state failure rebuild { generation checkpoint startedAt } } }',
      );
      expect(projectionStatus.map((status) => status.projection)).toEqual(
        expect.arrayContaining(['pipeline', 'retention', 'revenue', 'clients', 'handoffs']),
      );
      expect(projectionStatus.every((status) => status.state === 'live')).toBe(true);
      const { rebuildProjection } = await analyst.request<{ rebuildProjection: { projection: string } }>(
        'mutation { rebuildProjection(projection: "pipeline") { projection state } }',
      );
      expect(rebuildProjection).toEqual({ projection: 'pipeline', state: 'live' });
      await expectGraphqlError(
        analyst.request('mutation { rebuildProjection(projection: "forecast") { projection } }'),
        'PROJECTION_NOT_FOUND',
      );
    });
  });

  describe('refusals carry the same code as over REST', () => {
    it('an unknown client: CLIENT_NOT_FOUND, with the status and type of the problem', async () => {
      const error = await expectGraphqlError(admin.request('{ client(clientId: "ghost") { clientId } }'), 'CLIENT_NOT_FOUND');
      expect(error).toMatchObject({
        message: 'client ghost has not been won',
        path: ['client'],
        extensions: { status: 404, type: '/problems/client-not-found', title: 'Client not found' },
      });
      expectProblem(await app.http.get('/v1/clients/ghost'), 404, 'CLIENT_NOT_FOUND');
      await expectGraphqlError(admin.request('{ lead(leadId: "ghost") { leadId } }'), 'LEAD_NOT_FOUND');
      await expectGraphqlError(admin.request('{ clientEvents(clientId: "ghost") { events { eventId } } }'), 'CLIENT_NOT_FOUND');
    });

    it("a rule of the ledger: the rule's code and the field it is about", async () => {
      const error = await expectGraphqlError(
        admin.request(HAND_OFF, { clientId: 'initech', input: { toManagerId: 'mgr-carl', reason: 'x' } }),
        'CLIENT_LOST',
      );
      expect(error.extensions).toMatchObject({ status: 409, type: '/problems/client-lost' });
      const input = { toManagerId: 'ghost', reason: 'x' };
      await admin.request(CONTACT_LEAD, {
        leadId: 'hooli',
        input: { repId: 'rep-anna', company: 'Hooli', channel: 'call', outcome: 'ok', occurredAt: '2024-03-01T09:00:00Z' },
      });
      await admin.request(WIN_CLIENT, annasWin('hooli', { orderId: 'h-1', amount: 1 }));
      const unknown = await expectGraphqlError(admin.request(HAND_OFF, { clientId: 'hooli', input }), 'EMPLOYEE_UNKNOWN');
      expect(unknown.extensions).toMatchObject({ status: 409, errors: [{ field: 'toManagerId', message: expect.any(String) }] });
      expectProblem(await app.http.post('/v1/clients/hooli/handoff').send(input), 409, 'EMPLOYEE_UNKNOWN');
      await expectGraphqlError(
        admin.request(CONTACT_LEAD, { leadId: 'x', input: { repId: 'mgr-carl', company: 'X', channel: 'email', outcome: 'no' } }),
        'EMPLOYEE_NOT_IN_SALES_DEPARTMENT',
      );
      await expectGraphqlError(
        admin.request(PLACE_REORDER, {
          clientId: 'acme',
          input: { orderId: 'o-1', total: { amount: 5, currency: 'EUR' }, takenBy: 'kam-kim' },
        }),
        'ORDER_ALREADY_PLACED',
      );
    });

    it('invalid input: VALIDATION_FAILED with every invalid field, named by its path in the arguments', async () => {
      const input = { orderId: 'bad id!', total: { amount: -5, currency: 'XYZ' }, takenBy: 'kam-kim', occurredAt: '2024-05-01 10:00' };
      const error = await expectGraphqlError(admin.request(PLACE_REORDER, { clientId: 'acme', input }), 'VALIDATION_FAILED');
      expect(error.extensions).toMatchObject({ status: 400, type: '/problems/validation-failed' });
      expect((error.extensions!.errors as { field: string }[]).map((fieldError) => fieldError.field).sort()).toEqual([
        'input.occurredAt',
        'input.orderId',
        'input.total.amount',
        'input.total.currency',
      ]);
      expectProblem(await app.http.post('/v1/clients/acme/orders').send(input), 400, 'VALIDATION_FAILED');

      const badId = await expectGraphqlError(admin.request('{ client(clientId: "not an id") { clientId } }'), 'VALIDATION_FAILED');
      expect(badId.extensions!.errors).toEqual([
        {
          field: 'clientId',
          path: 'clientId',
          code: 'INVALID_FORMAT',
          params: { pattern: expect.any(String) },
          message: expect.stringContaining('clientId must be 1-128 characters'),
        },
      ]);
      const period = await expectGraphqlError(
        admin.request('{ revenue(from: "2024-06-01", to: "2024-05-01") { position } }'),
        'VALIDATION_FAILED',
      );
      expect(period.extensions!.errors).toEqual([
        { field: 'to', path: 'to', code: 'NOT_AFTER', params: { field: 'from' }, message: 'to must come after from' },
      ]);
      const limit = await expectGraphqlError(admin.request('{ events(limit: 5000) { headPosition } }'), 'VALIDATION_FAILED');
      expect(limit.extensions!.errors).toEqual([
        { field: 'limit', path: 'limit', code: 'TOO_LARGE', params: { max: 1000 }, message: expect.any(String) },
      ]);
    });

    it("values the schema's types refuse keep graphql's own codes", async () => {
      const [wrongType] = await errorsOf(
        admin.request(PLACE_REORDER, {
          clientId: 'acme',
          input: { orderId: 'o-9', total: { amount: 1.5, currency: 'EUR' }, takenBy: 'kam-kim' },
        }),
      );
      expect(wrongType.extensions?.code).toBe('BAD_USER_INPUT');
      const [unknownField] = await errorsOf(admin.request('{ client(clientId: "acme") { nonsense } }'));
      expect(unknownField.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const [syntax] = await errorsOf(admin.request('{ client(clientId: "acme") { '));
      expect(syntax.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      const [badEnum] = await errorsOf(admin.request('{ pipeline(department: marketing) { position } }'));
      expect(badEnum.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('command options', () => {
    const reorder = (orderId: string) => ({ orderId, total: { amount: 900, currency: 'EUR' }, takenBy: 'kam-kim' });

    it('an idempotency key: a retry answers the first answer and appends nothing; other input with it is IDEMPOTENCY_KEY_REUSED', async () => {
      const options = { idempotencyKey: 'gql-retry-1' };
      const first = await admin.request<{ placeReorder: unknown }>(PLACE_REORDER, { clientId: 'acme', input: reorder('o-idem'), options });
      const head = await app.headPosition();
      // Key order, and a null option for an absent one, do not make it another request.
      const retry = await admin.request<{ placeReorder: unknown }>(PLACE_REORDER, {
        clientId: 'acme',
        input: { takenBy: 'kam-kim', total: { currency: 'EUR', amount: 900 }, orderId: 'o-idem', occurredAt: null },
        options: { ...options, correlationId: null },
      });
      expect(retry.placeReorder).toEqual(first.placeReorder);
      expect(await app.headPosition()).toBe(head);

      await expectGraphqlError(
        admin.request(PLACE_REORDER, { clientId: 'acme', input: reorder('o-other'), options }),
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await app.headPosition()).toBe(head);
      // Keys are the caller's own: another caller's same key is another request.
      const other = await graphqlAs(url, 'admin', 'admin-2').request<{ placeReorder: { eventId: string } }>(PLACE_REORDER, {
        clientId: 'acme',
        input: reorder('o-other'),
        options,
      });
      expect(other.placeReorder.eventId).not.toBe((first.placeReorder as { eventId: string }).eventId);
    });

    it('an expected revision: applies only while the stream is still at it (REVISION_MISMATCH otherwise)', async () => {
      const { client } = await admin.request<{ client: { revision: number } }>('{ client(clientId: "acme") { revision } }');
      await expectGraphqlError(
        admin.request(PLACE_REORDER, { clientId: 'acme', input: reorder('o-stale'), options: { expectedRevision: client.revision - 1 } }),
        'REVISION_MISMATCH',
      );
      const applied = await admin.request<{ placeReorder: { revision: number } }>(PLACE_REORDER, {
        clientId: 'acme',
        input: reorder('o-fresh'),
        options: { expectedRevision: client.revision },
      });
      expect(applied.placeReorder.revision).toBe(client.revision + 1);
    });

    it('invalid options are named as sent', async () => {
      const error = await expectGraphqlError(
        admin.request(PLACE_REORDER, {
          clientId: 'acme',
          input: reorder('o-opt'),
          options: { idempotencyKey: 'not ascii ä', correlationId: 'x'.repeat(200) },
        }),
        'VALIDATION_FAILED',
      );
      expect((error.extensions!.errors as { field: string }[]).map((fieldError) => fieldError.field).sort()).toEqual([
        'options.correlationId',
        'options.idempotencyKey',
      ]);
    });
  });

  describe('who may call what', () => {
    it('no credentials, or bad ones: UNAUTHENTICATED', async () => {
      const anonymous = graphqlAs(url, 'admin');
      anonymous.setHeader('Authorization', '');
      const error = await expectGraphqlError(anonymous.request('{ pipeline { position } }'), 'UNAUTHENTICATED');
      expect(error.extensions).toMatchObject({ status: 401 });
      anonymous.setHeader('Authorization', 'Bearer not-a-known-key');
      await expectGraphqlError(anonymous.request('{ pipeline { position } }'), 'UNAUTHENTICATED');
      const before = await app.headPosition();
      anonymous.setHeader('Authorization', 'Bearer a.forged.token');
      await expectGraphqlError(
        anonymous.request(ADD_EMPLOYEE, { input: { employeeId: 'x', name: 'X', department: 'sales', role: 'rep' } }),
        'UNAUTHENTICATED',
      );
      expect(await app.headPosition()).toBe(before);
    });

    it('a role the operation does not name: FORBIDDEN, and nothing appended', async () => {
      const before = await app.headPosition();
      const error = await expectGraphqlError(
        graphqlAs(url, 'analyst').request(ADD_EMPLOYEE, { input: { employeeId: 'x', name: 'X', department: 'sales', role: 'rep' } }),
        'FORBIDDEN',
      );
      expect(error.message).toBe('the role analyst may not call addEmployee; allowed: head, admin');
      await expectGraphqlError(graphqlAs(url, 'auditor').request('{ revenue { position } }'), 'FORBIDDEN');
      await expectGraphqlError(graphqlAs(url, 'rep', 'rep-anna').request('{ projectionStatus { projection } }'), 'FORBIDDEN');
      // A data rule of the ledger: a rep records work as themselves only.
      await expectGraphqlError(
        graphqlAs(url, 'rep', 'rep-anna').request(PLACE_REORDER, {
          clientId: 'acme',
          input: { orderId: 'o-f', total: { amount: 1, currency: 'EUR' }, takenBy: 'mgr-carl' },
        }),
        'FORBIDDEN',
      );
      expect(await app.headPosition()).toBe(before);
      // Each field of one request is checked alone: the allowed one answers beside the refused one.
      const auditor = graphqlAs(url, 'auditor');
      const { data, errors } = await auditor
        .rawRequest<{ events: { headPosition: number }; revenue: null }>('{ events(limit: 1) { headPosition } revenue { position } }')
        .catch(
          (error: ClientError) =>
            error.response as { data: { events: { headPosition: number }; revenue: null }; errors: GraphQLFormattedError[] },
        );
      expect(data).toEqual({ events: { headPosition: before }, revenue: null });
      expect(errors!.map((refusal) => [refusal.path, refusal.extensions?.code])).toEqual([[['revenue'], 'FORBIDDEN']]);
    });
  });

  describe('limits', () => {
    it('refuses a query nested deeper than 8 levels: QUERY_TOO_DEEP', async () => {
      // Nothing in the schema nests that deep; introspection's type references do.
      const deep = '{ __type(name: "Client") { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } }';
      await admin.request(deep.replace('ofType { name }', 'name'));
      const [error] = await errorsOf(admin.request(deep));
      expect(error).toMatchObject({ message: 'Query depth limit of 8 exceeded, found 9.', extensions: { code: 'QUERY_TOO_DEEP' } });
      // Introspection itself (how tools read the schema) is not held to it.
      const { __schema } = await admin.request<{ __schema: { queryType: { name: string } } }>('{ __schema { queryType { name } } }');
      expect(__schema.queryType.name).toBe('Query');
    });

    it('refuses a query that costs too much: a page costs its fields per item of its limit, every alias counts (QUERY_TOO_COMPLEX)', async () => {
      const page = `events(limit: $limit) { events { ${EVENT} } nextAfter }`;
      const full = `query ($limit: Int) { ${page} }`;
      await admin.request(full, { limit: 1000 });
      const [twice] = await errorsOf(admin.request(`query ($limit: Int) { a: ${page} b: ${page} }`, { limit: 1000 }));
      expect(twice.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(twice.message).toMatch(/^the query costs \d+, over the limit of 25000/);

      const manyReports = Array.from({ length: 60 }, (_, index) => `r${index}: pipeline { position }`).join(' ');
      await expectGraphqlError(admin.request(`{ ${manyReports} }`), 'QUERY_TOO_COMPLEX');
      const asOfReports = Array.from(
        { length: 6 },
        (_, index) => `r${index}: retention(asOf: "2024-0${index + 1}-01T00:00:00Z") { position }`,
      ).join(' ');
      await expectGraphqlError(admin.request(`{ ${asOfReports} }`), 'QUERY_TOO_COMPLEX');
      // A document too long to be worth parsing is refused before the parser sees it.
      const manyFields = Array.from({ length: 30_000 }, (_, index) => `f${index}: __typename`).join(' ');
      await expectGraphqlError(admin.request(`{ ${manyFields} }`), 'GRAPHQL_PARSE_FAILED');
    });
  });

  it('never answers a stack trace or an internal detail', () => {
    expect(seenErrors.length).toBeGreaterThan(20);
    for (const error of seenErrors) {
      expect(JSON.stringify(error)).not.toMatch(/stacktrace|\bat .+:\d+:\d+|node_modules|exception/i);
      expect(Object.keys(error.extensions ?? {})).toEqual(expect.not.arrayContaining(['stacktrace', 'exception', 'originalError']));
    }
  });
});
