import { expectEachTestAppendsNothing, expectProblem, TestApp } from '../e2e/support/test-app';

/**
 * Defects the reliability suite found, each pinned by its own scenario: the
 * answer it gives now, nothing appended, and the server still healthy.
 */
describe('regressions found by the reliability suite', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());
  expectEachTestAppendsNothing(() => app);

  it('a body that claims a Content-Encoding it does not have is 400 MALFORMED_JSON, not 500 (was INTERNAL_ERROR)', async () => {
    const response = await app.http
      .post('/v1/employees')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"employeeId":"x"}');
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it.each([
    ['arrays', `${'['.repeat(5_000)}1${']'.repeat(5_000)}`],
    ['objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
  ])('a body of %s nested 5,000 deep is 400 VALIDATION_FAILED, not 500 (was a stack overflow past the parser)', async (_kind, body) => {
    for (const path of ['/v1/employees', '/v1/clients/c-1/orders']) {
      const response = await app.http.post(path).set('Content-Type', 'application/json').send(body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.detail).toMatch(/nest/);
    }
    const graphql = await app.http.post('/graphql').set('Content-Type', 'application/json').send(body);
    expect(graphql.status).toBe(400);
    expect(graphql.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});
