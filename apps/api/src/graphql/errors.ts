import { ledgerFailureOf } from '@ledger/ledger';
import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

import { failureProblem, problem, type ProblemCode, type ProblemDetails, RETRY_AFTER_SECONDS } from '../contract/problem-details';
import { RequestValidationError } from '../requests/validation';
import { FIELD_ERRORS_EXTENSION, relativeToInput } from './input-errors';

const logger = new Logger('GraphQL');

/** Apollo Server's words (requestPipeline) for a persisted query sent with its text and a hash of another text. */
const PERSISTED_QUERY_HASH_MISMATCH_MESSAGE = 'provided sha does not match query';

/** What an unexpected failure tells the client; the real error goes to the log. */
const INTERNAL_ERROR_DETAIL = 'the server failed to answer this request; it has been logged';

/**
 * Every error leaves GraphQL with the code it has over REST, mapped once here:
 * the ledger's failures and request validation as problem details in
 * `extensions` (code, status, type, title, and `errors` per field); GraphQL's
 * own errors (parse, validation, bad variables, the query limits) keep their
 * codes; anything else is INTERNAL_ERROR with a generic message. Nothing but
 * message, locations, path and these extensions leaves, so never a stack trace.
 * Serves Apollo's formatError (HTTP) and the websocket transport alike.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  const cause = innermostCause(error);
  const refusal = refusalProblem(cause);
  if (refusal) return fromProblem(refusal, where);
  // Apollo answers a persisted query whose hash is not its text's without a code (so as an internal error); it is the client's.
  if (formatted.message === PERSISTED_QUERY_HASH_MISMATCH_MESSAGE)
    return { message: formatted.message, ...where, extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } };
  if (cause instanceof HttpException && HTTP_STATUS_CODES[cause.getStatus()]) {
    return fromProblem(problem(HTTP_STATUS_CODES[cause.getStatus()]!, cause.message), where);
  }
  // Our own limit errors carry their code; graphql-js and Apollo errors have theirs on the formatted error.
  const ownCode = cause instanceof GraphQLError ? cause.extensions.code : undefined;
  const code = typeof ownCode === 'string' ? ownCode : formatted.extensions?.code;
  // A refused input value carries its per-field errors (input-errors.ts), as a refused request rule does.
  const fields = formatted.extensions?.[FIELD_ERRORS_EXTENSION];
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')
    return {
      message: formatted.message,
      ...where,
      extensions: { code, ...(Array.isArray(fields) ? { [FIELD_ERRORS_EXTENSION]: fields } : {}) },
    };

  logger.error(cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
  return fromProblem(problem('INTERNAL_ERROR', INTERNAL_ERROR_DETAIL), where);
}

/**
 * A refusal of the request as problem details: a failure of the ledger (its
 * rules, access by the data, a conflict) or of the request's own rules
 * (VALIDATION_FAILED, each field in `errors`); undefined for anything else.
 * Mutations answer the same problems as `userErrors` (payload/user-errors.ts).
 */
export function refusalProblem(cause: unknown): ProblemDetails | undefined {
  const failure = ledgerFailureOf(cause);
  if (failure) return failureProblem(failure);
  if (cause instanceof RequestValidationError)
    return problem('VALIDATION_FAILED', cause.message, { errors: relativeToInput(cause.errors) });
  return undefined;
}

/** Errors thrown in the app that Nest raised as HTTP exceptions (a pipe, a parser). */
const HTTP_STATUS_CODES: Partial<Record<number, ProblemCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
};

function fromProblem(
  { detail, code, status, type, title, errors }: ProblemDetails,
  where: Partial<GraphQLFormattedError>,
): GraphQLFormattedError {
  // What REST says in its Retry-After header (one GraphQL answer may carry several errors, so it is said per error).
  const retryAfter = RETRY_AFTER_SECONDS[code as ProblemCode];
  return {
    message: detail,
    ...where,
    extensions: {
      code,
      status,
      type,
      title,
      ...(errors ? { errors } : {}),
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    },
  };
}

/** graphql-js and Apollo wrap what a resolver threw (sometimes twice); the innermost is what it was. */
export function innermostCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return cause;
}
