import { applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  DocumentBuilder,
  getSchemaPath,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';

import { PROBLEM_CONTENT_TYPE, type ProblemCode, problemCodesByStatus, STATUS_OF } from '../contract/problem-details';

export const BEARER = 'bearer';

export class FieldErrorDto {
  @ApiProperty({ example: 'firstOrder.total.amount', description: 'The path of the invalid field, or the header named.' }) field!: string;
  @ApiProperty({ example: 'amount must be an integer number of minor units (e.g. 1999 for 19.99)' }) message!: string;
  @ApiPropertyOptional({
    example: 'MONEY_AMOUNT_NOT_INTEGER',
    description: 'This part’s own failure code, when the parts of one request fail differently (an import’s rows).',
  })
  code?: string;
}

/** RFC 9457 problem details as every error leaves the API. */
export class ProblemDetailsDto {
  @ApiProperty({ example: '/problems/client-not-found', description: 'A URI reference naming the problem type; one per code.' })
  type!: string;
  @ApiProperty({ example: 'Client not found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ example: 'client acme has not been won' }) detail!: string;
  @ApiProperty({
    enum: Object.keys(STATUS_OF),
    description: 'The ledger’s stable failure code; GraphQL errors carry the same in extensions.code.',
  })
  code!: ProblemCode;
  @ApiPropertyOptional({ example: '/v1/clients/acme' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each invalid field, when the problem is about fields.' })
  errors?: FieldErrorDto[];
}

const CODES_BY_STATUS = problemCodesByStatus();

/** The problem answers a route may give: each status with the codes that come with it. */
export function problemResponses(statuses: readonly number[]) {
  return statuses.map((status) =>
    ApiResponse({
      status,
      description: `Problem details; code is one of: ${(CODES_BY_STATUS.get(status) ?? []).join(', ')}`,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
    }),
  );
}

export const COMMON_PROBLEMS = [400, 401, 403, 500, 503];

/** A command route: 201 with the command answer, its headers, and every problem it can answer. */
export const ApiCommand = (answer: Type) =>
  applyDecorators(
    ApiCreatedResponse({
      type: answer,
      description: 'The event appended (or, for a retry with the same Idempotency-Key, the one appended first).',
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key and body answers the first result and appends nothing; the same key with another body is 409.',
    }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The stream revision the caller last saw, e.g. "3"; a mismatch is 412.' }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description:
        'Recorded on the event; a new one is made when absent. 1-128 letters, digits and . _ : - starting with a letter or digit; anything else is 400.',
    }),
    ...problemResponses([...COMMON_PROBLEMS, 404, 409, 412, 413, 415, 507]),
  );

/** A query route: 200 with its answer, and the problems a read can answer. */
export const ApiAnswer = (answer: Type | [Type], extraProblems: readonly number[] = []) =>
  applyDecorators(ApiOkResponse({ type: answer }), ...problemResponses([...COMMON_PROBLEMS, ...extraProblems]));

/** Every route but the public ones carries this: it wants a bearer token or API key. */
export const ApiSecured = () => applyDecorators(ApiBearerAuth(BEARER), ApiExtraModels(ProblemDetailsDto, FieldErrorDto));

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sales ledger API')
    .setVersion('1')
    .setDescription(
      [
        'An event-sourced sales ledger: every command appends an event; reports are projections of the log, live or as of any business time (`asOf`).',
        'Money is `{amount, currency}` with the amount in integer minor units; times are ISO 8601 with a zone.',
        'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`. GraphQL at `/graphql` offers the same operations.',
        'Authenticate with `Authorization: Bearer <token>`: a JWT (HS256, claims `sub` and `role`) or an API key from LEDGER_API_KEYS.',
      ].join('\n\n'),
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT or API key',
        description: 'A JWT signed with LEDGER_JWT_SECRET, or an API key.',
      },
      BEARER,
    )
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] });
}

/** Serves the document at /docs (the UI) and /docs/json. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs/json', customSiteTitle: 'Sales ledger API' });
}

/** A command that starts work and answers at once: 202 with where the work stands. */
export const ApiAccepted = (answer: Type) =>
  applyDecorators(
    ApiResponse({ status: 202, type: answer, description: 'Accepted: the work goes on in the background.' }),
    ...problemResponses([...COMMON_PROBLEMS, 404]),
  );
