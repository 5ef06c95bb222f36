import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

import { type ProblemCode, type ProblemDetails, STATUS_OF } from '../../contract/problem-details';
import { innermostCause, refusalProblem } from '../errors';

/** The argument a mutation's form fields come in: a field's path is given relative to it. */
const INPUT_ARGUMENT = 'input';

@ObjectType('UserError', {
  description:
    'Why a mutation refused its input, one entry per invalid field (or one for the command as a whole): the same code and parameters as the problem details of the top-level error and the REST answer.',
})
export class UserErrorView {
  @Field(() => [String], {
    nullable: true,
    description:
      "The field's path relative to the mutation's `input` (['total', 'amount']); another argument by its name (['clientId']); null when the refusal concerns the command as a whole (e.g. CLIENT_LOST).",
  })
  field!: string[] | null;

  @Field(() => String, {
    description: "The field's own code when it has one, else the refusal's code (e.g. VALIDATION_FAILED, CLIENT_LOST).",
  })
  code!: string;

  @Field(() => String) message!: string;

  @Field(() => GraphQLJSONObject, { description: 'The figures the message is made of (e.g. {"max": 200}), for a translated message.' })
  params!: Record<string, unknown>;
}

/** A field error as the problem's `errors` carry it; `path` and `params` where the request rules give them. */
interface ProblemFieldError {
  readonly field: string;
  readonly message: string;
  readonly code?: string;
  readonly path?: string;
  readonly params?: Record<string, unknown>;
}

/**
 * The problem details a mutation's refusal stands for, if it is the caller's
 * to fix (a 4xx): the request's rules or the ledger's. Anything else (the
 * store down, a fault) stays a top-level error only.
 */
export function refusalOf(error: unknown): ProblemDetails | undefined {
  const problem = refusalProblem(innermostCause(error));
  const status = problem === undefined ? undefined : STATUS_OF[problem.code as ProblemCode];
  return status !== undefined && status >= 400 && status < 500 ? problem : undefined;
}

/** The one conversion of a refusal's problem details into userErrors: each invalid field, or the refusal itself. */
export function userErrorsOf(problem: ProblemDetails): UserErrorView[] {
  const fields = (problem.errors ?? []) as readonly ProblemFieldError[];
  if (fields.length === 0) return [{ field: null, code: problem.code, message: problem.detail, params: {} }];
  return fields.map((error) => ({
    field: pathOf(error).split('.'),
    code: error.code ?? problem.code,
    message: error.message,
    params: error.params ?? {},
  }));
}

/** The field relative to the input (REST names it so already; GraphQL's request rules name it under `input.`). */
const pathOf = ({ field, path }: ProblemFieldError): string =>
  path ?? (field.startsWith(`${INPUT_ARGUMENT}.`) ? field.slice(INPUT_ARGUMENT.length + 1) : field);
