import type { OpenAPIObject } from '@nestjs/swagger';

import { problemsOf } from '../contract/operation-problems';
import { PROBLEM_CONTENT_TYPE, problemCodesByStatus, problemType, RETRY_AFTER_SECONDS } from '../contract/problem-details';

type Responses = Record<string, { description?: string; headers?: Record<string, unknown>; content?: unknown }>;

/** What every answer carries (observability/request-ids.ts, the rate limit). */
const EVERY_ANSWER_HEADERS = {
  'X-Request-Id': {
    description: 'The request’s id (a proxy’s, or a new one); problem details carry it as requestId.',
    schema: { type: 'string' },
  },
  'X-Correlation-Id': { description: 'The correlation id recorded on the events the request appends.', schema: { type: 'string' } },
};
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests per minute allowed to the caller.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current minute.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the minute starts anew.', schema: { type: 'integer' } },
};
const RETRY_AFTER_HEADER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };
const REVISION_HEADER = {
  ETag: { description: 'The stream’s current revision: read again, then send it in If-Match.', schema: { type: 'string' } },
};

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Each operation's problem answers, from its list of failure codes
 * (contract/operation-problems.ts): one answer per status, naming its codes
 * (also as `x-problem-codes`, for generators) and linking their pages; the
 * headers each answer carries. Operations are those @Operation names (their
 * operationId); public routes keep what they declare.
 */
export function withProblemsAndHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = path[method];
      if (operation === undefined) continue;
      const responses = operation.responses as Responses;
      for (const [status, response] of Object.entries(responses))
        if (status.startsWith('2')) response.headers = { ...EVERY_ANSWER_HEADERS, ...RATE_LIMIT_HEADERS, ...response.headers };
      if (operation.operationId === undefined || operation.security === undefined) continue;
      const codes = problemsOf(operation.operationId, { writes: method !== 'get' });
      for (const [status, ofStatus] of [...problemCodesByStatus(codes)].sort(([a], [b]) => a - b)) {
        const retries = ofStatus.some((code) => RETRY_AFTER_SECONDS[code] !== undefined) || status === 429;
        responses[String(status)] = {
          description: `Problem details; code is one of: ${ofStatus.map((code) => `[${code}](${problemType(code)})`).join(', ')}`,
          headers: {
            ...EVERY_ANSWER_HEADERS,
            ...(retries ? RETRY_AFTER_HEADER : {}),
            ...(status === 412 ? REVISION_HEADER : {}),
          },
          content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
          'x-problem-codes': ofStatus,
        } as Responses[string];
      }
    }
  }
  return document;
}
