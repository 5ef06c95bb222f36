import type { IncomingMessage } from 'node:http';

import { ledgerFailureOf } from '@ledger/ledger';
import { ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import {
  failureProblem,
  problem,
  PROBLEM_CONTENT_TYPE,
  type ProblemCode,
  type ProblemDetails,
  RETRY_AFTER_SECONDS,
  type TransportProblemCode,
} from '../contract/problem-details';
import { requestIdOf } from '../observability/request-ids';
import { RequestValidationError } from '../requests/validation';
import { redactUrl } from './redact-url';
import { revisionTag } from './revision-tag';

/** Every error leaves as problem details; the ledger's codes are mapped once, here. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): unknown {
    // GraphQL answers its errors in the response body; its error formatter maps them to the same codes.
    if (host.getType<'http' | 'graphql'>() !== 'http') return error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = this.toProblem(error, request.originalUrl, response);
    // RFC 9110: a 401 names the scheme the client should use.
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="sales-ledger"');
    sendProblem(response, body);
  }

  private toProblem(error: unknown, instance: string, response: Response): ProblemDetails {
    const failure = ledgerFailureOf(error);
    if (failure) {
      // A 412 names the revision the stream is at, as the ETag to send back once the client has looked again.
      if (failure.revision !== undefined) response.setHeader('ETag', revisionTag(failure.revision));
      return failureProblem(failure, { instance });
    }
    if (error instanceof RequestValidationError) {
      return problem('VALIDATION_FAILED', error.message, { instance, errors: error.errors });
    }
    if (error instanceof HttpException) {
      const code = TRANSPORT_CODE_OF_STATUS[error.getStatus()];
      // Nest's own 404 ("Cannot GET <url>") repeats the URL: redacted like the instance.
      if (code) return problem(code, httpExceptionDetail(error).split(instance).join(redactUrl(instance)), { instance });
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return problem('INTERNAL_ERROR', 'the server failed to answer this request; it has been logged', { instance });
  }
}

const TRANSPORT_CODE_OF_STATUS: Partial<Record<number, TransportProblemCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.NOT_FOUND]: 'ROUTE_NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'BODY_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

function httpExceptionDetail(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  if ((error.getStatus() as HttpStatus) === HttpStatus.SERVICE_UNAVAILABLE)
    return `not ready: ${JSON.stringify((body as { error?: unknown }).error ?? body)}`;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}

export function sendProblem(response: Response, body: ProblemDetails): void {
  const retryAfter = RETRY_AFTER_SECONDS[body.code as ProblemCode];
  if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
  // For the request metrics (observability/api-metrics.ts), which count the answers of database faults.
  response.locals.problemCode = body.code;
  response
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(withRequestId(body, response.req)));
}

/** The request's id in the body too, as X-Request-Id says in the headers. */
export const withRequestId = (body: ProblemDetails, request: IncomingMessage): ProblemDetails => {
  const requestId = requestIdOf(request);
  return requestId === '' ? body : { ...body, requestId };
};

/**
 * Express middleware errors (the JSON body parser) happen before Nest's
 * filters can see them; this turns them into the same problem details.
 */
export function bodyParserProblems(limitBytes: number) {
  return (error: { type?: string; status?: number; message?: string }, request: Request, response: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      return sendProblem(
        response,
        problem('BODY_TOO_LARGE', `the request body exceeds ${limitBytes} bytes`, { instance: request.originalUrl }),
      );
    }
    if (error.type === 'entity.parse.failed') {
      return sendProblem(
        response,
        problem('MALFORMED_JSON', `the request body is not valid JSON: ${error.message}`, { instance: request.originalUrl }),
      );
    }
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
      return sendProblem(
        response,
        problem('UNSUPPORTED_MEDIA_TYPE', error.message ?? 'unsupported encoding', { instance: request.originalUrl }),
      );
    }
    // Any other fault of the body as sent (a Content-Encoding it does not have, a length it does not match) is the client's.
    if (error.status !== undefined && error.status >= 400 && error.status < 500) {
      return sendProblem(
        response,
        problem('MALFORMED_JSON', `the request body could not be read: ${error.message ?? 'malformed'}`, { instance: request.originalUrl }),
      );
    }
    return next(error);
  };
}
