import type { NestExpressApplication } from '@nestjs/platform-express';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

import { Authenticator } from '../auth/authenticator';
import { problem, type ProblemDetails } from '../contract/problem-details';
import type { HttpHardeningConfig } from '../edge/hardening-config';
import { RateLimiter } from '../edge/rate-limit';
import { GRAPHQL_PATH } from '../graphql/graphql-api.module';
import { requestIdOf } from '../observability/request-ids';
import { EXPORT_CHAIN_HEADERS } from './export-chain-headers';
import { IDEMPOTENT_REPLAYED_HEADER } from './idempotency.interceptor';
import { sendProblem } from './problem-details.filter';

/** Headers of an answer a browser script may read beside the simple ones: every header the API answers with. */
const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  IDEMPOTENT_REPLAYED_HEADER,
  'X-Request-Id',
  'X-Correlation-Id',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  ...Object.values(EXPORT_CHAIN_HEADERS),
];

/**
 * Security headers, CORS, the rate limit and the request timeout, ahead of
 * every route. Install before the body parser: a refused request is not read.
 */
export function applyHttpHardening(app: NestExpressApplication, config: HttpHardeningConfig): void {
  app.use(securityHeaders());
  app.enableCors({
    // `false` answers no Access-Control-* headers at all: browsers refuse cross-origin reads.
    origin: config.corsOrigins === 'none' ? false : config.corsOrigins === '*' ? '*' : [...config.corsOrigins],
    allowedHeaders: [...config.corsAllowedHeaders],
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  if (config.rateLimitPerMinute > 0)
    app.use(rateLimit(new RateLimiter(app.get<ThrottlerStorage>(getStorageToken()), config.rateLimitPerMinute, app.get(Authenticator))));
  app.use(requestTimeout(config.requestTimeoutMs));
}

/** Swagger UI and GraphiQL are pages with scripts and styles of their own (GraphiQL's from a CDN); the API's answers are data only. */
const PAGE_PREFIXES = ['/docs', GRAPHQL_PATH];

function securityHeaders() {
  const forData = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const forPages = helmet({
    contentSecurityPolicy: {
      directives: {
        scriptSrc: [
          "'self'",
          "'unsafe-inline'",
          'https://unpkg.com',
          'https://esm.sh',
          'https://cdn.jsdelivr.net',
          'https://embeddable-sandbox.cdn.apollographql.com',
        ],
        styleSrc: [
          "'self'",
          "'unsafe-inline'",
          'https://unpkg.com',
          'https://esm.sh',
          'https://cdn.jsdelivr.net',
          'https://fonts.googleapis.com',
        ],
        fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com', 'https://esm.sh', 'https://unpkg.com'],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'", 'https://esm.sh', 'https://unpkg.com'],
        workerSrc: ["'self'", 'blob:'],
      },
    },
    // GraphiQL loads its modules from a CDN, which sends no Cross-Origin-Resource-Policy.
    crossOriginEmbedderPolicy: false,
  });
  return (request: Request, response: Response, next: NextFunction) =>
    (PAGE_PREFIXES.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`)) ? forPages : forData)(
      request,
      response,
      next,
    );
}

/**
 * Each request is one unit of its caller's minute (see RateLimiter), for
 * every path but /health, /health/live and /health/ready (probes must see a
 * busy server as up). Counted before the body is read; GraphQL counts its
 * further mutations itself. GraphQL gets its error shape, everything else
 * problem details.
 */
function rateLimit(limiter: RateLimiter) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/health' || request.path.startsWith('/health/')) return next();
    const caller = limiter.callerOf(request.headers.authorization, request.ip ?? request.socket.remoteAddress ?? 'unknown')!;
    limiter.charge(caller).then((verdict) => {
      if (!verdict.allowed) {
        response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
        return answer(
          request,
          response,
          problem('TOO_MANY_REQUESTS', limiter.describe(caller, verdict), { instance: request.originalUrl }),
        );
      }
      response.setHeader('X-RateLimit-Limit', String(limiter.perMinute));
      response.setHeader('X-RateLimit-Remaining', String(verdict.remaining));
      response.setHeader('X-RateLimit-Reset', String(verdict.resetSeconds));
      next();
    }, next);
  };
}

/** Routes that legitimately run long: the streamed export (by the Accept header) and imports of large files. */
function mayRunLong(request: Request): boolean {
  const path = request.path.replace(/\/+$/, '');
  if (path === '/v1/imports' || path === '/v1/admin/projections/check') return true;
  return path === '/v1/events' && request.accepts(['application/json', 'application/x-ndjson', 'text/csv']) !== 'application/json';
}

/**
 * A request not answered in time gets 503 REQUEST_TIMEOUT and the connection
 * keeps no half answer. The handler may still finish its work: a command
 * retried with the same Idempotency-Key then answers its result, never twice.
 */
function requestTimeout(timeoutMs: number) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (mayRunLong(request)) return next();
    const timer = setTimeout(() => {
      if (response.headersSent) return;
      answer(
        request,
        response,
        problem(
          'REQUEST_TIMEOUT',
          `the request was not answered within ${timeoutMs} ms; a command may still complete: retry it with the same Idempotency-Key`,
          { instance: request.originalUrl },
        ),
      );
      // The late answer of the handler goes nowhere rather than failing on headers already sent.
      silence(response);
    }, timeoutMs);
    timer.unref();
    response.once('finish', () => clearTimeout(timer));
    response.once('close', () => clearTimeout(timer));
    next();
  };
}

function silence(response: Response): void {
  const ignore = () => response;
  Object.assign(response, {
    setHeader: ignore,
    writeHead: ignore,
    write: () => true,
    end: ignore,
    status: ignore,
    type: ignore,
    send: ignore,
    json: ignore,
  });
}

/** Deeper than any body of the API (an import row nests 3); far below what recursive validation and hashing survive. */
export const MAX_BODY_DEPTH = 32;

/** Refuses a parsed JSON body nested deeper than MAX_BODY_DEPTH, measured without recursion. */
export function refuseDeepBodies(request: Request, response: Response, next: NextFunction): void {
  if (typeof request.body !== 'object' || request.body === null) return next();
  const pending: [unknown, number][] = [[request.body, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (depth > MAX_BODY_DEPTH) {
      return answer(
        request,
        response,
        problem('VALIDATION_FAILED', `the request body nests deeper than ${MAX_BODY_DEPTH} levels`, { instance: request.originalUrl }),
      );
    }
    for (const child of Object.values(value as object)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  next();
}

/** GraphQL clients read `errors[].extensions.code`; the rest read problem details. */
function answer(request: Request, response: Response, body: ProblemDetails): void {
  if (request.path === GRAPHQL_PATH) {
    response
      .status(body.status)
      .type('application/json')
      .send(
        JSON.stringify({
          errors: [
            {
              message: body.detail,
              extensions: { code: body.code, status: body.status, type: body.type, title: body.title, requestId: requestIdOf(request) },
            },
          ],
        }),
      );
    return;
  }
  sendProblem(response, body);
}
