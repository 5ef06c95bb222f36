import { ACCESS_ROLES, OPERATION_ROLES, OPERATIONS, type AccessRole, type Operation } from '@ledger/ledger';
import type { Response } from 'supertest';
import { concretePath, routesOf, type Route } from './support/routes';
import { TestApp } from './support/test-app';

/**
 * Every REST route, the operation whose rule governs it. A route the server
 * answers that is missing here fails the suite: a new route needs a rule
 * before it ships. Public routes are listed as such.
 */
const REST_OPERATIONS: Record<string, Operation | 'public'> = {
  'POST /v1/employees': 'addEmployee',
  'POST /v1/employees/:employeeId/departure': 'removeEmployee',
  'POST /v1/commission-plans': 'setCommissionPlan',
  'POST /v1/leads/:leadId/contacts': 'contactLead',
  'POST /v1/leads/:leadId/loss': 'loseLead',
  'GET /v1/leads/:leadId': 'lead',
  'POST /v1/clients': 'winClient',
  'GET /v1/clients': 'clients',
  'POST /v1/clients/:clientId/orders': 'placeReorder',
  'POST /v1/clients/:clientId/handoff': 'handOffClient',
  'POST /v1/clients/:clientId/key-account': 'escalateKeyAccount',
  'POST /v1/clients/:clientId/loss': 'loseClient',
  'GET /v1/clients/:clientId': 'client',
  'GET /v1/clients/:clientId/events': 'clientEvents',
  'GET /v1/events': 'events',
  'GET /v1/pipeline': 'pipeline',
  'GET /v1/retention': 'retention',
  'GET /v1/revenue': 'revenue',
  'GET /v1/audit/handoffs': 'handoffs',
  'GET /v1/admin/projections': 'projectionStatus',
  'POST /v1/admin/projections/:projection/rebuild': 'rebuildProjection',
  'GET /health': 'public',
};

const keyOf = (route: Route) => `${route.method} ${route.path}`;
/**
 * The route-level refusals, told apart from the data rules (a rep acting for
 * another rep) that allowed roles may still meet further in.
 */
function outcomeOf(response: Response): 'allowed' | 'forbidden' | 'no rule' {
  if (response.status !== 403) return 'allowed';
  const detail = String(response.body.detail);
  if (/no access rule/.test(detail)) return 'no rule';
  return /may not call/.test(detail) ? 'forbidden' : 'allowed';
}

describe('authorisation matrix: every route and operation for every role', () => {
  let app: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    app = await TestApp.start();
    // Swagger's own pages are public documentation, served outside the controllers.
    routes = routesOf(app.app).filter((route) => !route.path.startsWith('/docs'));
  });
  afterAll(() => app.stop());

  it('every route the server answers has a rule here, and every rule here is a route', () => {
    const served = routes.map(keyOf).sort();
    expect(served.filter((key) => !(key in REST_OPERATIONS))).toEqual([]);
    expect(Object.keys(REST_OPERATIONS).filter((key) => !served.includes(key))).toEqual([]);
  });

  it('every operation with a rule is served over REST or GraphQL', () => {
    const overRest = new Set(Object.values(REST_OPERATIONS));
    // eventAppended is a GraphQL subscription; it has no REST route.
    expect(OPERATIONS.filter((operation) => !overRest.has(operation) && operation !== 'eventAppended')).toEqual([]);
  });

  it('without credentials, every route but the public ones answers 401', async () => {
    for (const route of routes) {
      const response = await app.anonymous[route.method.toLowerCase() as 'get' | 'post'](concretePath(route)).send({});
      const expected = REST_OPERATIONS[keyOf(route)] === 'public' ? 'not 401' : 401;
      expect({ route: keyOf(route), status: response.status === 401 ? 401 : 'not 401' }).toEqual({ route: keyOf(route), status: expected });
    }
  });

  it.each(ACCESS_ROLES)('role %s may call exactly the operations whose rule names the role', async (role: AccessRole) => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const route of routes) {
      const operation = REST_OPERATIONS[keyOf(route)];
      if (operation === 'public') continue;
      const response = await app.as(role)[route.method.toLowerCase() as 'get' | 'post'](concretePath(route)).send({});
      expect(response.status).not.toBe(401);
      expect(response.status).toBeLessThan(500);
      outcomes[keyOf(route)] = outcomeOf(response);
      expected[keyOf(route)] = (OPERATION_ROLES[operation] as readonly AccessRole[]).includes(role) ? 'allowed' : 'forbidden';
    }
    expect(outcomes).toEqual(expected);
  });
});
