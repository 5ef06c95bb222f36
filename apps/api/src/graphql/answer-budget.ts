import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';

import { QueryLimitError } from './limits';

/**
 * The most values one answer may hold, counted as it is built: every field
 * value, and every item of a list. The cost counted before a request runs
 * assumes a bound for lists without paging (a client's orders); this counts
 * what is really there, so no document and no data make an answer larger.
 * 50,000 values are about 1 to 3 MB of JSON: a client with 5,000 orders read
 * whole, or a full page of the log.
 */
export const MAX_ANSWER_VALUES = 50_000;

interface AnswerBudget {
  spent: number;
  refusal?: QueryLimitError;
}

/** One budget per operation, by its context (a new one per HTTP request and per graphql-ws operation). */
const budgets = new WeakMap<object, AnswerBudget>();

/** Charges a field's value to its operation's budget; past it, throws the refusal (and so does every field after it). */
function charge(value: unknown, context: unknown, operation: string): unknown {
  // A subscription's events are answered one at a time, each small.
  if (operation === 'subscription' || typeof context !== 'object' || context === null) return value;
  let budget = budgets.get(context);
  if (budget === undefined) budgets.set(context, (budget = { spent: 0 }));
  if (budget.refusal) throw budget.refusal;
  budget.spent += 1 + (Array.isArray(value) ? value.length : 0);
  if (budget.spent > MAX_ANSWER_VALUES) {
    budget.refusal = new QueryLimitError(
      'ANSWER_TOO_LARGE',
      `the answer holds more than ${MAX_ANSWER_VALUES} values (each field and list item counts; aliases each); select fewer fields or items, or page with \`limit\``,
    );
    throw budget.refusal;
  }
  return value;
}

/**
 * Makes every field of every object type below the root charge its value to
 * its operation's budget, on any transport (the schema is changed in place,
 * once, as it is built). Past the budget every further field fails at once,
 * so the rest of the answer is not built. Root fields are costed before the
 * request runs; their values are charged by the fields below them.
 */
export function withAnswerBudget(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || roots.has(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      // Fields of the graph (an owner, a lead) are read when asked: their values are charged once they arrive.
      field.resolve = (source, args, context, info) => {
        const value = resolve(source, args, context, info);
        return value instanceof Promise
          ? value.then((settled) => charge(settled, context, info.operation.operation))
          : charge(value, context, info.operation.operation);
      };
    }
  }
  return schema;
}

/** The refusal the operation's answer ran into, if it did: the transports send it alone, not the partial answer. */
export function answerRefusal(context: unknown): QueryLimitError | undefined {
  return typeof context === 'object' && context !== null ? budgets.get(context)?.refusal : undefined;
}
