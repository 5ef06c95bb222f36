import { describeStorage, type LedgerStorage, openLedgerStorage } from '@ledger/event-store';
import { type Clock, LedgerModule } from '@ledger/ledger';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';

import { AccessGuard } from './auth/access.guard';
import { Authenticator } from './auth/authenticator';
import type { ApiConfig } from './config';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { AuditController } from './http/audit.controller';
import { ClientsController } from './http/clients.controller';
import { CommissionPlansController } from './http/commission-plans.controller';
import { EmployeesController } from './http/employees.controller';
import { EventsController } from './http/events.controller';
import { CheckpointKeyController, EvidenceController } from './http/evidence.controller';
import { HealthController, STORE_DESCRIPTION } from './http/health.controller';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ImportsController } from './http/imports.controller';
import { LeadsController } from './http/leads.controller';
import { MeController } from './http/me.controller';
import { MinPositionGuard } from './http/min-position.guard';
import { PoliciesAdminController } from './http/policies-admin.controller';
import { ProblemsController } from './http/problems.controller';
import { ProjectionsAdminController, ProjectionsController } from './http/projections.controller';
import { ApiMetrics } from './observability/api-metrics';
import { ObservabilityModule } from './observability/observability.module';

@Module({})
export class AppModule {
  /** `storage` opens the ledger's store; by default the configured one (main.ts passes one it opened first). */
  static forRoot(
    config: ApiConfig,
    clock?: Clock,
    storage: () => Promise<LedgerStorage> = () => openLedgerStorage(config.storage),
  ): DynamicModule {
    const authenticator = new Authenticator({ ...config.auth, clockSkewMs: config.maxClockSkewMs });
    // One registry per app instance: the ledger reports to it, /metrics reads it.
    const metrics = new ApiMetrics();
    return {
      module: AppModule,
      imports: [
        LedgerModule.forRoot({
          storage,
          maxClockSkewMs: config.maxClockSkewMs,
          earliestOccurredAt: config.earliestOccurredAt,
          atRiskDays: config.atRiskDays,
          timeZone: config.timeZone,
          policies: config.policies,
          readWaitMs: config.readWaitMs,
          lease: { ttlMs: config.leaseTtlMs, renewMs: Math.max(200, Math.floor(config.leaseTtlMs / 5)) },
          evidence: config.evidence,
          readModelCheckIntervalMs: config.readModelCheckIntervalMs,
          clock,
          metrics,
        }),
        ObservabilityModule.forRoot(config.observability, metrics),
        TerminusModule.forRoot({ logger: false }),
        // Only its storage: the rate limit is a middleware (see http/hardening.ts), so it counts GraphQL requests once and refuses before the body is read.
        ThrottlerModule.forRoot([]),
        GraphqlApiModule.forRoot({ authenticator, production: config.auth.production, hardening: config.hardening }),
      ],
      controllers: [
        EmployeesController,
        CommissionPlansController,
        LeadsController,
        MeController,
        ClientsController,
        EventsController,
        ProjectionsController,
        ProjectionsAdminController,
        PoliciesAdminController,
        AuditController,
        EvidenceController,
        CheckpointKeyController,
        ImportsController,
        HealthController,
        ProblemsController,
      ],
      providers: [
        IdempotencyInterceptor,
        { provide: Authenticator, useValue: authenticator },
        { provide: STORE_DESCRIPTION, useValue: describeStorage(config.storage) },
        // In this order: only a caller the access guard let through may make the server wait for a log position.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: MinPositionGuard },
      ],
    };
  }
}
