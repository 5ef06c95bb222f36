import type { IncomingMessage, ServerResponse } from 'node:http';

import pino, { type Logger } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';

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

/**
 * One line per request once it is answered (or abandoned): method, URL, route,
 * status, time taken, request and correlation ids. Never headers or bodies:
 * they carry credentials and personal data; nor a credential sent in the query.
 */
export function requestLogging(logger: Logger): HttpLogger {
  const options: Options<IncomingMessage, ServerResponse> = {
    logger,
    genReqId: (request) => requestIdOf(request),
    customProps: (request) => ({ requestId: requestIdOf(request), correlationId: correlationIdOf(request) }),
    serializers: {
      req: (request: { method?: string; url?: string; raw?: { originalUrl?: string; url?: string } }) => ({
        method: request.method,
        url: loggedUrl(request.raw ?? request),
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) =>
      error !== undefined || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (request, response, responseTime) =>
      `${request.method} ${loggedUrl(request)} ${response.statusCode} ${Math.round(responseTime)} ms`,
    customErrorMessage: (request, response, error) => `${request.method} ${loggedUrl(request)} ${response.statusCode}: ${error.message}`,
  };
  return pinoHttp(options);
}
