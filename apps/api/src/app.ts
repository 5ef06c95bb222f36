import type { LedgerStorage } from '@ledger/event-store';
import type { Clock } from '@ledger/ledger';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';

import { AppModule } from './app.module';
import type { ApiConfig } from './config';
import { problem } from './contract/problem-details';
import { refuseMisshapenDocuments } from './graphql/document-shape';
import { GRAPHQL_PATH } from './graphql/graphql-api.module';
import { applyConnectionLimits } from './http/connection-limits';
import { applyHttpHardening, refuseDeepBodies } from './http/hardening';
import { serveOpenApi } from './http/openapi';
import { bodyParserProblems, ProblemDetailsFilter, sendProblem } from './http/problem-details.filter';
import { observeRequests } from './observability/observe-requests';
import { validationPipe } from './requests/validation';

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger?: false;
  /** A store opened beforehand (main.ts opens it first, to stop with one clear line when it cannot). */
  readonly storage?: LedgerStorage;
}

/** The whole HTTP application; main.ts and the end-to-end tests build it the same way. */
export async function createApp(config: ApiConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, options.clock, options.storage ? async () => options.storage! : undefined),
    {
      bodyParser: false,
      // Logs from start-up wait for pino, which observeRequests attaches.
      ...(options.logger === false ? { logger: false } : { bufferLogs: true }),
    },
  );
  app.disable('x-powered-by');
  // The API's one kind of ETag is a stream's revision (http/revision-tag.ts); Express's body hashes would be another.
  app.set('etag', false);
  applyConnectionLimits(app.getHttpServer(), config.hardening.connections);
  observeRequests(app, { logging: options.logger !== false });
  applyHttpHardening(app, config.hardening);
  app.use(requireJsonBody);
  app.use(json({ limit: config.bodyLimitBytes }));
  app.use(bodyParserProblems(config.bodyLimitBytes));
  app.use(refuseDeepBodies);
  app.use(GRAPHQL_PATH, refuseMisshapenDocuments);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Shutdown on SIGTERM is main.ts's (observability/graceful-shutdown.ts): Nest's own hooks would close the store before the requests in flight are answered, and exit by the signal instead of 0.
  if (config.hardening.openApiDocs) serveOpenApi(app);
  return app;
}

/** Routes that read their own body (an import's file, with its own limit), checking its type once the caller is known. */
const OWN_BODY_ROUTES = new Set(['/v1/imports']);

/** A command's body is JSON; anything else is refused before it is read. */
function requireJsonBody(request: Request, response: Response, next: NextFunction): void {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (request.method === 'POST' && hasBody && !request.is('application/json') && !OWN_BODY_ROUTES.has(request.path.replace(/\/+$/, ''))) {
    return sendProblem(
      response,
      problem('UNSUPPORTED_MEDIA_TYPE', `send the body as application/json, not ${request.headers['content-type'] ?? 'an unnamed type'}`, {
        instance: request.originalUrl,
      }),
    );
  }
  next();
}
