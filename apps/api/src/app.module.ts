import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { openLedgerStorage, type LedgerStorage } from '@ledger/event-store';
import { LedgerModule, type Clock } from '@ledger/ledger';
import { AccessGuard } from './auth/access.guard';
import { Authenticator } from './auth/authenticator';
import type { ApiConfig } from './config';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { AuditController } from './http/audit.controller';
import { ClientsController } from './http/clients.controller';
import { CommissionPlansController } from './http/commission-plans.controller';
import { EmployeesController } from './http/employees.controller';
import { EventsController } from './http/events.controller';
import { HealthController } from './http/health.controller';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ImportsController } from './http/imports.controller';
import { LeadsController } from './http/leads.controller';
import { PoliciesAdminController, ProjectionsAdminController, ProjectionsController } from './http/projections.controller';

@Module({})
export class AppModule {
  /** `storage` opens the ledger's store; by default the configured one (main.ts passes one it opened first). */
  static forRoot(config: ApiConfig, clock?: Clock, storage: () => Promise<LedgerStorage> = () => openLedgerStorage(config.storage)): DynamicModule {
    const authenticator = new Authenticator(config.auth);
    return {
      module: AppModule,
      imports: [
        LedgerModule.forRoot({
          storage,
          maxClockSkewMs: config.maxClockSkewMs,
          atRiskDays: config.atRiskDays,
          policies: config.policies,
          clock,
        }),
        TerminusModule.forRoot({ logger: false }),
        GraphqlApiModule.forRoot({ authenticator, production: config.auth.production }),
      ],
      controllers: [
        EmployeesController,
        CommissionPlansController,
        LeadsController,
        ClientsController,
        EventsController,
        ProjectionsController,
        ProjectionsAdminController,
        PoliciesAdminController,
        AuditController,
        ImportsController,
        HealthController,
      ],
      providers: [
        IdempotencyInterceptor,
        { provide: Authenticator, useValue: authenticator },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
