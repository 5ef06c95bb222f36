import { ACCESS_ROLES, type AccessRole, GRAPHQL_ONLY_OPERATIONS, type Operation, OPERATION_ROLES, OPERATIONS } from '@ledger/ledger';
import { createClient } from 'graphql-ws';
import type { Response } from 'supertest';
import WebSocket from 'ws';

import { concretePath, type Route, routesOf } from './support/routes';
import { TestApp, tokenFor } from './support/test-app';

/**
 * Every REST route, the operation whose rule governs it. A route the server
 * answers that is missing here fails the suite: a new route needs a rule
 * before it ships. Public routes are listed as such.
 */
const REST_OPERATIONS: Record<string, Operation | 'public'> = {
  'POST /v1/employees': 'addEmployee',
  'POST /v1/employees/:employeeId/departure': 'removeEmployee',
  'GET /v1/employees': 'employees',
  'GET /v1/employees/:employeeId': 'employee',
  'GET /v1/me': 'viewer',
  'POST /v1/commission-plans': 'setCommissionPlan',
  'POST /v1/leads/:leadId/contacts': 'contactLead',
  'POST /v1/leads/:leadId/loss': 'loseLead',
  'GET /v1/leads': 'leads',
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
  'GET /v1/audit/verify': 'verifyLog',
  'POST /v1/audit/checkpoints': 'makeCheckpoint',
  'GET /v1/audit/checkpoints': 'checkpoints',
  'GET /v1/audit/proofs/inclusion': 'inclusionProof',
  'GET /v1/audit/proofs/consistency': 'consistencyProof',
  'GET /v1/audit/evidence': 'evidenceBundle',
  // The checkpoints' public key: anyone holding a checkpoint may check it.
  'GET /.well-known/ledger-checkpoint-key': 'public',
  'POST /v1/imports': 'importHistory',
  'GET /v1/admin/projections': 'projectionStatus',
  'GET /v1/admin/policies': 'policyStatus',
  'POST /v1/admin/projections/:projection/rebuild': 'rebuildProjection',
  'GET /v1/admin/projections/check': 'checkReadModels',
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  // The pages a problem's `type` URI names.
  'GET /problems': 'public',
  'GET /problems/:name': 'public',
  'GET /metrics': 'metrics',
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

  it('every operation with a rule is served over REST', () => {
    const overRest = new Set(Object.values(REST_OPERATIONS));
    expect(OPERATIONS.filter((operation) => !overRest.has(operation) && !GRAPHQL_ONLY_OPERATIONS.includes(operation))).toEqual([]);
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

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}
interface IntrospectedField {
  name: string;
  args: { name: string; type: IntrospectedType }[];
  type: IntrospectedType;
}
interface IntrospectedNamedType {
  kind: string;
  name: string;
  fields: IntrospectedField[] | null;
  inputFields: { name: string; type: IntrospectedType }[] | null;
  enumValues: { name: string }[] | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { kind name enumValues { name } inputFields { name type { ${TYPE_REF} } } fields { name type { ${TYPE_REF} } args { name type { ${TYPE_REF} } } } }
} }`;

/**
 * The GraphQL side of the matrix: every field of Query, Mutation and
 * Subscription, read from the schema itself (so a new field is called
 * without anyone listing it), must be named like an operation with a rule,
 * and is called once per role with placeholder arguments.
 */
describe('authorisation matrix: every GraphQL operation for every role', () => {
  let app: TestApp;
  let types: Map<string, IntrospectedNamedType>;
  let roots: { kind: 'query' | 'mutation' | 'subscription'; field: IntrospectedField }[];

  beforeAll(async () => {
    app = await TestApp.start();
    const { body } = await app.http.post('/graphql').send({ query: INTROSPECTION }).expect(200);
    const schema = body.data.__schema;
    types = new Map((schema.types as IntrospectedNamedType[]).map((type) => [type.name, type]));
    roots = (['query', 'mutation', 'subscription'] as const).flatMap((kind) => {
      const root = schema[`${kind}Type`] as { name: string } | null;
      return root ? types.get(root.name)!.fields!.map((field) => ({ kind, field })) : [];
    });
  });
  afterAll(() => app.stop());

  /** A literal of the type that passes GraphQL's own validation, so the call reaches the guard. */
  function placeholder(type: IntrospectedType): string {
    if (type.kind === 'NON_NULL') return placeholder(type.ofType!);
    if (type.kind === 'LIST') return '[]';
    if (type.kind === 'ENUM') return types.get(type.name!)!.enumValues![0].name;
    if (type.kind === 'INPUT_OBJECT') {
      const required = types.get(type.name!)!.inputFields!.filter((field) => field.type.kind === 'NON_NULL');
      return `{ ${required.map((field) => `${field.name}: ${placeholder(field.type)}`).join(', ')} }`;
    }
    switch (type.name) {
      case 'Int':
      case 'SafeInt':
      case 'Float':
        return '1';
      case 'Boolean':
        return 'false';
      case 'JSON':
      case 'JSONObject':
        return '{}';
      default:
        return '"x1"';
    }
  }

  function operationText(kind: string, field: IntrospectedField): string {
    const required = field.args.filter((arg) => arg.type.kind === 'NON_NULL');
    const args = required.length > 0 ? `(${required.map((arg) => `${arg.name}: ${placeholder(arg.type)}`).join(', ')})` : '';
    let returned = field.type;
    while (returned.ofType) returned = returned.ofType;
    const selection = returned.kind === 'OBJECT' || returned.kind === 'INTERFACE' || returned.kind === 'UNION' ? ' { __typename }' : '';
    return `${kind} { ${field.name}${args}${selection} }`;
  }

  type Outcome = 'allowed' | 'forbidden' | 'no rule' | 'unauthenticated';
  const outcomeOfErrors = (errors: { message: string; extensions?: { code?: string } }[] | undefined): Outcome => {
    const denial = (errors ?? []).find((error) => error.extensions?.code === 'FORBIDDEN' || error.extensions?.code === 'UNAUTHENTICATED');
    if (!denial) return 'allowed';
    if (denial.extensions!.code === 'UNAUTHENTICATED') return 'unauthenticated';
    if (/no access rule/.test(denial.message)) return 'no rule';
    return /may not call/.test(denial.message) ? 'forbidden' : 'allowed';
  };

  it('every query, mutation and subscription is an operation with a rule', () => {
    const withoutRule = roots.map(({ field }) => field.name).filter((name) => !(name in OPERATION_ROLES));
    expect(withoutRule).toEqual([]);
    expect(roots.length).toBeGreaterThan(10);
  });

  it('without credentials, every query and mutation is UNAUTHENTICATED', async () => {
    for (const { kind, field } of roots.filter((root) => root.kind !== 'subscription')) {
      const { body } = await app.anonymous.post('/graphql').send({ query: operationText(kind, field) });
      expect({ field: field.name, outcome: outcomeOfErrors(body.errors) }).toEqual({ field: field.name, outcome: 'unauthenticated' });
    }
  });

  it.each(ACCESS_ROLES)('role %s may call exactly the queries and mutations whose rule names the role', async (role: AccessRole) => {
    const outcomes: Record<string, Outcome> = {};
    const expected: Record<string, Outcome> = {};
    for (const { kind, field } of roots.filter((root) => root.kind !== 'subscription')) {
      const response = await app
        .as(role)
        .post('/graphql')
        .send({ query: operationText(kind, field) });
      expect(response.status).toBeLessThan(500);
      outcomes[field.name] = outcomeOfErrors(response.body.errors);
      expected[field.name] = (OPERATION_ROLES[field.name as Operation] as readonly AccessRole[]).includes(role) ? 'allowed' : 'forbidden';
    }
    expect(outcomes).toEqual(expected);
  });

  describe('subscriptions over graphql-ws', () => {
    let url: string;

    beforeAll(async () => {
      await app.app.listen(0);
      url = `ws://127.0.0.1:${(app.app.getHttpServer().address() as { port: number }).port}/graphql`;
    });

    /** Appends an event to an employee's, a lead's and a client's stream, so a subscription to any of them has one to deliver. */
    async function changeEveryKindOfStream(role: AccessRole): Promise<void> {
      const id = `sub-${role}-${Date.now()}`;
      const post = (path: string) => app.http.post(path);
      await post('/v1/employees').send({ employeeId: id, name: 'Sub Scriber', department: 'sales', role: 'rep' });
      await post(`/v1/leads/${id}/contacts`).send({ repId: id, company: 'Sub', channel: 'call', outcome: 'interested' });
      await post('/v1/clients').send({
        clientId: id,
        leadId: id,
        repId: id,
        firstOrder: { orderId: `${id}-1`, total: { amount: 100, currency: 'EUR' } },
      });
    }

    /** Subscribes as the role, then appends events: the role either receives one or is refused. */
    async function subscribeAs(role: AccessRole, field: IntrospectedField): Promise<Outcome> {
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${tokenFor(role)}` },
        retryAttempts: 0,
      });
      // The appends a subscription waits for; awaited before the test ends, so none outlives it (or the app).
      let changing: Promise<void> | undefined;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await new Promise<Outcome>((resolve, reject) => {
          const stop = client.subscribe(
            { query: operationText('subscription', field) },
            {
              next: (message) => {
                stop();
                resolve(outcomeOfErrors(message.errors as never));
              },
              error: (error) =>
                Array.isArray(error) ? resolve(outcomeOfErrors(error)) : reject(new Error(`subscription failed: ${String(error)}`)),
              complete: () => undefined,
            },
          );
          timer = setTimeout(() => {
            changing = changeEveryKindOfStream(role);
          }, 200);
        });
      } finally {
        clearTimeout(timer);
        await changing;
        await client.dispose();
      }
    }

    it.each(ACCESS_ROLES)('role %s may subscribe exactly where the rule names the role', async (role: AccessRole) => {
      for (const { field } of roots.filter((root) => root.kind === 'subscription')) {
        const expected = (OPERATION_ROLES[field.name as Operation] as readonly AccessRole[]).includes(role) ? 'allowed' : 'forbidden';
        expect({ field: field.name, outcome: await subscribeAs(role, field) }).toEqual({ field: field.name, outcome: expected });
      }
    });
  });
});
