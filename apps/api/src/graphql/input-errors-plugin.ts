import type { ApolloServerPlugin } from '@apollo/server';
import { HttpStatus } from '@nestjs/common';
import { GraphQLError } from 'graphql';

import type { GraphqlRequestContext } from '../auth/access.guard';
import { FIELD_ERRORS_EXTENSION, literalErrors, variableErrors } from './input-errors';

/**
 * GraphQL's own refusals of input values get the per-field shape of the
 * request rules (input-errors.ts): a literal argument's, added to
 * graphql-js's validation error; the variables', checked before the
 * operation runs and answered 400 BAD_USER_INPUT with every invalid field
 * (graphql-js would name only the first, in prose).
 */
export function inputErrorsPlugin(): ApolloServerPlugin<GraphqlRequestContext> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart({ schema, document }) {
          return async (errors) => {
            if (!errors?.length) return;
            const graphqlErrors = errors.filter((error): error is GraphQLError => error instanceof GraphQLError);
            for (const [error, fieldErrors] of literalErrors(schema, document, graphqlErrors))
              (error.extensions as Record<string, unknown>)[FIELD_ERRORS_EXTENSION] = fieldErrors;
          };
        },
        async didResolveOperation({ schema, operation, request }) {
          const refused = operation && variableErrors(schema, operation, request.variables);
          if (refused === undefined) return;
          throw new GraphQLError(refused.message, {
            nodes: operation,
            extensions: { code: 'BAD_USER_INPUT', [FIELD_ERRORS_EXTENSION]: refused.errors, http: { status: HttpStatus.BAD_REQUEST } },
          });
        },
      };
    },
  };
}

/** Every error of an answer carries the request's id (`extensions.requestId`), as REST's problems do; the last plugin, to see every error. */
export function requestIdPlugin(): ApolloServerPlugin<GraphqlRequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const requestId = contextValue?.requestId;
          if (requestId === undefined || response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (errors?.length)
            response.body.singleResult.errors = errors.map((error) => ({ ...error, extensions: { ...error.extensions, requestId } }));
        },
      };
    },
  };
}
