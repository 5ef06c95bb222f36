import { Kind, type OperationDefinitionNode, parse } from 'graphql';

import { documentShapeRefusal, MAX_DOCUMENT_NESTING } from './document-shape';
import {
  AS_OF_REPORT_COST,
  listComplexity,
  MAX_QUERY_TOKENS,
  mutationCount,
  mutationRefusal,
  pageComplexity,
  REPORT_COST,
  reportComplexity,
  STREAM_READ_COST,
  streamComplexity,
} from './limits';

const cost = (complexity: typeof reportComplexity, args: Record<string, unknown>, childComplexity = 10) =>
  (complexity as (options: { args: Record<string, unknown>; childComplexity: number }) => number)({ args, childComplexity });
const operationOf = (document: string) => {
  const parsed = parse(document);
  return {
    document: parsed,
    operation: parsed.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode,
  };
};

describe('GraphQL limits', () => {
  it('costs a report as of a business time and as known at a record time the same: both fold the log', () => {
    expect(cost(reportComplexity, {})).toBe(REPORT_COST + 10);
    expect(cost(reportComplexity, { asOf: '2024-01-01T00:00:00Z' })).toBe(AS_OF_REPORT_COST + 10);
    expect(cost(reportComplexity, { asKnownAt: '2024-01-01T00:00:00Z' })).toBe(AS_OF_REPORT_COST + 10);
    expect(cost(pageComplexity(100, { fromReadModel: true }), { asKnownAt: '2024-01-01T00:00:00Z', limit: 2 })).toBe(
      AS_OF_REPORT_COST + 20,
    );
  });

  it('multiplies a list’s fields by the items it may hold, and a stream read by its events', () => {
    expect(cost(listComplexity(1_000), {}, 3)).toBe(1 + 3_000);
    expect(cost(streamComplexity, {}, 3_001)).toBe(STREAM_READ_COST + 3_001);
  });

  it('counts the mutations of a document, aliases and fragments included', () => {
    const { document, operation } = operationOf(
      'mutation { a: loseLead b: loseLead ...F ... on Mutation { c: loseLead __typename } } fragment F on Mutation { d: loseLead }',
    );
    expect(mutationCount(document, operation)).toBe(4);
    expect(mutationRefusal(document, operation, 4)).toBeUndefined();
    expect(mutationRefusal(document, operation, 3)?.extensions).toMatchObject({ code: 'TOO_MANY_MUTATIONS', http: { status: 400 } });
    const query = operationOf('{ a: client b: client }');
    expect(mutationCount(query.document, query.operation)).toBe(0);
  });

  it('refuses, before parsing, a document nested or long past what the parser should see, without recursing itself', () => {
    expect(documentShapeRefusal(`{ a(x: ${'['.repeat(MAX_DOCUMENT_NESTING)}1${']'.repeat(MAX_DOCUMENT_NESTING)}) }`)).toMatch(
      /deeper than 64 levels/,
    );
    expect(documentShapeRefusal(`{ a(x: ${'['.repeat(100_000)}`)).toMatch(/deeper than 64 levels/);
    expect(
      documentShapeRefusal(`{ a(x: ${'['.repeat(MAX_DOCUMENT_NESTING - 2)}1${']'.repeat(MAX_DOCUMENT_NESTING - 2)}) }`),
    ).toBeUndefined();
    expect(documentShapeRefusal('a '.repeat(MAX_QUERY_TOKENS + 1))).toMatch(/more than 10000 tokens/);
    expect(documentShapeRefusal('{ a "unterminated')).toBeUndefined();
  });
});
