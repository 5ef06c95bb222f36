import { readFileSync } from 'node:fs';

import { OPERATIONS, REST_ONLY_OPERATIONS } from '@ledger/ledger';
import { GraphQLSchemaHost } from '@nestjs/graphql';

import { OPERATION_KEY } from '../../apps/api/src/auth/access.decorators';
import { RESOLVERS } from '../../apps/api/src/graphql/graphql-api.module';
import { REGENERATE_SCHEMA_COMMAND, SCHEMA_FILE, schemaFileText } from '../../apps/api/src/graphql/schema-file';
import { TestApp } from './support/test-app';

/** The committed schema is what the code builds, and the schema offers every operation of the access table. */
describe('the GraphQL schema', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('apps/api/schema.graphql is the schema the app serves', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const built = schemaFileText(app.app);
    if (committed !== built) {
      const [committedLines, builtLines] = [committed.split('\n'), built.split('\n')];
      const line = committedLines.findIndex((text, index) => text !== builtLines[index]);
      throw new Error(
        `apps/api/schema.graphql differs from the schema the code builds, first at line ${line + 1}:\n` +
          `  committed: ${committedLines[line] ?? '(end of file)'}\n  built:     ${builtLines[line] ?? '(end of file)'}\n` +
          `regenerate it from the repository root with\n  ${REGENERATE_SCHEMA_COMMAND}\nand commit it.`,
      );
    }
  });

  it('offers every operation of OPERATION_ROLES but the REST-only ones as a query, mutation or subscription of the same name, and nothing else', () => {
    const schema = app.app.get(GraphQLSchemaHost).schema;
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((root) =>
      Object.keys(root?.getFields() ?? {}),
    );
    expect([...roots].sort()).toEqual(OPERATIONS.filter((operation) => !REST_ONLY_OPERATIONS.includes(operation)).sort());
  });

  it('every resolver declares the operation of its own name, so the guard applies that rule', () => {
    for (const resolver of RESOLVERS) {
      for (const method of Object.getOwnPropertyNames(resolver.prototype).filter((name) => name !== 'constructor')) {
        const handler = (resolver.prototype as unknown as Record<string, object>)[method];
        // A field of an object (Client.id) is resolved under the root operation that answered the object, and its rule.
        if (Reflect.getMetadata('graphql:resolve_property', handler) === true) continue;
        expect({ resolver: resolver.name, method, operation: Reflect.getMetadata(OPERATION_KEY, handler) }).toEqual({
          resolver: resolver.name,
          method,
          operation: method,
        });
      }
    }
  });
});

describe('the GraphQL endpoint by environment', () => {
  const page = (app: TestApp) => app.anonymous.get('/graphql').set('Accept', 'text/html');

  it('serves GraphiQL outside production', async () => {
    const app = await TestApp.start();
    try {
      const response = await page(app).expect(200);
      expect(response.text).toMatch(/graphiql/i);
    } finally {
      await app.stop();
    }
  });

  it('serves no page in production, and answers introspection only when LEDGER_GRAPHQL_INTROSPECTION says so', async () => {
    const app = await TestApp.start({ env: { NODE_ENV: 'production' } });
    try {
      const response = await page(app);
      expect(response.text).not.toMatch(/graphiql|playground|sandbox/i);
      await app.http.post('/graphql').send({ query: '{ __schema { queryType { name } } }' }).expect(400);
    } finally {
      await app.stop();
    }
    const shown = await TestApp.start({ env: { NODE_ENV: 'production', LEDGER_GRAPHQL_INTROSPECTION: 'true' } });
    try {
      const introspection = await shown.http.post('/graphql').send({ query: '{ __schema { queryType { name } } }' }).expect(200);
      expect(introspection.body.data.__schema.queryType.name).toBe('Query');
    } finally {
      await shown.stop();
    }
  });
});
