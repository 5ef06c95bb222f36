import type { GraphQLSchemaHost, GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { ServerOptions, SubscribePayload } from 'graphql-ws';
import type { Authenticator } from '../auth/authenticator';
import { authenticateConnection } from './context';
import { formatGraphqlError } from './errors';
import { complexityRefusal, depthLimitRule } from './limits';

/**
 * graphql-ws (subscriptions, and any operation sent over the socket) as safe
 * as HTTP: the connection needs valid credentials, each operation passes the
 * same validation and limits before it runs, and errors leave in the same
 * shape, because Apollo's own hooks do not see the socket.
 */
export function websocketOptions(authenticator: Authenticator, schemaHost: GraphQLSchemaHost): GraphQLWsSubscriptionsConfig & Pick<ServerOptions, 'onError'> {
  return {
    onConnect: authenticateConnection(authenticator),
    onSubscribe: (_context, _id, payload) => checkedOperation(schemaHost.schema, payload),
    onNext: (_context, _id, _payload, _args, result) => withFormattedErrors(result),
    onError: (_context, _id, _payload, errors) => errors.map((error) => formatGraphqlError(error.toJSON(), error)),
  };
}

/** Parses, validates (graphql's rules and the depth limit) and costs the operation, or answers why not. */
function checkedOperation(schema: GraphQLSchema, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (error) {
    return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  const invalid = validate(schema, document, [...specifiedRules, depthLimitRule]);
  if (invalid.length > 0) {
    // graphql's own rules give no code; Apollo names them so over HTTP, and so do we here.
    return invalid.map((error) =>
      error.extensions.code === undefined
        ? new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })
        : error,
    );
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return [new GraphQLError('name the operation to run (operationName)', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  const variables = payload.variables ?? undefined;
  const refusal = complexityRefusal(schema, document, operation, variables);
  if (refusal) return [refusal];
  return { schema, document, operationName: payload.operationName, variableValues: variables };
}

function withFormattedErrors(result: ExecutionResult): FormattedExecutionResult | void {
  if (!result.errors) return;
  return { ...result, errors: result.errors.map((error) => formatGraphqlError(error.toJSON(), error)) };
}
