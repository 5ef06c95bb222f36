import type { IncomingMessage, ServerResponse } from 'node:http';

import pino, { type Logger } from 'pino';

import { redactUrl } from '../http/redact-url';
import type { ObservabilityConfig } from './observability-config';
import { correlationIdOf, requestIdOf } from './request-ids';

/**
 * The process's one logger: JSON lines on stdout for collectors, or pino-pretty's
 * lines for people. Both write synchronously, in this thread, so nothing told
 * before an exit is lost and no worker thread outlives a shutdown.
 */
export function createRootLogger(config: Pick<ObservabilityConfig, 'logLevel' | 'logFormat'>): Logger {
  const options = { level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (config.logFormat === 'json')
    return pino({ ...options, formatters: { level: (label) => ({ level: label }) } }, pino.destination({ fd: 1, sync: true }));
  // Loaded only when chosen: a JSON-logging server does not carry the pretty printer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      messageFormat: '{if context}[{context}] {end}{msg}{if correlationId} (request {requestId}, correlation {correlationId}){end}',
      ignore: 'context,req,res,responseTime,requestId,correlationId',
    }),
  );
}

/** The URL as the client sent it (Express rewrites `url` inside routers), credentials in its query redacted. */
const loggedUrl = (request: { url?: string; originalUrl?: string }): string => redactUrl(request.originalUrl ?? request.url ?? '');

/** What a request's line is: the request's own middleware signature; `next` is absent when called outside Express (tests). */
export type RequestLogging = (request: IncomingMessage, response: ServerResponse, next?: () => void) => void;

/**
 * One line per request once it is answered (or abandoned): method, URL, route,
 * status, time taken, request and correlation ids. Never headers or bodies:
 * they carry credentials and personal data; nor a credential sent in the query.
 *
 * The line is pino-http's as this API configured it (the same keys in the same
 * order: `req`, `requestId`, `correlationId`, `res`, `err` on a 5xx,
 * `responseTime`, `msg`), written here directly: pino-http made two child
 * loggers and serialised the whole request for each request, even when the
 * level dropped the line, a tenth of an empty route's CPU.
 */
export function requestLogging(logger: Logger): RequestLogging {
  return (request, response, next) => {
    const started = Date.now();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const status = response.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Date.now() - started;
      const url = loggedUrl(request as IncomingMessage & { originalUrl?: string });
      const line = { req: { method: request.method, url }, requestId: requestIdOf(request), correlationId: correlationIdOf(request) };
      if (status >= 500) {
        const error = new Error(`failed with status code ${status}`);
        logger[level](
          { ...line, res: { statusCode: status }, err: error, responseTime },
          `${request.method} ${url} ${status}: ${error.message}`,
        );
      } else {
        logger[level](
          { ...line, res: { statusCode: status }, responseTime },
          `${request.method} ${url} ${status} ${Math.round(responseTime)} ms`,
        );
      }
    };
    response.on('finish', done);
    response.on('close', done);
    next?.();
  };
}
