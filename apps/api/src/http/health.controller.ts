import { type EventStore, storeFaultKindOf } from '@ledger/event-store';
import { EVENT_STORE, GetPolicyStatusQuery, GetProjectionStatusQuery, GetReadModelChecksQuery, type PolicyStatus } from '@ledger/ledger';
import type { ProjectionStatus, ReadModelCheck } from '@ledger/projections';
import { Controller, Get, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';

import { Public } from '../auth/access.decorators';
import { GracefulShutdown } from '../observability/graceful-shutdown';

/** Which database the ledger is on, as `describeStorage` says it (no password): readiness names it when it does not answer. */
export const STORE_DESCRIPTION = Symbol('STORE_DESCRIPTION');
import { OBSERVABILITY_CONFIG } from '../observability/observability.module';
import type { ObservabilityConfig } from '../observability/observability-config';

/**
 * Public, for orchestrators and load balancers: `/health/live` (restart me if
 * this fails), `/health/ready` (send me traffic), and `/health`, the summary
 * kept from before both.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: QueryBus,
    private readonly shutdown: GracefulShutdown,
    @Inject(OBSERVABILITY_CONFIG) private readonly config: ObservabilityConfig,
    @Inject(STORE_DESCRIPTION) private readonly storeDescription: string,
  ) {}

  /** Up when the event store answers and no projection has stopped on a failure; reports the head of the log and each projection's lag. */
  @Public()
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.eventStore(),
      async () => {
        const indicator = this.indicators.check('projections');
        const statuses: ProjectionStatus[] = await this.queries.execute(new GetProjectionStatusQuery());
        const details = Object.fromEntries(
          statuses.map(({ projection, lag, state, failure }) => [projection, { lag, state, ...(failure ? { failure } : {}) }]),
        );
        return statuses.some((status) => status.state === 'failed') ? indicator.down(details) : indicator.up(details);
      },
    ]);
  }

  /** The process answers: nothing is checked beyond that (a slow store or a lagging projection is not cured by a restart). */
  @Public()
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  /**
   * Ready to serve: not shutting down, the store answers, and every projection
   * and enabled policy is live and at most LEDGER_READY_MAX_LAG events behind
   * the head. 503 otherwise, with what is not ready. Also reports the last
   * check of each read model against the log this process made (readModelCheck).
   */
  @Public()
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const maxLag = this.config.readyMaxLag;
    return this.health.check([
      () => {
        const indicator = this.indicators.check('shutdown');
        return this.shutdown.draining ? indicator.down({ message: 'shutting down' }) : indicator.up();
      },
      () => this.eventStore(),
      () =>
        this.unlessStoreFails('projections', async () => {
          const statuses: ProjectionStatus[] = await this.queries.execute(new GetProjectionStatusQuery());
          return this.followers(
            'projections',
            statuses.map((status) => ({ name: status.projection, ...status })),
            maxLag,
          );
        }),
      () =>
        this.unlessStoreFails('policies', async () => {
          const statuses: PolicyStatus[] = await this.queries.execute(new GetPolicyStatusQuery());
          return this.followers(
            'policies',
            statuses.filter((status) => status.enabled).map((status) => ({ name: status.policy, ...status })),
            maxLag,
          );
        }),
      () => this.readModelChecks(),
    ]);
  }

  /**
   * The last check of each read model against the log: a difference is for an operator or auditor
   * to look into (GET /v1/admin/projections/check names it), not a reason to take the process out of
   * service, so this is reported and never down.
   */
  private async readModelChecks(): Promise<HealthIndicatorResult> {
    const checks: ReadModelCheck[] = await this.queries.execute(new GetReadModelChecksQuery());
    return this.indicators
      .check('readModelCheck')
      .up(Object.fromEntries(checks.map(({ projection, equal, position, checkedAt }) => [projection, { equal, position, checkedAt }])));
  }

  /** Readers of the log (projections, policies): up when each is live and at most maxLag events behind. */
  private followers(
    key: string,
    statuses: ReadonlyArray<{ name: string; lag: number | null; state: string }>,
    maxLag: number,
  ): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const details = Object.fromEntries(statuses.map(({ name, lag, state }) => [name, { lag, state, ready: isReady(state, lag, maxLag) }]));
    return statuses.every((status) => isReady(status.state, status.lag, maxLag))
      ? indicator.up({ maxLag, ...details })
      : indicator.down({ maxLag, ...details });
  }

  private async eventStore(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('eventStore');
    try {
      return indicator.up({ headPosition: await this.store.headPosition() });
    } catch (error) {
      return indicator.down({ store: this.storeDescription, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** A reader's status needs the database too: when it does not answer, the reader is down (the eventStore check says why). */
  private async unlessStoreFails(key: string, check: () => Promise<HealthIndicatorResult>): Promise<HealthIndicatorResult> {
    try {
      return await check();
    } catch (error) {
      if (storeFaultKindOf(error) === undefined) throw error;
      return this.indicators
        .check(key)
        .down({ message: `the store does not answer: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

/**
 * Live and close enough to the head, or run by another process over the same database (which that process's readiness
 * answers for). An uncountable lag (a store without dense positions) does not hold readiness back.
 */
const isReady = (state: string, lag: number | null, maxLag: number): boolean =>
  state === 'elsewhere' || (state === 'live' && (lag === null || lag <= maxLag));
