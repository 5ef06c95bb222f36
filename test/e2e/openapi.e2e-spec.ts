import { getMetadataStorage } from 'class-validator';

import { ConsistencyProofQueryDto, EvidenceBundleQueryDto, InclusionProofQueryDto } from '../../apps/api/src/contract/evidence';
import { CheckReadModelsQueryDto } from '../../apps/api/src/contract/projections';
import {
  AsOfQueryDto,
  ClientQueryDto,
  EventsQueryDto,
  HandoffsQueryDto,
  LeadQueryDto,
  ListClientsQueryDto,
  PipelineQueryDto,
  RetentionQueryDto,
  RevenueQueryDto,
} from '../../apps/api/src/requests/queries';
import { contactLead, recordWin } from './support/given';
import { openApiPath, type Route, routesOf } from './support/routes';

/** Each reading route's query-string class: every property it validates must be a documented parameter. */
const QUERY_STRINGS: Record<string, new () => object> = {
  '/v1/clients': ListClientsQueryDto,
  '/v1/clients/:clientId': ClientQueryDto,
  '/v1/clients/:clientId/events': AsOfQueryDto,
  '/v1/leads/:leadId': LeadQueryDto,
  '/v1/events': EventsQueryDto,
  '/v1/pipeline': PipelineQueryDto,
  '/v1/retention': RetentionQueryDto,
  '/v1/revenue': RevenueQueryDto,
  '/v1/audit/handoffs': HandoffsQueryDto,
  '/v1/audit/proofs/inclusion': InclusionProofQueryDto,
  '/v1/audit/proofs/consistency': ConsistencyProofQueryDto,
  '/v1/audit/evidence': EvidenceBundleQueryDto,
  '/v1/admin/projections/check': CheckReadModelsQueryDto,
};

/** Routes whose body is a file (NDJSON or CSV), not a JSON object. */
const FILE_BODIES = ['/v1/imports'];
/** Routes that take no body: signing a checkpoint of the log as it is. */
const NO_BODIES = ['/v1/audit/checkpoints'];

const validatedProperties = (dto: new () => object): string[] =>
  [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((metadata) => metadata.propertyName),
    ),
  ].sort();
import { seedOrganisation, TestApp } from './support/test-app';

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string; type?: string; items?: unknown } }> }
  >;
}
interface Schema {
  properties?: Record<string, { description?: string }>;
}

describe('OpenAPI at /docs', () => {
  let app: TestApp;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
  };
  let routes: Route[];

  beforeAll(async () => {
    app = await TestApp.start();
    document = (await app.anonymous.get('/docs/json').expect(200)).body;
    routes = routesOf(app.app).filter((route) => !route.path.startsWith('/docs'));
  });
  afterAll(() => app.stop());

  const operationOf = (route: Route): Operation => document.paths[openApiPath(route)]?.[route.method.toLowerCase()];
  /** Health probes, the problem types' pages and the checkpoints' public key are public. */
  const secured = (route: Route) =>
    !route.path.startsWith('/health') && !route.path.startsWith('/problems') && !route.path.startsWith('/.well-known');
  /** Prometheus scrapes text, not JSON. */
  const answerType = (route: Route) => (route.path === '/metrics' ? 'text/plain' : 'application/json');

  it('serves the interactive page and the document without credentials', async () => {
    const page = await app.anonymous.get('/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger-ui');
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
  });

  it('describes every route the server answers, each secured route with the bearer scheme', () => {
    for (const route of routes) {
      const operation = operationOf(route);
      expect({ route: `${route.method} ${route.path}`, documented: operation !== undefined }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
      if (secured(route)) expect(operation.security).toEqual([{ bearer: [] }]);
    }
  });

  it('gives every secured route its answer schema and its problem answers (401, 403, 400) as problem details', () => {
    for (const route of routes.filter(secured)) {
      const { responses } = operationOf(route);
      const success = responses[route.method === 'POST' ? (route.path.endsWith('/rebuild') ? '202' : '201') : '200'];
      expect({ route: route.path, answer: success?.content?.[answerType(route)]?.schema !== undefined }).toEqual({
        route: route.path,
        answer: true,
      });
      for (const status of ['400', '401', '403']) {
        expect(responses[status]?.content?.['application/problem+json']?.schema).toEqual({
          $ref: '#/components/schemas/ProblemDetailsDto',
        });
      }
    }
  });

  it('documents every property of every request body', () => {
    for (const route of routes.filter(
      (candidate) =>
        candidate.method === 'POST' &&
        !candidate.path.endsWith('/rebuild') &&
        !FILE_BODIES.includes(candidate.path) &&
        !NO_BODIES.includes(candidate.path),
    )) {
      const ref = operationOf(route).requestBody?.content['application/json']?.schema.$ref;
      expect({ route: route.path, body: ref }).toEqual({ route: route.path, body: expect.stringMatching(/^#\/components\/schemas\//) });
      const schema = document.components.schemas[ref!.split('/').pop()!];
      expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('documents the file a route takes as its body, by type', () => {
    for (const path of FILE_BODIES) {
      const content = operationOf({ method: 'POST', path }).requestBody?.content ?? {};
      expect({ path, types: Object.keys(content).sort() }).toEqual({
        path,
        types: ['application/jsonl', 'application/x-ndjson', 'text/csv'],
      });
    }
  });

  it('documents every query parameter each reading route accepts', () => {
    for (const [path, dto] of Object.entries(QUERY_STRINGS)) {
      const documented = (operationOf({ method: 'GET', path }).parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => parameter.name);
      expect({ path, parameters: documented.sort() }).toEqual({ path, parameters: validatedProperties(dto) });
    }
  });

  it('documents the headers of the ledger each reading route answers with (a revision as ETag, an export’s chain)', async () => {
    await seedOrganisation(app);
    for (const leadId of ['lead-docs', 'client-docs'])
      await contactLead(app, leadId, { repId: 'rep-anna', company: `${leadId} GmbH`, occurredAt: '2024-02-01T09:00:00Z' });
    await recordWin(app, { clientId: 'client-docs', orderId: 'order-docs', amount: 1999, occurredAt: '2024-03-01T09:00:00Z' });
    const reads: { path: string; accept?: string }[] = [
      { path: '/v1/leads/:leadId' },
      { path: '/v1/clients/:clientId' },
      { path: '/v1/employees/:employeeId' },
      { path: '/v1/events', accept: 'application/x-ndjson' },
      { path: '/v1/events', accept: 'text/csv' },
    ];
    const concrete: Record<string, string> = {
      '/v1/leads/:leadId': '/v1/leads/lead-docs',
      '/v1/clients/:clientId': '/v1/clients/client-docs',
      '/v1/employees/:employeeId': '/v1/employees/mgr-carl',
      '/v1/events': '/v1/events',
    };
    for (const { path, accept } of reads) {
      const answer = await app.http
        .get(concrete[path])
        .set('Accept', accept ?? 'application/json')
        .expect(200);
      const sent = Object.keys(answer.headers).filter((name) => /^(etag|x-ledger-)/i.test(name));
      const documented = Object.keys(operationOf({ method: 'GET', path }).responses['200'].headers ?? {}).map((name) => name.toLowerCase());
      expect({ path, accept, sent: sent.length > 0, undocumented: sent.filter((name) => !documented.includes(name)) }).toEqual({
        path,
        accept,
        sent: true,
        undocumented: [],
      });
    }
    expect(Object.keys(operationOf({ method: 'GET', path: '/v1/events' }).responses['200'].headers ?? {})).toEqual(
      expect.arrayContaining(['X-Ledger-Chain-Start-Hash', 'X-Ledger-Chain-Head-Position', 'X-Ledger-Chain-Head-Hash']),
    );
    expect(Object.keys(operationOf({ method: 'GET', path: '/v1/leads/:leadId' }).responses['200'].headers ?? {})).toContain('ETag');
  });

  it('lists the stable failure codes with the problem details schema', () => {
    const problem = document.components.schemas.ProblemDetailsDto as { properties: Record<string, { enum?: string[] }> };
    expect(problem.properties.code.enum).toEqual(
      expect.arrayContaining(['CLIENT_NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED', 'IDEMPOTENCY_KEY_REUSED']),
    );
  });
});
