import type { ApolloServerPlugin } from '@apollo/server';
import { HttpException, HttpStatus } from '@nestjs/common';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

import type { GraphqlRequestContext } from '../auth/access.guard';
import type { RateLimiter } from '../edge/rate-limit';
import { answerRefusal } from './answer-budget';
import { formatGraphqlError } from './errors';
import { complexityRefusal, mutationCount, mutationRefusal } from './limits';

/** What bounds a GraphQL operation, on either transport. */
export interface GraphqlRequestLimits {
  readonly maxMutations: number;
  /** Absent when the rate limit is switched off. */
  readonly rateLimiter?: RateLimiter;
}

/** The first limit an operation breaks before it runs: too many mutations, or too costly. */
export function operationRefusal(
  limits: GraphqlRequestLimits,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): GraphQLError | undefined {
  return mutationRefusal(document, operation, limits.maxMutations) ?? complexityRefusal(schema, document, operation, variables);
}

/**
 * Charges `units` of the caller's minute; the refusal (429 TOO_MANY_REQUESTS,
 * with Retry-After over HTTP) when it is spent. A caller the limiter cannot
 * name (no valid credentials, no address) runs no mutation: the guard refuses it.
 */
export async function rateRefusal(
  limits: GraphqlRequestLimits,
  caller: string | undefined,
  units: number,
): Promise<GraphQLError | undefined> {
  const limiter = limits.rateLimiter;
  if (limiter === undefined || caller === undefined || units <= 0) return undefined;
  const verdict = await limiter.charge(caller, units);
  if (verdict.allowed) return undefined;
  const message = limiter.describe(caller, verdict);
  return new GraphQLError(message, {
    originalError: new HttpException(message, HttpStatus.TOO_MANY_REQUESTS),
    extensions: { http: { status: HttpStatus.TOO_MANY_REQUESTS, headers: new Map([['retry-after', String(verdict.retryAfterSeconds)]]) } },
  });
}

/**
 * Over HTTP: refuses an operation over a limit before it runs (400; the
 * request itself was counted by the HTTP rate limit, each further mutation
 * counts one more), and answers an operation whose answer outgrew its budget
 * with that refusal alone (400), not with the part built.
 */
export function requestLimitsPlugin(limits: GraphqlRequestLimits): ApolloServerPlugin<GraphqlRequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const refusal =
            operationRefusal(limits, schema, document, operation, request.variables) ??
            (await rateRefusal(
              limits,
              limits.rateLimiter?.callerOf(contextValue.authorization, undefined),
              mutationCount(document, operation) - 1,
            ));
          if (refusal) throw refusal;
        },
        async willSendResponse({ response, contextValue }) {
          const refusal = answerRefusal(contextValue);
          if (refusal === undefined || response.body.kind !== 'single') return;
          response.body.singleResult = { errors: [formatGraphqlError(refusal.toJSON(), refusal)] };
          response.http.status = HttpStatus.BAD_REQUEST;
        },
      };
    },
  };
}
