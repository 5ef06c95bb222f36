import { applyDecorators, Controller, type INestApplication, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';

import { type ProblemCode, STATUS_OF } from '../contract/problem-details';
import { EXPORT_CHAIN_HEADERS } from './export-chain-headers';
import { IDEMPOTENT_REPLAYED_HEADER } from './idempotency.interceptor';
import { withProblemsAndHeaders } from './openapi-problems';

export const BEARER = 'bearer';

export class FieldErrorDto {
  @ApiProperty({
    example: 'firstOrder.total.amount',
    description: 'The invalid field as the transport names it (GraphQL: under its argument, input.total.amount), or the header named.',
  })
  field!: string;
  @ApiProperty({
    example: 'firstOrder.total.amount',
    description:
      'The field relative to the input (the body; a GraphQL mutation’s input), the same on REST and GraphQL: what a form matches.',
  })
  path!: string;
  @ApiProperty({ example: 'amount must be an integer number of minor units (e.g. 1999 for 19.99)' }) message!: string;
  @ApiProperty({
    example: 'TOO_LONG',
    description:
      'What is wrong with this field: a field code (REQUIRED, TOO_LONG, …; see /problems) or the failure code of the ledger’s rule or import row that refused it.',
  })
  code!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { max: 200 },
    description: 'The figures of the field code (max, min, allowed, pattern, expected), to build a translated message.',
  })
  params!: Record<string, unknown>;
}

/** RFC 9457 problem details as every error leaves the API. */
export class ProblemDetailsDto {
  @ApiProperty({
    example: '/problems/client-not-found',
    description: 'A URI reference naming the problem type, one per code; it answers a page describing the problem.',
  })
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
  @ApiPropertyOptional({ example: '6c1d…', description: 'The request’s X-Request-Id, to quote when reporting the problem.' })
  requestId?: string;
}

/** The header a revision-tagged answer carries: the stream revision to send back in If-Match. */
const ETAG_HEADER = { ETag: { description: 'The stream’s revision, e.g. "3": send it back in If-Match.', schema: { type: 'string' } } };

/** A command route: 201 with the command answer, its headers; its problem answers come from its operation's list (openapi-problems.ts). */
export const ApiCommand = (answer: Type) =>
  applyDecorators(
    ApiCreatedResponse({
      type: answer,
      description: 'The event appended (or, for a retry with the same Idempotency-Key, the one appended first).',
      headers: {
        ...ETAG_HEADER,
        [IDEMPOTENT_REPLAYED_HEADER]: {
          description: '`true` when this is the answer of an earlier request with the same Idempotency-Key: nothing was appended now.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
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
  );

/** The headers an export names its place in the hash chain with (export-chain-headers.ts). */
const EXPORT_CHAIN_HEADER_DOCS = {
  [EXPORT_CHAIN_HEADERS.startHash]: {
    description:
      'NDJSON and CSV exports of an unfiltered range: the chain hash of the event just before the first exported (the genesis hash, 64 zeros, from the start of the log).',
    schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  [EXPORT_CHAIN_HEADERS.headPosition]: {
    description:
      'NDJSON and CSV exports of an unfiltered range: the position of the last event the export ends at (for an empty range, its start).',
    schema: { type: 'integer', minimum: 0 },
  },
  [EXPORT_CHAIN_HEADERS.headHash]: {
    description:
      'NDJSON and CSV exports of an unfiltered range: the chain hash at the head position; recomputing each exported event’s hash from the start hash must end at it.',
    schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
};

/** The headers a query route's answer carries beside those of every answer. */
export interface AnswerHeaders {
  /** The stream's revision as ETag. */
  readonly revisionTag?: boolean;
  /** Where an export stands in the hash chain. */
  readonly exportChain?: boolean;
}

/** A query route: 200 with its answer and the headers `options` name; its problems as for a command. */
export const ApiAnswer = (answer: Type | [Type], { revisionTag = false, exportChain = false }: AnswerHeaders = {}) => {
  const headers = { ...(revisionTag ? ETAG_HEADER : {}), ...(exportChain ? EXPORT_CHAIN_HEADER_DOCS : {}) };
  return ApiOkResponse({ type: answer, ...(Object.keys(headers).length > 0 ? { headers } : {}) });
};

/** Every route but the public ones carries this: it wants a bearer token or API key. */
export const ApiSecured = () => applyDecorators(ApiBearerAuth(BEARER), ApiExtraModels(ProblemDetailsDto, FieldErrorDto));

/** A controller of routes behind credentials: served under `path`, grouped under `tag` in the OpenAPI document, which says they want a token. */
export const SecuredController = (path: string, tag: string) => applyDecorators(Controller(path), ApiTags(tag), ApiSecured());

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
  return withProblemsAndHeaders(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] }));
}

/** Serves the document at /docs (the UI) and /docs/json. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs/json', customSiteTitle: 'Sales ledger API' });
}

/** A command that starts work and answers at once: 202 with where the work stands. */
export const ApiAccepted = (answer: Type) =>
  ApiResponse({ status: 202, type: answer, description: 'Accepted: the work goes on in the background.' });
