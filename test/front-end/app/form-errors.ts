import { CombinedGraphQLErrors } from '@apollo/client';

import { type FieldErrors, NO_CODE } from './contract';

/**
 * A field error as both transports carry it: REST in the problem's `errors`, GraphQL in `extensions.errors`.
 * `path` is relative to the input (the form's own field names); `field` names it as the request did
 * (on GraphQL with the argument, `input.total.amount`), for answers that give no `path`.
 */
interface FieldErrorOnTheWire {
  field: string;
  path?: string;
  code?: string;
}

function fieldErrorsOf(errors: readonly FieldErrorOnTheWire[] | undefined): FieldErrors {
  return Object.fromEntries((errors ?? []).map(({ field, path, code }) => [path ?? field, code ?? NO_CODE]));
}

/** The field errors of a REST problem+json answer. */
export function fieldErrorsFromProblem(problem: { errors?: readonly FieldErrorOnTheWire[] }): FieldErrors {
  return fieldErrorsOf(problem.errors);
}

/** The field errors of a failed GraphQL operation, from every error's extensions. */
export function fieldErrorsFromGraphql(error: unknown): FieldErrors {
  if (!CombinedGraphQLErrors.is(error)) throw error;
  return Object.assign(
    {},
    ...error.errors.map((graphqlError) => fieldErrorsOf(graphqlError.extensions?.errors as FieldErrorOnTheWire[] | undefined)),
  ) as FieldErrors;
}
