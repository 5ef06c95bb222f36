import type { EventStore } from '@ledger/event-store';
import { type AccessRole, EVENT_STORE } from '@ledger/ledger';
import fc from 'fast-check';

import { type Route, routesOf } from '../e2e/support/routes';
import { startSeeded, TestApp, tokenFor } from '../e2e/support/test-app';
import { leaksInternalDetail, recordFigures, SOAK } from './support/figures';
import { deeplyNested, hostileJsonValue, hostileText, PROTOTYPE_POLLUTION_BODIES, SQL_LOOKING } from './support/hostile';

/**
 * Property-based fuzzing of every REST route and GraphQL mutation, in process
 * against one app over keep-alive HTTP: generated bodies, headers, path
 * parameters and query strings. Whatever arrives: never a 5xx, never an
 * append on a refusal, never a stack trace, and the server stays healthy.
 */
const SCALE = Number(process.env.LEDGER_FUZZ_SCALE ?? 1);
const RUNS_AT_SCALE_1 = SOAK
  ? { rest: 60_000, graphql: 20_000, graphqlText: 5_000, sql: 2_000 }
  : { rest: 7_000, graphql: 2_200, graphqlText: 600, sql: 300 };
const RUNS = Object.fromEntries(
  Object.entries(RUNS_AT_SCALE_1).map(([kind, runs]) => [kind, Math.ceil(runs * SCALE)]),
) as typeof RUNS_AT_SCALE_1;
const SEED = Number(process.env.LEDGER_FUZZ_SEED ?? Date.now() % 2 ** 31);

/** A valid body per command route; the fuzzer mutates these, so it reaches past the first check too. */
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /v1/employees': () => ({ employeeId: `e-${unique()}`, name: 'Fuzz Person', department: 'sales', role: 'rep' }),
  'POST /v1/employees/:employeeId/departure': () => ({ reason: 'moved on' }),
  'POST /v1/commission-plans': () => ({
    department: 'sales',
    rateBasisPoints: 500,
    effectiveFrom: new Date(Date.now() + 1000).toISOString(),
  }),
  'POST /v1/leads/:leadId/contacts': () => ({ repId: 'rep-anna', company: 'Fuzz GmbH', channel: 'call', outcome: 'interested', note: 'n' }),
  'POST /v1/leads/:leadId/loss': () => ({ reason: 'no budget' }),
  'POST /v1/clients': () => ({
    clientId: `c-${unique()}`,
    leadId: 'lead-of-c-1',
    repId: 'rep-anna',
    firstOrder: { orderId: 'o-1', total: { amount: 100, currency: 'EUR' } },
  }),
  'POST /v1/clients/:clientId/orders': () => ({ orderId: `o-${unique()}`, total: { amount: 1_000, currency: 'EUR' }, takenBy: 'rep-anna' }),
  'POST /v1/clients/:clientId/handoff': () => ({ toManagerId: 'mgr-carl', reason: 'repeat customer' }),
  'POST /v1/clients/:clientId/key-account': () => ({ ownerId: 'kam-kim', reason: 'big' }),
  'POST /v1/clients/:clientId/loss': () => ({ reason: 'price', competitor: 'Other AG' }),
  'POST /v1/admin/projections/:projection/rebuild': () => ({}),
};
let counter = 0;
const unique = () => `${Date.now().toString(36)}-${++counter}`;

const QUERY_KEYS = [
  'asOf',
  'asKnownAt',
  'from',
  'to',
  'limit',
  'after',
  'upTo',
  'groupBy',
  'department',
  'repId',
  'status',
  'owningDepartment',
  'ownerId',
  'clientId',
  'employeeId',
  'atRiskDays',
  'skipInvalid',
  'format',
];
const PATH_VALUES = ['c-1', 'lead-of-c-1', 'rep-anna', 'pipeline', 'revenue', 'clients'];
const ROLES: AccessRole[] = ['admin', 'rep', 'head', 'manager', 'key_account_owner', 'analyst', 'auditor'];

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

describe('hostile input: fuzzing every REST route and GraphQL mutation', () => {
  let app: TestApp;
  let store: EventStore;
  let base: string;
  let routes: Route[];
  let cases = 0;
  const serverErrors: string[] = [];
  const appendsOnRefusal: string[] = [];
  const leaks: string[] = [];
  let accepted = 0;
  const timing: Record<string, number> = {};

  beforeAll(async () => {
    app = await startSeeded('c-1');
    store = app.app.get<EventStore>(EVENT_STORE);
    await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.app.getHttpServer().address() as { port: number }).port}`;
    // Swagger's pages are static; `/{*path}` is middleware Nest mounts on every method, not a route.
    routes = routesOf(app.app).filter((route) => !route.path.startsWith('/docs') && !route.path.includes('{*'));
  });
  afterAll(() => app.stop());

  /** Sends one case and checks what holds for every answer; returns it for the property's own checks. */
  async function send(label: string, url: string, init: RequestInit): Promise<Answer> {
    cases += 1;
    const headBefore = await store.headPosition();
    let response: Response;
    const started = Date.now();
    try {
      response = await fetch(url, init);
    } catch (error) {
      // The client library refused to send it (an invalid header or URL): not a case the server saw.
      if (error instanceof TypeError && !/fetch failed/.test(error.message)) {
        cases -= 1;
        return { status: 0, contentType: '', text: '' };
      }
      throw new Error(`${label}: the server did not answer: ${String((error as Error).cause ?? error)}`);
    }
    timing[label.split(' ')[0]!] = (timing[label.split(' ')[0]!] ?? 0) + (Date.now() - started);
    const answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
    const headAfter = await store.headPosition();
    const what = () =>
      `${label} ${init.method} ${url} ${JSON.stringify(init.headers)} ${typeof init.body === 'string' ? init.body.slice(0, 300) : ''} -> ${answer.status} ${answer.text.slice(0, 400)}`;
    if (answer.status >= 500) serverErrors.push(what());
    if (leaksInternalDetail(answer.text)) leaks.push(what());
    const refused =
      answer.status >= 400 || (answer.contentType.includes('json') && /"errors"\s*:\s*\[/.test(answer.text) && label.startsWith('graphql'));
    if (refused && headAfter !== headBefore) appendsOnRefusal.push(`${what()} (head ${headBefore} -> ${headAfter})`);
    if (!refused && headAfter > headBefore) accepted += 1;
    return answer;
  }

  const expectClean = () => {
    expect(serverErrors.slice(0, 5)).toEqual([]);
    expect(appendsOnRefusal.slice(0, 5)).toEqual([]);
    expect(leaks.slice(0, 5)).toEqual([]);
  };

  const restCase = fc.record({
    routeIndex: fc.nat(),
    pathValue: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...PATH_VALUES) },
      { weight: 3, arbitrary: hostileText.map(encodePathSegment) },
      { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '..%2F..', '%2e%2e', '%00', 'a%2Fb') },
    ),
    query: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...QUERY_KEYS, '__proto__[x]', 'constructor[prototype][x]', 'a[b][c]'), hostileText),
        fc.oneof(hostileText, fc.constantFrom('2024-01-01', '2024-01-01T00:00:00Z', '10', 'rep', 'sales')),
      ),
      { maxLength: 4 },
    ),
    body: fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .record({
            field: fc.oneof(hostileText, fc.constantFrom('total', 'amount', 'occurredAt', 'repId', 'firstOrder')),
            value: hostileJsonValue,
            drop: fc.boolean(),
          })
          .map((mutation) => ({ kind: 'mutated' as const, mutation })),
      },
      { weight: 2, arbitrary: hostileJsonValue.map((value) => ({ kind: 'json' as const, text: JSON.stringify(value) ?? 'null' })) },
      { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_POLLUTION_BODIES).map((text) => ({ kind: 'json' as const, text })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
          .map(([depth, kind]) => ({ kind: 'json' as const, text: deeplyNested(depth, kind) })),
      },
      { weight: 1, arbitrary: fc.string().map((text) => ({ kind: 'json' as const, text: `{${text}` })) },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 1_048_577, max: 1_300_000 })
          .map((size) => ({ kind: 'json' as const, text: JSON.stringify({ note: 'x'.repeat(size) }) })),
      },
    ),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/json; charset=latin1',
          'application/x-ndjson',
          'text/csv',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
        ),
      },
    ),
    headers: fc.record(
      {
        'Idempotency-Key': fc.oneof(fc.uuid(), fc.string({ unit: fc.constantFrom(...'abcXYZ019-_ :;\'"'.split('')), maxLength: 300 })),
        'If-Match': fc.oneof(
          fc.constantFrom('"0"', '"1"', '"-1"', '"99999999999999999999"', '*', 'W/"1"'),
          fc.string({ maxLength: 20 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
        ),
        'X-Correlation-Id': fc.string({ maxLength: 300 }).map((text) => text.replace(/[^\x20-\x7e]/g, '')),
        Accept: fc.constantFrom('application/json', 'application/x-ndjson', 'text/csv', '*/*', 'text/html', 'application/xml', ';;;'),
        'Content-Encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
      },
      { requiredKeys: [] },
    ),
    credentials: fc.oneof(
      { weight: 6, arbitrary: fc.constant<AccessRole>('admin') },
      { weight: 2, arbitrary: fc.constantFrom(...ROLES) },
      { weight: 1, arbitrary: fc.constantFrom('none', 'garbage') },
    ),
  });

  it(`every REST route: ${RUNS.rest.toLocaleString('en')} generated requests, never a 5xx, an append on a refusal or a stack trace`, async () => {
    await fc.assert(
      fc.asyncProperty(restCase, async (input) => {
        const route = routes[input.routeIndex % routes.length]!;
        const key = `${route.method} ${route.path}`;
        const path = route.path.replace(/:[A-Za-z]+/g, input.pathValue);
        const search = new URLSearchParams(input.query).toString();
        const headers: Record<string, string> = { ...input.headers, 'Content-Type': input.contentType };
        if (input.credentials === 'garbage') headers.Authorization = 'Bearer not.a.token';
        else if (input.credentials !== 'none')
          headers.Authorization = `Bearer ${tokenFor(input.credentials, input.credentials === 'admin' ? 'test-admin' : 'rep-anna')}`;
        let body: string | undefined;
        if (route.method !== 'GET') {
          if (input.body.kind === 'mutated') {
            const valid = (VALID_BODIES[key] ?? (() => ({})))();
            const { field, value, drop } = input.body.mutation;
            if (drop && field in valid) delete valid[field];
            else valid[field] = value;
            body = JSON.stringify(valid);
          } else body = input.body.text;
        }
        await send(`rest ${key}`, `${base}${path}${search ? `?${search}` : ''}`, { method: route.method, headers, body });
      }),
      { numRuns: RUNS.rest, seed: SEED },
    );
    expectClean();
    await fetch(`${base}/health`).then((response) => expect(response.status).toBe(200));
  }, 600_000);

  interface MutationField {
    name: string;
    args: { name: string; type: string }[];
    selection: string;
  }
  let mutations: MutationField[] = [];

  it(`every GraphQL mutation: ${RUNS.graphql.toLocaleString('en')} generated variables, and ${RUNS.graphqlText.toLocaleString('en')} generated documents`, async () => {
    const introspection = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` },
      body: JSON.stringify({
        query:
          '{ __schema { mutationType { fields { name type { kind name ofType { kind name ofType { kind name } } } args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }',
      }),
    }).then(
      (response) =>
        response.json() as Promise<{
          data: { __schema: { mutationType: { fields: { name: string; type: TypeRef; args: { name: string; type: TypeRef }[] }[] } } };
        }>,
    );
    mutations = introspection.data.__schema.mutationType.fields.map((field) => ({
      name: field.name,
      args: field.args.map((arg) => ({ name: arg.name, type: typeText(arg.type) })),
      selection: namedKind(field.type) === 'OBJECT' ? ' { __typename }' : '',
    }));
    expect(mutations.length).toBeGreaterThan(10);

    const graphqlCase = fc.record({
      mutationIndex: fc.nat(),
      variables: fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .record({ field: hostileText, value: hostileJsonValue, restKey: fc.constantFrom(...Object.keys(VALID_BODIES)) })
            .map((mutation) => ({ kind: 'mutated' as const, mutation })),
        },
        {
          weight: 2,
          arbitrary: fc
            .dictionary(fc.constantFrom('input', 'options', 'projection', 'employeeId', 'leadId', 'clientId'), hostileJsonValue)
            .map((values) => ({ kind: 'raw' as const, values })),
        },
      ),
      options: fc.option(
        fc.record(
          {
            idempotencyKey: fc.oneof(fc.uuid(), hostileText),
            expectedRevision: fc.oneof(fc.integer(), hostileJsonValue),
            correlationId: hostileText,
          },
          { requiredKeys: [] },
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(graphqlCase, async (input) => {
        const mutation = mutations[input.mutationIndex % mutations.length]!;
        const declared = mutation.args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
        const passed = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
        const query = `mutation Fuzz${declared ? `(${declared})` : ''} { ${mutation.name}${passed ? `(${passed})` : ''}${mutation.selection} }`;
        let variables: Record<string, unknown>;
        if (input.variables.kind === 'mutated') {
          const valid = VALID_BODIES[input.variables.mutation.restKey]!();
          valid[input.variables.mutation.field] = input.variables.mutation.value;
          variables = { input: valid, clientId: 'c-1', leadId: 'lead-of-c-1', employeeId: 'rep-anna', projection: 'pipeline' };
        } else variables = { ...input.variables.values };
        if (input.options) variables.options = input.options;
        await send(`graphql ${mutation.name}`, `${base}/graphql`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` },
          body: JSON.stringify({ query, variables }),
        });
      }),
      { numRuns: RUNS.graphql, seed: SEED },
    );

    // Documents themselves: garbage, deep selections, huge aliases, mutations smuggled into a query.
    const documentText = fc.oneof(
      hostileText,
      fc.integer({ min: 10, max: 200 }).map((depth) => `{ ${'clients { clients { '.repeat(depth)} } }`),
      fc
        .integer({ min: 2, max: 60 })
        .map(
          (count) =>
            `mutation { ${Array.from({ length: count }, (_, index) => `a${index}: rebuildProjection(projection: "nope")`).join(' ')} }`,
        ),
      fc
        .tuple(fc.constantFrom(...mutations.map((mutation) => mutation.name)), hostileText)
        .map(([name, text]) => `mutation { ${name}(input: ${JSON.stringify(text)}) }`),
    );
    await fc.assert(
      fc.asyncProperty(documentText, fc.option(hostileJsonValue), async (query, variables) => {
        await send('graphql document', `${base}/graphql`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` },
          body: JSON.stringify({ query, variables }),
        });
      }),
      { numRuns: RUNS.graphqlText, seed: SEED },
    );
    expectClean();
    await fetch(`${base}/health`).then((response) => expect(response.status).toBe(200));
  }, 600_000);

  it(`text that looks like SQL is stored verbatim and harmless (${RUNS.sql} generated commands)`, async () => {
    const sqlish = fc
      .tuple(fc.constantFrom(...SQL_LOOKING), fc.string({ maxLength: 20 }))
      .map(([sql, tail]) => `${sql}${tail}`.trim().slice(0, 200) || SQL_LOOKING[0]!);
    // A rep of its own: the fuzzing before may have recorded the departure of any employee the routes name (rep-anna too).
    const repId = `sql-rep-${unique()}`;
    const joined = await fetch(`${base}/v1/employees`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` },
      body: JSON.stringify({ employeeId: repId, name: 'SQL Rep', department: 'sales', role: 'rep', occurredAt: '2024-01-01T08:00:00Z' }),
    });
    expect(joined.status).toBe(201);
    await fc.assert(
      fc.asyncProperty(sqlish, sqlish, async (company, note) => {
        const leadId = `sql-${unique()}`;
        const answer = await send('sql contact', `${base}/v1/leads/${leadId}/contacts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` },
          body: JSON.stringify({ repId, company, channel: 'call', outcome: note, note }),
        });
        expect(answer.status).toBe(201);
        const lead = await fetch(`${base}/v1/leads/${leadId}`, {
          headers: { Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` },
        }).then((response) => response.json() as Promise<{ company: string; contacts: { note: string; outcome: string }[] }>);
        expect(lead.company).toBe(company);
        expect(lead.contacts[0]).toMatchObject({ note, outcome: note });
      }),
      { numRuns: RUNS.sql, seed: SEED },
    );
    // The log and its tamper evidence are whole after all of it.
    const verify = await fetch(`${base}/v1/audit/verify`, { headers: { Authorization: `Bearer ${tokenFor('admin', 'test-admin')}` } }).then(
      (response) => response.json() as Promise<{ intact: boolean }>,
    );
    expect(verify.intact).toBe(true);
    expectClean();
  }, 600_000);

  afterAll(() => {
    recordFigures('hostileInput', {
      seed: SEED,
      casesTried: cases,
      serverErrors: serverErrors.length,
      appendsOnRejectedInput: appendsOnRefusal.length,
      stackTracesOrPaths: leaks.length,
      acceptedCommands: accepted,
      restRoutes: routes.length,
      graphqlMutations: mutations.length,
      timing,
    });
  });
});

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
const typeText = (type: TypeRef): string =>
  type.kind === 'NON_NULL' ? `${typeText(type.ofType!)}!` : type.kind === 'LIST' ? `[${typeText(type.ofType!)}]` : type.name!;
/** encodeURIComponent refuses lone surrogates; the server then sees U+FFFD, as a browser would send it. */
function encodePathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}
const namedKind = (type: TypeRef): string => (type.ofType ? namedKind(type.ofType) : type.kind);
