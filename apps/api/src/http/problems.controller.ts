import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Public } from '../auth/access.decorators';
import { FIELD_CODE_CATALOGUE, PROBLEM_CATALOGUE, type ProblemEntry, problemEntry } from '../contract/problem-catalogue';
import { problem } from '../contract/problem-details';
import { sendProblem } from './problem-details.filter';

/**
 * The pages a problem's `type` URI names (RFC 9457 suggests it resolve to
 * documentation): each code's status and meaning, as JSON or, for a browser,
 * HTML; /problems lists them all with the field codes. Public, like /docs.
 */
@Controller('problems')
@ApiTags('problems')
@ApiProduces('application/json', 'text/html')
@Public()
export class ProblemsController {
  @ApiOperation({ operationId: 'problemTypes', summary: 'Every problem code and field code, with its status and meaning.' })
  @ApiOkResponse({ schema: { type: 'object' } })
  @Get()
  all(@Req() request: Request, @Res() response: Response): void {
    if (wantsHtml(request)) {
      const rows = PROBLEM_CATALOGUE.map(problemRow).join('');
      const fields = FIELD_CODE_CATALOGUE.map(
        ({ code, description }) => `<tr><td><code>${code}</code></td><td>${escape(description)}</td></tr>`,
      );
      page(
        response,
        'Problem types',
        `<h1>Problem types</h1><table><tr><th>code</th><th>status</th><th>meaning</th></tr>${rows}</table>` +
          `<h2>Field codes</h2><p>Each entry of a problem's <code>errors</code> has a <code>code</code> and its <code>params</code>: one of these, or a failure code above.</p>` +
          `<table><tr><th>code</th><th>meaning</th></tr>${fields.join('')}</table>`,
      );
      return;
    }
    response.json({ problems: PROBLEM_CATALOGUE, fieldCodes: FIELD_CODE_CATALOGUE });
  }

  @ApiOperation({ operationId: 'problemType', summary: 'One problem code: its status and meaning (a problem’s `type` URI).' })
  @ApiOkResponse({ schema: { type: 'object' } })
  @Get(':name')
  one(@Param('name') name: string, @Req() request: Request, @Res() response: Response): void {
    const entry = problemEntry(name);
    if (entry === undefined) {
      sendProblem(response, problem('ROUTE_NOT_FOUND', `no problem type ${name}; /problems lists them`, { instance: request.originalUrl }));
      return;
    }
    if (!wantsHtml(request)) {
      response.json(entry);
      return;
    }
    const retry = entry.retryAfterSeconds === undefined ? '' : `<p>Answered with <code>Retry-After: ${entry.retryAfterSeconds}</code>.</p>`;
    page(
      response,
      entry.code,
      `<h1><code>${entry.code}</code></h1><p>HTTP ${entry.status}</p><p>${escape(entry.description)}</p>${retry}` +
        `<p>GraphQL errors carry the same code in <code>extensions.code</code>. <a href="/problems">All problem types</a></p>`,
    );
  }
}

const wantsHtml = (request: Request): boolean => request.accepts(['application/json', 'text/html']) === 'text/html';

const problemRow = ({ type, code, status, description }: ProblemEntry): string =>
  `<tr><td><a href="${type}"><code>${code}</code></a></td><td>${status}</td><td>${escape(description)}</td></tr>`;

function page(response: Response, title: string, body: string): void {
  response
    .type('text/html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
