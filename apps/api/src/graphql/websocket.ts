import type { IncomingMessage } from 'node:http';

import type { GraphQLSchemaHost, GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import type { ServerOptions, SubscribePayload } from 'graphql-ws';

import type { Authenticator } from '../auth/authenticator';
import { answerRefusal } from './answer-budget';
import { authenticateConnection, graphqlContext, type SocketContext } from './context';
import { documentShapeRefusal } from './document-shape';
import { formatGraphqlError } from './errors';
import { depthLimitRule, MAX_QUERY_TOKENS, mutationCount } from './limits';
import { type GraphqlRequestLimits, operationRefusal, rateRefusal } from './request-limits';

/** The limits over HTTP, and whether the schema is shown (introspection, "Did you mean" hints). */
export interface SocketLimits extends GraphqlRequestLimits {
  readonly introspection: boolean;
}

/**
 * graphql-ws (subscriptions, and any operation sent over the socket) as safe
 * as HTTP: the connection needs valid credentials, each operation passes the
 * same validation and limits before it runs, and errors leave in the same
 * shape, because Apollo's own hooks do not see the socket.
 */
export function websocketOptions(
  authenticator: Authenticator,
  schemaHost: GraphQLSchemaHost,
  limits: SocketLimits,
): GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'onError'> {
  return {
    onConnect: authenticateConnection(authenticator),
    onSubscribe: (context, _id, payload) => checkedOperation(schemaHost.schema, payload, limits, context as SocketContext),
    onNext: (_context, _id, _payload, args, result) => {
      // An answer that outgrew its budget leaves as that refusal alone, as over HTTP.
      const refusal = answerRefusal(args.contextValue);
      return withFormattedErrors(refusal ? { errors: [refusal] } : result);
    },
    onError: (_context, _id, _payload, errors) => errors.map((error) => formatGraphqlError(error.toJSON(), error)),
  };
}

/**
 * Counts the operation against the caller's minute, parses, validates
 * (graphql's rules, the depth limit, no introspection unless shown) and costs
 * it, or answers why not.
 */
async function checkedOperation(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: SocketLimits,
  context: SocketContext,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const caller = limits.rateLimiter?.callerOf(
    graphqlContext(context).authorization,
    (context.extra as { request?: IncomingMessage }).request?.socket.remoteAddress,
  );
  const limited = await rateRefusal(limits, caller, 1);
  if (limited) return [limited];
  const misshapen = documentShapeRefusal(payload.query);
  if (misshapen) return [new GraphQLError(misshapen, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: MAX_QUERY_TOKENS });
  } catch (error) {
    return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  const invalid = validate(schema, document, [
    ...specifiedRules,
    depthLimitRule,
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ]);
  if (invalid.length > 0) {
    // graphql's own rules give no code; Apollo names them so over HTTP, and so do we here (and drops its hints as Apollo does).
    return invalid.map((error) =>
      error.extensions.code === undefined
        ? new GraphQLError(limits.introspection ? error.message : error.message.replace(/ ?Did you mean(.+?)\?$/, ''), {
            nodes: error.nodes,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          })
        : error,
    );
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation)
    return [new GraphQLError('name the operation to run (operationName)', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  const variables = payload.variables ?? undefined;
  // Variables that do not fit their types: refused as Apollo refuses them over HTTP, naming the variable and field
  // (graphql-js would report them from execution without a code, which reads as an internal error).
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors;
  if (coercion)
    return coercion.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
  const refusal =
    operationRefusal(limits, schema, document, operation, variables) ??
    (await rateRefusal(limits, caller, mutationCount(document, operation) - 1));
  if (refusal) return [refusal];
  return { schema, document, operationName: payload.operationName, variableValues: variables };
}

function withFormattedErrors(result: ExecutionResult): FormattedExecutionResult | void {
  if (!result.errors) return;
  return { ...result, errors: result.errors.map((error) => formatGraphqlError(error.toJSON(), error)) };
}
