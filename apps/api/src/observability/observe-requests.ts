import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';

import { ApiMetrics } from './api-metrics';
import { GracefulShutdown } from './graceful-shutdown';
import { requestLogging } from './logging';
import { ROOT_LOGGER } from './observability.module';
import { assignRequestIds } from './request-ids';

/**
 * Mounted before every other middleware, so each request (a refused body, a
 * path no route serves) gets its ids, its timing and its log line; the Nest
 * loggers then write through pino too. `logging: false` keeps tests quiet.
 */
export function observeRequests(app: NestExpressApplication, { logging }: { logging: boolean }): void {
  const shutdown = app.get(GracefulShutdown);
  shutdown.track(app.getHttpServer());
  app.use(assignRequestIds);
  app.use(app.get(ApiMetrics).timeRequests);
  if (logging) {
    app.use(requestLogging(app.get<PinoLogger>(ROOT_LOGGER)));
    app.useLogger(app.get(Logger));
  }
  app.use(shutdown.admit);
}
