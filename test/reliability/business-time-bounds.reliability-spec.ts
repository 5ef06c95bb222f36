import { expectProblem, suiteApp, TestApp } from '../e2e/support/test-app';

/**
 * Business time has a floor as well as a ceiling: a year-0001 order was accepted and
 * added a cohort of some 24,000 months to every retention answer. Commands (REST and
 * GraphQL) and imports are refused alike, before anything is appended.
 */
describe('business time lies between the earliest business time and the near future', () => {
  const YEAR_ONE = '0001-01-01T00:00:00Z';
  const employee = (employeeId: string, occurredAt: string) => ({
    employeeId,
    name: 'Old Timer',
    department: 'sales',
    role: 'rep',
    occurredAt,
  });
  /** The field error a business time before the earliest is refused with, at `field` (its path too). */
  const tooEarly = (field: string, message: RegExp) => ({
    field,
    path: field,
    code: 'OCCURRED_AT_TOO_EARLY',
    params: {},
    message: expect.stringMatching(message),
  });
  const ADD_EMPLOYEE = 'mutation ($input: AddEmployeeInput!) { addEmployee(input: $input) { position } }';

  describe('with the default earliest business time, 1 January 2000', () => {
    const app = suiteApp();

    it('REST refuses a command dated year 0001 with 400 OCCURRED_AT_TOO_EARLY naming the field, and appends nothing', async () => {
      const before = await app().headPosition();
      const response = await app().http.post('/v1/employees').send(employee('old-1', YEAR_ONE));
      expectProblem(response, 400, 'OCCURRED_AT_TOO_EARLY');
      expect(response.body.errors).toEqual([
        tooEarly('occurredAt', /before the earliest business time the ledger accepts, 2000-01-01T00:00:00.000Z/),
      ]);
      expect(await app().headPosition()).toBe(before);
    });

    it('refuses a millisecond before the earliest business time and accepts the earliest itself', async () => {
      expectProblem(
        await app().http.post('/v1/employees').send(employee('old-2', '1999-12-31T23:59:59.999Z')),
        400,
        'OCCURRED_AT_TOO_EARLY',
      );
      await app().http.post('/v1/employees').send(employee('old-2', '2000-01-01T00:00:00Z')).expect(201);
    });

    it('still refuses the far future with OCCURRED_AT_IN_FUTURE', async () => {
      expectProblem(await app().http.post('/v1/employees').send(employee('old-3', '9999-01-01T00:00:00Z')), 400, 'OCCURRED_AT_IN_FUTURE');
    });

    it('GraphQL refuses it with the same code', async () => {
      const { body } = await app()
        .http.post('/graphql')
        .send({ query: ADD_EMPLOYEE, variables: { input: employee('old-4', YEAR_ONE) } });
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toMatchObject({ code: 'OCCURRED_AT_TOO_EARLY', status: 400 });
    });

    it('an import refuses the row (422 IMPORT_INVALID, the row with its code) and applies nothing', async () => {
      const before = await app().headPosition();
      const rows = [
        { type: 'addEmployee', occurredAt: '2024-01-01T08:00:00Z', employeeId: 'imp-anna', name: 'Anna', department: 'sales', role: 'rep' },
        { type: 'addEmployee', occurredAt: YEAR_ONE, employeeId: 'imp-old', name: 'Old', department: 'sales', role: 'rep' },
      ];
      const response = await app()
        .http.post('/v1/imports')
        .set('Content-Type', 'application/x-ndjson')
        .send(rows.map((row) => JSON.stringify(row)).join('\n'));
      expectProblem(response, 422, 'IMPORT_INVALID');
      expect(response.body.errors).toEqual([tooEarly('line 2: occurredAt', /earliest business time/)]);
      expect(await app().headPosition()).toBe(before);
    });

    it("an orders CSV's year-0001 order is refused likewise", async () => {
      await app().http.post('/v1/employees').send(employee('csv-anna', '2024-01-01T08:00:00Z')).expect(201);
      const csv = ['client,orderId,occurredAt,amount,currency,rep', `ancient,o-1,${YEAR_ONE},100,EUR,csv-anna`].join('\n');
      const response = await app().http.post('/v1/imports').set('Content-Type', 'text/csv').send(csv);
      expectProblem(response, 422, 'IMPORT_INVALID');
      expect(response.body.errors.map((error: { code: string }) => error.code)).toEqual(['OCCURRED_AT_TOO_EARLY']);
    });
  });

  it('the earliest business time is configured with LEDGER_EARLIEST_BUSINESS_TIME, for commands and imports', async () => {
    const app = await TestApp.start({ env: { LEDGER_EARLIEST_BUSINESS_TIME: '2020-01-01' } });
    try {
      expectProblem(await app.http.post('/v1/employees').send(employee('late-1', '2019-12-31T23:59:59Z')), 400, 'OCCURRED_AT_TOO_EARLY');
      await app.http.post('/v1/employees').send(employee('late-1', '2020-01-01T00:00:00Z')).expect(201);
      const row = {
        type: 'addEmployee',
        occurredAt: '2010-06-01T00:00:00Z',
        employeeId: 'late-2',
        name: 'Late',
        department: 'sales',
        role: 'rep',
      };
      expectProblem(
        await app.http.post('/v1/imports').set('Content-Type', 'application/x-ndjson').send(JSON.stringify(row)),
        422,
        'IMPORT_INVALID',
      );
    } finally {
      await app.stop();
    }
  });
});
