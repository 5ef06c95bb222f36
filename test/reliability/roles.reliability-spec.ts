import { ACCESS_ROLES, type AccessRole, OPERATION_ROLES } from '@ledger/ledger';

import { signToken } from '../../apps/api/src/auth/authenticator';
import { routesOf } from '../e2e/support/routes';
import { expectEachTestAppendsNothing, expectProblem, startSeeded, TEST_JWT_SECRET, TestApp, tokenFor } from '../e2e/support/test-app';
import { recordFigures } from './support/figures';

/**
 * Credentials that must never pass, on REST and GraphQL alike: an expired
 * token, one signed with another secret, a role claim changed after signing,
 * an unsigned token. The role matrix itself (every route and operation for
 * every role) is test/e2e/authorisation-matrix.e2e-spec.ts, which jest runs in
 * this suite's project (see jest.config.js); its size is recorded here.
 */
describe('roles: forged, expired and tampered credentials', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded();
  });
  afterAll(() => app.stop());
  expectEachTestAppendsNothing(() => app);

  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

  const forged: Record<string, () => string> = {
    'an expired token': () => signToken(TEST_JWT_SECRET, { sub: 'test-admin', role: 'admin' }, -60),
    'a token signed with another secret': () =>
      signToken('another-secret-of-at-least-thirty-two-chars', { sub: 'test-admin', role: 'admin' }),
    'a rep token whose role claim was changed to admin': () => {
      const [header, , signature] = tokenFor('rep', 'rep-anna').split('.');
      return `${header}.${base64url({ ...claimsOf(tokenFor('rep', 'rep-anna')), role: 'admin' })}.${signature}`;
    },
    'a rep token whose subject was changed': () => {
      const [header, , signature] = tokenFor('rep', 'rep-anna').split('.');
      return `${header}.${base64url({ ...claimsOf(tokenFor('rep', 'rep-anna')), sub: 'head-sam' })}.${signature}`;
    },
    'an unsigned token (alg none)': () =>
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'test-admin', role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
    'a token with an unknown role': () => signToken(TEST_JWT_SECRET, { sub: 'test-admin', role: 'superuser' as AccessRole }),
  };

  it.each(Object.keys(forged))('%s is 401 UNAUTHENTICATED over REST, for a read and a command', async (name) => {
    const token = forged[name]!();
    expectProblem(await app.anonymous.get('/v1/clients').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
    const command = await app.anonymous
      .post('/v1/employees')
      .set('Authorization', `Bearer ${token}`)
      .send({ employeeId: 'intruder', name: 'Intruder', department: 'sales', role: 'head' });
    expectProblem(command, 401, 'UNAUTHENTICATED');
  });

  it.each(Object.keys(forged))('%s is UNAUTHENTICATED over GraphQL', async (name) => {
    const response = await app.anonymous
      .post('/graphql')
      .set('Authorization', `Bearer ${forged[name]!()}`)
      .send({ query: '{ projectionStatus { __typename } }' });
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the same token before expiry works: the refusals above are about the token, not the request', async () => {
    await app.anonymous
      .get('/v1/clients')
      .set('Authorization', `Bearer ${signToken(TEST_JWT_SECRET, { sub: 'test-admin', role: 'admin' }, 60)}`)
      .expect(200);
  });

  it('records the size of the role matrix', () => {
    const restRoutes = routesOf(app.app).filter((route) => !route.path.startsWith('/docs') && !route.path.includes('{*')).length;
    const operations = Object.keys(OPERATION_ROLES).length;
    recordFigures('roles', {
      restRoutes,
      operations,
      roles: ACCESS_ROLES.length,
      // The matrix calls every REST route and every GraphQL operation once per role, and once without credentials.
      matrixCells: (restRoutes + operations) * (ACCESS_ROLES.length + 1),
      forgedCredentialCases: Object.keys(forged).length * 3,
    });
  });
});
