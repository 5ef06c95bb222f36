import { type ImportFormat, ImportHistoryCommand, type ImportReport, ORDER_COLUMNS } from '@ledger/ledger';
import { applyDecorators, HttpException, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Operation } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { ImportQueryDto, ImportReportView } from '../contract/import';
import { adoptCorrelationId, sentCorrelationId } from '../observability/request-ids';
import { commandContextOf } from '../requests/command-options';
import { SecuredController } from './openapi';

/** The largest file one request may import (the JSON limit is for commands, not for years of history). */
export const IMPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** The import's body types: what each Content-Type is read as. */
const IMPORT_CONTENT_TYPES: Readonly<Record<string, ImportFormat>> = {
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'text/csv': 'csv',
};

const ApiImport = () =>
  applyDecorators(
    ApiConsumes(...Object.keys(IMPORT_CONTENT_TYPES)),
    ApiBody({
      description:
        'The file itself. NDJSON: one command a line, `{"type": "winClient", "occurredAt": "2024-02-10T10:00:00Z", ...the REST body and path parameters}` ' +
        '(types addEmployee, removeEmployee, setCommissionPlan, contactLead, loseLead, winClient, placeReorder, handOffClient, escalateKeyAccount, loseClient), ' +
        'or exported events as GET /v1/events gives them. CSV: orders with the header ' +
        `\`${ORDER_COLUMNS.join(',')}\` (amount in integer minor units; the first order of a client wins it, contacting its lead first; later ones are reorders), ` +
        'or the event export’s CSV.',
      schema: { type: 'string' },
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description:
        'Recorded on every event appended; by default one derived from the file. 1-128 letters, digits and . _ : - starting with a letter or digit.',
    }),
    ApiCreatedResponse({ type: ImportReportView, description: 'Events were appended.' }),
    ApiOkResponse({
      type: ImportReportView,
      description: 'Nothing new to append: the ledger held every event of the file already (or, with skipInvalid, no row was valid).',
    }),
  );

/** Years of another system's history, brought in as one file: every row checked before anything is appended. */
@SecuredController('v1/imports', 'imports')
export class ImportsController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Every row is validated (its shape, then the ledger's rules, against the
   * ledger and the rows before it) before anything is appended: any invalid row
   * refuses the whole file with 422 IMPORT_INVALID listing each, unless
   * skipInvalid=true. Importing the same file again appends nothing.
   */
  @ApiImport()
  @Operation('importHistory')
  @Post()
  async import(
    @Req() request: AuthenticatedRequest,
    @Query() query: ImportQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportReport> {
    // The access guard has run: the body is read only for an admin.
    const format = importFormatOf(request);
    const content = await readBody(request, IMPORT_BODY_LIMIT_BYTES);
    const correlationHeader = sentCorrelationId(request);
    const { actor, correlationId } = commandContextOf(request.principal, { correlationId: correlationHeader });
    const report = await this.commands.execute(
      new ImportHistoryCommand(
        { content, format, skipInvalid: query.skipInvalid === 'true' },
        { actor, correlationId: correlationHeader && correlationId },
      ),
    );
    response.status(report.applied > 0 ? HttpStatus.CREATED : HttpStatus.OK);
    adoptCorrelationId(request, response, report.correlationId);
    return report;
  }
}

function importFormatOf(request: Request): ImportFormat {
  const type = request.is(Object.keys(IMPORT_CONTENT_TYPES));
  const charset = /;\s*charset=([^;\s]+)/i
    .exec(request.headers['content-type'] ?? '')?.[1]
    ?.replace(/"/g, '')
    .toLowerCase();
  const encoding = request.headers['content-encoding'];
  if (
    typeof type !== 'string' ||
    (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') ||
    (encoding !== undefined && encoding !== 'identity')
  ) {
    throw new HttpException(
      `send the file as ${Object.keys(IMPORT_CONTENT_TYPES).join(' or ')} in UTF-8, uncompressed; got ${request.headers['content-type'] ?? 'no Content-Type'}` +
        `${encoding !== undefined && encoding !== 'identity' ? ` with Content-Encoding ${encoding}` : ''}`,
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  return IMPORT_CONTENT_TYPES[type]!;
}

/** The raw body, refused with 413 past the limit (stated or streamed); the rest of a refused body is drained, so the answer arrives. */
function readBody(request: Request, limitBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpException(
      `the file exceeds ${limitBytes} bytes; split it (importing in parts gives the same ledger)`,
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) {
    request.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = (error: Error) => {
      refused = true;
      chunks.length = 0;
      reject(error);
    };
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limitBytes) refuse(tooLarge());
      else chunks.push(chunk);
    });
    request.on('end', () => refused || resolve(Buffer.concat(chunks)));
    request.on('error', (error) => refused || refuse(error));
  });
}
