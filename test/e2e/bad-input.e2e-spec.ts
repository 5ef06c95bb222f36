import { expectEachTestAppendsNothing, expectProblem, startSeeded, TestApp } from './support/test-app';

/**
 * Bad input of any kind: a clear problem-details answer, nothing appended,
 * and the server keeps serving.
 */
describe('bad input', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded('c-1');
  });
  afterAll(() => app.stop());

  expectEachTestAppendsNothing(() => app);

  const validReorder = { orderId: 'o-new', total: { amount: 1_000, currency: 'EUR' }, takenBy: 'rep-anna' };
  const reorder = (body: unknown) => app.http.post('/v1/clients/c-1/orders').send(body as object);
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);

  it('refuses a wrong type (amount as a string) naming the field', async () => {
    const response = await reorder({ ...validReorder, total: { amount: '1000', currency: 'EUR' } });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toContain('total.amount');
  });

  it('refuses unknown fields, also nested ones', async () => {
    const response = await reorder({ ...validReorder, discount: 5, total: { amount: 1_000, currency: 'EUR', vat: 1 } });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toEqual(expect.arrayContaining(['discount', 'total.vat']));
  });

  it.each([
    ['a float', 10.5],
    ['a negative amount', -100],
    ['an unsafe integer', 2 ** 53],
    ['NaN sent as null', null],
  ])('refuses money with %s', async (_name, amount) => {
    const response = await reorder({ ...validReorder, total: { amount, currency: 'EUR' } });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toContain('total.amount');
  });

  it('refuses a zero order total with the domain code', async () => {
    const response = await reorder({ ...validReorder, total: { amount: 0, currency: 'EUR' } });
    expectProblem(response, 400, 'ORDER_TOTAL_NOT_POSITIVE');
    expect(fieldsOf(response.body)).toEqual(['total.amount']);
  });

  it.each(['EURO', 'eur', 'XYZ', ''])('refuses the unknown currency %j', async (currency) => {
    const response = await reorder({ ...validReorder, total: { amount: 100, currency } });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toContain('total.currency');
  });

  it('refuses missing ids, listing each', async () => {
    const response = await app.http.post('/v1/clients').send({ firstOrder: { orderId: 'x', total: { amount: 1, currency: 'EUR' } } });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(response.body)).toEqual(expect.arrayContaining(['clientId', 'leadId', 'repId']));
  });

  it('refuses ids outside the safe alphabet, in the body and in the path', async () => {
    expectProblem(
      await app.http.post('/v1/employees').send({ employeeId: 'a b/c', name: 'X', department: 'sales', role: 'rep' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await app.http.get('/v1/clients/%20bad%20'), 400, 'VALIDATION_FAILED');
  });

  it('refuses a 2 MB body with 413', async () => {
    const response = await reorder({ ...validReorder, note: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(response, 413, 'BODY_TOO_LARGE');
  });

  it('refuses malformed JSON', async () => {
    const response = await app.http.post('/v1/clients/c-1/orders').set('Content-Type', 'application/json').send('{"orderId": "o-9", ');
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('refuses a JSON array where an object is expected', async () => {
    expectProblem(await reorder([validReorder]), 400, 'VALIDATION_FAILED');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await app.http.post('/v1/clients/c-1/orders').set('Content-Type', 'text/plain').send('orderId=o-9');
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 404 for an unknown client, on reads and on commands', async () => {
    expectProblem(await app.http.get('/v1/clients/nobody'), 404, 'CLIENT_NOT_FOUND');
    expectProblem(await app.http.get('/v1/clients/nobody/events'), 404, 'CLIENT_NOT_FOUND');
    expectProblem(await app.http.post('/v1/clients/nobody/orders').send(validReorder), 404, 'CLIENT_NOT_FOUND');
    expectProblem(await app.http.get('/v1/leads/nobody'), 404, 'LEAD_NOT_FOUND');
  });

  it('answers 404 as problem details for an unknown route', async () => {
    expectProblem(await app.http.get('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  });

  it('refuses a bad enum value, a bad time and a time without a zone', async () => {
    const base = { repId: 'rep-anna', company: 'X', channel: 'call', outcome: 'ok' };
    const badChannel = await app.http.post('/v1/leads/l-9/contacts').send({ ...base, channel: 'pigeon' });
    expectProblem(badChannel, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(badChannel.body)).toEqual(['channel']);
    expectProblem(await app.http.post('/v1/leads/l-9/contacts').send({ ...base, occurredAt: 'yesterday' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await app.http.post('/v1/leads/l-9/contacts').send({ ...base, occurredAt: '2024-03-01T10:00:00' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a malformed If-Match and Idempotency-Key', async () => {
    expectProblem(await reorder(validReorder).set('If-Match', 'latest'), 400, 'VALIDATION_FAILED');
    expectProblem(await reorder(validReorder).set('Idempotency-Key', 'é'.repeat(3)), 400, 'VALIDATION_FAILED');
  });

  it('refuses bad query parameters', async () => {
    expectProblem(await app.http.get('/v1/events?limit=0'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.http.get('/v1/events?after=-1'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.http.get('/v1/events?limit=abc'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.http.get('/v1/clients/c-1?asOf=tomorrow'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.http.get('/v1/events?after=0&extra=1'), 400, 'VALIDATION_FAILED');
  });
});
