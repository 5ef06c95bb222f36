import type { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { Complexity } from '@nestjs/graphql';
import { getVariableValues, GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * How much one GraphQL request may ask for. The deepest answer of the schema
 * (an event's actor in a client's stream) is 5 levels deep; 8 leaves room
 * for fragments and refuses recursive nonsense.
 */
export const MAX_QUERY_DEPTH = 8;

/**
 * The cost of a request, counted before it runs: every field of every object
 * costs 1; a page costs its fields once per item its `limit` allows; a report
 * adds a fixed cost for the fold it makes. Aliases count each, so asking the
 * same expensive field many times over is bounded too. 25,000 lets a full
 * page of the log (1,000 events with every field, about 20,000) through, as
 * over REST, and about 50 live or 5 as-of reports.
 */
export const MAX_QUERY_COMPLEXITY = 25_000;
/** A live report reads a read model held in memory: tens of milliseconds over a million events. */
export const REPORT_COST = 500;
/** An as-of report folds the log up to that moment: up to seconds over a million events. */
export const AS_OF_REPORT_COST = 5_000;

/** A refusal by one of the limits, with its own code in extensions.code. */
export class QueryLimitError extends GraphQLError {
  constructor(code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX', message: string) {
    super(message, { extensions: { code } });
  }
}

/** A validation rule: depth does not depend on variables, so Apollo's cache of validated documents may keep the verdict. */
export const depthLimitRule = maxDepthRule({
  n: MAX_QUERY_DEPTH,
  propagateOnRejection: false,
  onReject: [(context, error) => context?.reportError(new QueryLimitError('QUERY_TOO_DEEP', error.message.replace(/^Syntax Error: /, '')))],
});

/** What answering from a read model costs: a live model's query, or a fold of the log up to `asOf`. */
const foldCost = (args: { asOf?: string | null }) => (args.asOf ? AS_OF_REPORT_COST : REPORT_COST);

/** A report costs the fold it makes, then its fields. */
export const reportComplexity: Complexity = ({ args, childComplexity }) => foldCost(args) + childComplexity;

/** A page of up to `limit` items costs its fields once per item; `fromReadModel` adds the cost of the read model's answer. */
export const pageComplexity =
  (defaultLimit: number, { fromReadModel = false } = {}): Complexity =>
  ({ args, childComplexity }) =>
    (fromReadModel ? foldCost(args) : 1) + ((args as { limit?: number | null }).limit ?? defaultLimit) * childComplexity;

const ESTIMATORS = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/**
 * The complexity refusal for an operation, if it costs too much. Costs depend
 * on variables (a page's limit), so this runs per request, not as a cached
 * validation rule.
 */
export function complexityRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): QueryLimitError | undefined {
  // Variables that do not fit their types are refused next, by graphql itself, before anything runs.
  if (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors) return undefined;
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      operationName: operation.name?.value,
      variables,
      estimators: ESTIMATORS,
      // Every field costs at least 1, so a document with more fields than the budget is refused without costing it whole.
      maxQueryNodes: MAX_QUERY_COMPLEXITY,
    });
  } catch {
    return new QueryLimitError('QUERY_TOO_COMPLEX', `the query selects more than ${MAX_QUERY_COMPLEXITY} fields; the limit is ${MAX_QUERY_COMPLEXITY}`);
  }
  if (complexity <= MAX_QUERY_COMPLEXITY) return undefined;
  return new QueryLimitError(
    'QUERY_TOO_COMPLEX',
    `the query costs ${complexity}, over the limit of ${MAX_QUERY_COMPLEXITY}: a page costs its fields per item of its limit, ` +
      `a report ${REPORT_COST} (${AS_OF_REPORT_COST} as of a past time), every alias counts`,
  );
}

/** Checks each HTTP request's cost once its operation is known, before it executes. */
export const complexityLimitPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        const refusal = operation ? complexityRefusal(schema, document, operation, request.variables) : undefined;
        if (refusal) throw refusal;
      },
    };
  },
};
