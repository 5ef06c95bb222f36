import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { QueryBus } from '@nestjs/cqrs';
import { EVENT_STORE, GetProjectionStatusQuery } from '@ledger/ledger';
import type { ProjectionStatus } from '@ledger/projections';
import type { EventStore } from '@ledger/event-store';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: QueryBus,
  ) {}

  /** Up when the event store answers and no projection has stopped on a failure; reports the head of the log and each projection's lag. */
  @Public()
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('eventStore');
        try {
          return indicator.up({ headPosition: await this.store.headPosition() });
        } catch (error) {
          return indicator.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
      async () => {
        const indicator = this.indicators.check('projections');
        const statuses: ProjectionStatus[] = await this.queries.execute(new GetProjectionStatusQuery());
        const details = Object.fromEntries(statuses.map(({ projection, lag, state, failure }) => [projection, { lag, state, ...(failure ? { failure } : {}) }]));
        return statuses.some((status) => status.state === 'failed') ? indicator.down(details) : indicator.up(details);
      },
    ]);
  }
}
