import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { Complexity } from '@nestjs/graphql';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * How much one GraphQL request may ask for. The deepest answer of the schema
 * (an event's actor in a client's stream) is 5 levels deep; 8 leaves room
 * for fragments and refuses recursive nonsense.
 */
export const MAX_QUERY_DEPTH = 8;

/**
 * The most lexical tokens a document may have (about 50 KB of GraphQL),
 * counted before it is parsed: parsing and validating are linear in them at
 * best (some validation rules compare fields pairwise). The largest document
 * the cost budget lets run in any useful shape has a few thousand.
 */
export const MAX_QUERY_TOKENS = 10_000;

/**
 * The cost of a request, counted before it runs: every field costs 1; a list
 * costs its fields once per item it can hold (a page its `limit`, a list
 * without paging its declared bound, below); reading a stream or a read model
 * adds what the read costs. Aliases count each, at full price. 25,000 lets a
 * full page of the log (1,000 events with every field, about 20,000) through,
 * as over REST, about 50 live or 5 as-of reports, or 24 clients read whole.
 */
export const MAX_QUERY_COMPLEXITY = 25_000;
/** A live report reads a read model held in memory: tens of milliseconds over a million events. */
export const REPORT_COST = 500;
/** An as-of (or as-known-at) report folds the log up to that moment: up to seconds over a million events. */
export const AS_OF_REPORT_COST = 5_000;

/**
 * The items a list without paging is costed at: the orders, the contacts
 * and the events of one stream. Streams have no length limit, so this is
 * the cost's assumption, not a promise; the answer budget (answer-budget.ts)
 * charges what is really there, so a longer list is still paid in full.
 */
export const STREAM_LIST_ITEMS = 1_000;
/** Reading a client's or a lead's stream folds each of its events, whatever the answer selects. */
export const STREAM_READ_COST = STREAM_LIST_ITEMS;
/** Amounts per currency: one per currency a client has ordered in. */
export const CURRENCY_LIST_ITEMS = 10;

/**
 * The most mutations one document may hold (LEDGER_GRAPHQL_MAX_MUTATIONS by
 * default): each appends, and a document is one request to the rate limit.
 */
export const DEFAULT_MAX_MUTATIONS_PER_DOCUMENT = 10;

export type QueryLimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'TOO_MANY_MUTATIONS' | 'ANSWER_TOO_LARGE';

/** A refusal by one of the limits: a client error (HTTP 400), with its own code in extensions.code. */
export class QueryLimitError extends GraphQLError {
  constructor(code: QueryLimitCode, message: string) {
    // Apollo answers an error thrown by a plugin with 500 unless told its status.
    super(message, { extensions: { code, http: { status: 400 } } });
  }
}

/** A validation rule: depth does not depend on variables, so Apollo's cache of validated documents may keep the verdict. */
export const depthLimitRule = maxDepthRule({
  n: MAX_QUERY_DEPTH,
  propagateOnRejection: false,
  onReject: [(context, error) => context?.reportError(new QueryLimitError('QUERY_TOO_DEEP', error.message.replace(/^Syntax Error: /, '')))],
});

/** What answering from the log or a read model costs: a live model's query, or a fold of the log up to `asOf` or `asKnownAt`. */
const foldCost = (args: { asOf?: string | null; asKnownAt?: string | null }) =>
  args.asOf || args.asKnownAt ? AS_OF_REPORT_COST : REPORT_COST;

/** A report costs the fold it makes, then its fields. */
export const reportComplexity: Complexity = ({ args, childComplexity }) => foldCost(args) + childComplexity;

/** One stream read and folded (a client, a lead), then its fields, lists costed at their bound. */
export const streamComplexity: Complexity = ({ childComplexity }) => STREAM_READ_COST + childComplexity;

/** A list without paging costs its fields once per item of its declared bound. */
export const listComplexity =
  (items: number): Complexity =>
  ({ childComplexity }) =>
    1 + items * childComplexity;

/** A page of up to `first` (or the older `limit`) items costs its fields once per item; `fromReadModel` adds the cost of the read model's answer. */
export const pageComplexity =
  (defaultLimit: number, { fromReadModel = false } = {}): Complexity =>
  ({ args, childComplexity }) =>
    (fromReadModel ? foldCost(args) : 1) + pageSizeOf(args as PagingArgs, defaultLimit) * childComplexity;

interface PagingArgs {
  readonly first?: number | null;
  readonly limit?: number | null;
}

/** The items a page asks for: `first`, the connections' name, else `limit`, the name it replaces, else the default. */
export const pageSizeOf = ({ first, limit }: PagingArgs, defaultSize: number): number => first ?? limit ?? defaultSize;

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
    return new QueryLimitError(
      'QUERY_TOO_COMPLEX',
      `the query selects more than ${MAX_QUERY_COMPLEXITY} fields; the limit is ${MAX_QUERY_COMPLEXITY}`,
    );
  }
  if (complexity <= MAX_QUERY_COMPLEXITY) return undefined;
  return new QueryLimitError(
    'QUERY_TOO_COMPLEX',
    `the query costs ${complexity}, over the limit of ${MAX_QUERY_COMPLEXITY}: a list costs its fields per item it may hold (a page its limit, ` +
      `a client's orders or events and a lead's contacts ${STREAM_LIST_ITEMS}), reading a client or lead ${STREAM_READ_COST}, ` +
      `a report ${REPORT_COST} (${AS_OF_REPORT_COST} as of a past time); every alias counts`,
  );
}

/**
 * The root fields of a mutation as written, fragments included, each alias
 * apart (an upper bound: graphql runs a field repeated under one alias once);
 * 0 for a query or subscription.
 */
export function mutationCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  if (operation.operation !== OperationTypeNode.MUTATION) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const count = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): number =>
    selectionSet.selections.reduce((total, selection) => {
      if (selection.kind === Kind.FIELD) return total + (selection.name.value === '__typename' ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet, seen);
      const fragment = fragments.get(selection.name.value);
      // Validation refuses cycles and unknown fragments; `seen` keeps this count finite before it does.
      return fragment && !seen.has(fragment.name.value)
        ? total + count(fragment.selectionSet, new Set([...seen, fragment.name.value]))
        : total;
    }, 0);
  return count(operation.selectionSet, new Set());
}

/** The refusal of a document holding more mutations than `max`, before any runs. */
export function mutationRefusal(document: DocumentNode, operation: OperationDefinitionNode, max: number): QueryLimitError | undefined {
  const mutations = mutationCount(document, operation);
  if (mutations <= max) return undefined;
  return new QueryLimitError(
    'TOO_MANY_MUTATIONS',
    `the document holds ${mutations} mutations; the limit is ${max} per document (LEDGER_GRAPHQL_MAX_MUTATIONS)`,
  );
}
