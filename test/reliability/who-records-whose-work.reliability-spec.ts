import type { AccessRole } from '@ledger/ledger';
import type { Response } from 'supertest';

import { escalateKeyAccount, handOff } from '../e2e/support/given';
import { expectProblem, startSeeded, TestApp } from '../e2e/support/test-app';
import { recordFigures } from './support/figures';

const ANSWER = 'position';
const WIN_CLIENT = `mutation ($input: WinClientInput!) { winClient(input: $input) { ${ANSWER} } }`;
const LOSE_LEAD = `mutation ($leadId: ID!, $input: LoseLeadInput!) { loseLead(leadId: $leadId, input: $input) { ${ANSWER} } }`;
const PLACE_REORDER = `mutation ($clientId: ID!, $input: PlaceReorderInput!) { placeReorder(clientId: $clientId, input: $input) { ${ANSWER} } }`;
const ADD_EMPLOYEE = `mutation ($input: AddEmployeeInput!) { addEmployee(input: $input) { ${ANSWER} } }`;

const total = { amount: 10_000, currency: 'EUR' };

/**
 * Who may record whose work. An outside review found a rep winning another
 * rep's lead as herself (and the new-revenue credit with it), reps and managers
 * placing reorders on any client, another department's key account included,
 * and a head appointing another head. Each is now 403 FORBIDDEN (GraphQL:
 * FORBIDDEN) and appends nothing; what the organisation expects still passes.
 */
describe('who may record whose work', () => {
  let app: TestApp;
  let refusals = 0;

  beforeAll(async () => {
    app = await startSeeded(); // rep-anna and head-sam (sales), mgr-carl (client), kam-kim (key accounts)
    const people = [
      ['rep-ben', 'sales', 'rep'],
      ['head-cleo', 'client', 'head'],
      ['mgr-dora', 'client', 'manager'],
      ['head-kora', 'key_accounts', 'head'],
      ['kam-kai', 'key_accounts', 'manager'],
    ];
    for (const [employeeId, department, role] of people) {
      await app.http
        .post('/v1/employees')
        .send({ employeeId, name: employeeId, department, role, occurredAt: '2024-01-01T08:00:00Z' })
        .expect(201);
    }
    for (const leadId of ['lead-a', 'lead-a2', 'lead-a3', 'lead-a4']) {
      await app
        .as('rep', 'rep-anna')
        .post(`/v1/leads/${leadId}/contacts`)
        .send({ repId: 'rep-anna', company: leadId, channel: 'call', outcome: 'interested' })
        .expect(201);
    }
  });
  afterAll(() => app.stop());

  /** The request is refused as FORBIDDEN, naming the field, and the log did not move. */
  async function expectForbidden(request: () => Promise<Response>, field: string, reason: RegExp): Promise<void> {
    const before = await app.headPosition();
    const response = await request();
    expectProblem(response, 403, 'FORBIDDEN');
    expect(response.body.errors).toEqual([{ field, path: field, code: 'FORBIDDEN', params: {}, message: expect.stringMatching(reason) }]);
    expect(await app.headPosition()).toBe(before);
    refusals++;
  }

  async function expectGraphqlForbidden(role: AccessRole, actorId: string, query: string, variables: object): Promise<void> {
    const before = await app.headPosition();
    const { body } = await app.as(role, actorId).post('/graphql').send({ query, variables });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await app.headPosition()).toBe(before);
    refusals++;
  }

  const win = (clientId: string, leadId: string, repId: string) => ({
    clientId,
    leadId,
    repId,
    firstOrder: { orderId: `${clientId}-1`, total },
  });
  /** A win of `leadId` as client `clientId`, credited to `repId`, sent as `role` acting as `actorId`. */
  const winAs = (role: AccessRole, actorId: string, clientId: string, leadId: string, repId: string) =>
    app
      .as(role, actorId)
      .post('/v1/clients')
      .send(win(clientId, leadId, repId));
  const reorder = (orderId: string, takenBy: string) => ({ orderId, total, takenBy });
  /** A reorder of c-a sent as `role` acting as `actorId`, taken by `takenBy` (themselves unless said). */
  const reorderOfCaAs = (role: AccessRole, actorId: string, orderId: string, takenBy = actorId) =>
    app.as(role, actorId).post('/v1/clients/c-a/orders').send(reorder(orderId, takenBy));
  /** A reorder of c-a (order o-x) sent as `role` acting as `actorId` is refused for whom it is taken by. */
  const expectReorderOfCaForbidden = (role: AccessRole, actorId: string, reason: RegExp, takenBy = actorId) =>
    expectForbidden(() => reorderOfCaAs(role, actorId, 'o-x', takenBy), 'takenBy', reason);

  describe('a lead is won and lost by its owner, the rep of its first contact, or a head of sales', () => {
    it("a rep may not win another rep's lead as herself, over REST or GraphQL", async () => {
      await expectForbidden(() => winAs('rep', 'rep-ben', 'c-stolen', 'lead-a', 'rep-ben'), 'leadId', /lead lead-a is rep-anna's/);
      await expectGraphqlForbidden('rep', 'rep-ben', WIN_CLIENT, { input: win('c-stolen', 'lead-a', 'rep-ben') });
      const lead = await app.http.get('/v1/leads/lead-a').expect(200);
      expect(lead.body.stage).toBe('open');
    });

    it("a rep may not lose another rep's lead, over REST or GraphQL", async () => {
      await expectForbidden(
        () => app.as('rep', 'rep-ben').post('/v1/leads/lead-a/loss').send({ reason: 'gone quiet' }),
        'leadId',
        /a rep works only their own leads/,
      );
      await expectGraphqlForbidden('rep', 'rep-ben', LOSE_LEAD, { leadId: 'lead-a', input: { reason: 'gone quiet' } });
    });

    it("another department's head works no lead", async () => {
      await expectForbidden(
        () => app.as('head', 'head-cleo').post('/v1/leads/lead-a/loss').send({ reason: 'gone quiet' }),
        'leadId',
        /manages the client department, not sales/,
      );
    });

    it('the owner wins her own lead, and the credit is hers', async () => {
      await winAs('rep', 'rep-anna', 'c-a', 'lead-a', 'rep-anna').expect(201);
      expect((await app.http.get('/v1/clients/c-a').expect(200)).body.wonBy).toBe('rep-anna');
    });

    it('the head of sales may close a lead for the department, crediting the rep they choose', async () => {
      await winAs('head', 'head-sam', 'c-b', 'lead-a2', 'rep-ben').expect(201);
      await app.as('head', 'head-sam').post('/v1/leads/lead-a3/loss').send({ reason: 'no budget' }).expect(201);
    });
  });

  describe("a reorder is taken by the department looking after the client, a key account's by its owner", () => {
    it("nobody of another department takes a sales client's reorder; any sales rep does", async () => {
      await expectReorderOfCaForbidden('manager', 'mgr-carl', /c-a is looked after by the sales department; mgr-carl works in client/);
      await expectReorderOfCaForbidden('head', 'head-cleo', /looked after by the sales department/, 'mgr-carl');
      await reorderOfCaAs('rep', 'rep-ben', 'o-ben').expect(201);
    });

    it("once handed to the client department, its reorders are that department's", async () => {
      await handOff(app, 'c-a', { toManagerId: 'mgr-carl', reason: 'repeat buyer' });
      await expectReorderOfCaForbidden('rep', 'rep-anna', /looked after by the client department; rep-anna works in sales/);
      await reorderOfCaAs('manager', 'mgr-dora', 'o-dora').expect(201);
    });

    it("a key account's reorders are its owner's (or a head of its department's), not another department's nor a colleague's", async () => {
      await escalateKeyAccount(app, 'c-a', { ownerId: 'kam-kim', reason: 'big spender' });
      await expectReorderOfCaForbidden('manager', 'mgr-carl', /c-a is a key account: its owner kam-kim takes its reorders/);
      await expectReorderOfCaForbidden('key_account_owner', 'kam-kai', /key account/);
      await expectGraphqlForbidden('manager', 'mgr-carl', PLACE_REORDER, { clientId: 'c-a', input: reorder('o-x', 'mgr-carl') });
      await reorderOfCaAs('key_account_owner', 'kam-kim', 'o-kim').expect(201);
      await reorderOfCaAs('head', 'head-kora', 'o-kora').expect(201);
    });

    it('an admin records any reorder, for anyone', async () => {
      await app.http.post('/v1/clients/c-a/orders').send(reorder('o-admin', 'mgr-carl')).expect(201);
    });
  });

  describe('a head manages their own department; only an admin appoints or removes heads', () => {
    const person = (employeeId: string, role: string, department = 'sales') => ({ employeeId, name: employeeId, department, role });
    /** Sam, head of sales, adds someone. */
    const headSamAdds = (someone: ReturnType<typeof person>) => app.as('head', 'head-sam').post('/v1/employees').send(someone);

    it('a head may not add a head or an assistant head, over REST or GraphQL', async () => {
      await expectForbidden(() => headSamAdds(person('head-rival', 'head')), 'role', /only an admin appoints or removes a head/);
      await expectForbidden(() => headSamAdds(person('head-deputy', 'assistant_head')), 'role', /only an admin/);
      await expectGraphqlForbidden('head', 'head-sam', ADD_EMPLOYEE, { input: person('head-rival', 'head') });
    });

    it('a head may not add people to another department', async () => {
      await expectForbidden(
        () => headSamAdds(person('mgr-new', 'manager', 'client')),
        'department',
        /manages the sales department, not client/,
      );
    });

    it('a head may not remove a head of their own department; an admin may', async () => {
      await app.http.post('/v1/employees').send(person('head-sue', 'assistant_head')).expect(201);
      await expectForbidden(
        () => app.as('head', 'head-sam').post('/v1/employees/head-sue/departure').send({ reason: 'restructuring' }),
        'role',
        /only an admin/,
      );
      await app.http.post('/v1/employees/head-sue/departure').send({ reason: 'restructuring' }).expect(201);
    });

    it('a head adds and removes the reps of their own department', async () => {
      await headSamAdds(person('rep-new', 'rep')).expect(201);
      await app.as('head', 'head-sam').post('/v1/employees/rep-new/departure').send({ reason: 'moved away' }).expect(201);
    });
  });

  it("imported history keeps the reps its source system names: the importer is an admin, who records anyone's work", async () => {
    const rows = [
      {
        type: 'contactLead',
        occurredAt: '2024-02-01T09:00:00Z',
        leadId: 'lead-imp',
        repId: 'rep-anna',
        company: 'Imported',
        channel: 'call',
        outcome: 'interested',
      },
      {
        type: 'winClient',
        occurredAt: '2024-02-10T09:00:00Z',
        clientId: 'c-imp',
        leadId: 'lead-imp',
        repId: 'rep-ben',
        firstOrder: { orderId: 'imp-1', total },
      },
      { type: 'placeReorder', occurredAt: '2024-03-10T09:00:00Z', clientId: 'c-imp', orderId: 'imp-2', total, takenBy: 'mgr-carl' },
    ];
    const response = await app.http
      .post('/v1/imports')
      .set('Content-Type', 'application/x-ndjson')
      .send(rows.map((row) => JSON.stringify(row)).join('\n'))
      .expect(201);
    expect(response.body.invalid).toEqual([]);
  });

  it('records how many attempts on the work of others were refused, each appending nothing', () => {
    expect(refusals).toBe(16);
    recordFigures('who-records-whose-work', { refusedAttempts: refusals });
  });
});
