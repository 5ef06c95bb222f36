import { GetPolicyStatusQuery, GetProjectionStatusQuery, GetReadModelChecksQuery, type PolicyStatus } from '@ledger/ledger';
import type { ProjectionStatus, ReadModelCheck } from '@ledger/projections';
import { Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';

import { Operation } from '../auth/access.decorators';
import { SecuredController } from '../http/openapi';
import { ApiMetrics } from './api-metrics';

/** Prometheus's text exposition of this process's metrics; wants a token (see the README's Operations). */
@SecuredController('metrics', 'operations')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly queries: QueryBus,
  ) {}

  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    content: { 'text/plain': { schema: { type: 'string', example: 'ledger_log_head_position 1200' } } },
  })
  @Operation('metrics')
  @Get()
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    // The database down is no reason to fail the scrape: that it is down is what the scrape should tell.
    const statuses = await Promise.all([
      this.queries.execute(new GetProjectionStatusQuery()),
      this.queries.execute(new GetPolicyStatusQuery()),
    ]).catch(() => undefined);
    this.metrics.observeStore(statuses !== undefined);
    if (statuses) {
      const [projections, policies] = statuses as [ProjectionStatus[], PolicyStatus[]];
      this.metrics.observeLedger(projections, policies);
    }
    this.metrics.observeReadModelChecks((await this.queries.execute(new GetReadModelChecksQuery())) as ReadModelCheck[]);
    response.setHeader('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
