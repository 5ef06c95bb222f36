import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

import { ApiMetrics } from './api-metrics';
import { GracefulShutdown } from './graceful-shutdown';
import { createRootLogger } from './logging';
import { MetricsController } from './metrics.controller';
import type { ObservabilityConfig } from './observability-config';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const OBSERVABILITY_CONFIG = Symbol('OBSERVABILITY_CONFIG');

/** Logs, metrics, readiness and shutdown of one API instance. */
@Module({})
export class ObservabilityModule {
  /** `metrics` is the instance the ledger reports to as well (one per app instance). */
  static forRoot(config: ObservabilityConfig, metrics: ApiMetrics): DynamicModule {
    const logger: Logger = createRootLogger(config);
    return {
      module: ObservabilityModule,
      global: true,
      // pino-http is mounted first in createApp, so even a refused body is logged. nestjs-pino only lends Nest its Logger here:
      // its own per-request middleware would be mounted as a catch-all Express route, which every route listing would show.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] })],
      controllers: [MetricsController],
      providers: [
        { provide: ApiMetrics, useValue: metrics },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: OBSERVABILITY_CONFIG, useValue: config },
        GracefulShutdown,
      ],
      exports: [ApiMetrics, ROOT_LOGGER, OBSERVABILITY_CONFIG, GracefulShutdown],
    };
  }
}
