import { CheckReadModelsQuery, GetProjectionStatusQuery, StartProjectionRebuildCommand } from '@ledger/ledger';
import type { ProjectionStatus, ReadModelCheck } from '@ledger/projections';
import { HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';

import { Operation } from '../auth/access.decorators';
import { CheckReadModelsQueryDto, ProjectionStatusView, ReadModelCheckView } from '../contract/projections';
import { PipelineView, RetentionView, RevenueView } from '../contract/reports';
import { PipelineQueryDto, RetentionQueryDto, RevenueQueryDto } from '../requests/queries';
import { pipelineQuery, retentionQuery, revenueQuery } from '../requests/report-queries';
import { ApiAccepted, SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';

/** The read models: the same answers live and as of any business time. */
@SecuredController('v1', 'reports')
export class ProjectionsController {
  constructor(private readonly queries: QueryBus) {}

  @QueryRoute('pipeline', PipelineView, 'pipeline')
  pipeline(@Query() query: PipelineQueryDto): Promise<PipelineView> {
    return this.queries.execute(pipelineQuery(query));
  }

  @QueryRoute('retention', RetentionView, 'retention')
  retention(@Query() query: RetentionQueryDto): Promise<RetentionView> {
    return this.queries.execute(retentionQuery(query));
  }

  @QueryRoute('revenue', RevenueView, 'revenue')
  revenue(@Query() query: RevenueQueryDto): Promise<RevenueView> {
    return this.queries.execute(revenueQuery(query));
  }
}

/** Operating the read models: their lag, and rebuilding one beside the live one. */
@SecuredController('v1/admin/projections', 'operations')
export class ProjectionsAdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @QueryRoute('projectionStatus', [ProjectionStatusView])
  status(): Promise<ProjectionStatus[]> {
    return this.queries.execute(new GetProjectionStatusQuery());
  }

  /**
   * Checks the stored read models against the log: each folded anew beside the
   * live one (a scratch generation, dropped after) and compared row by row.
   * As long as a rebuild: exempt from the request timeout.
   */
  @QueryRoute('checkReadModels', [ReadModelCheckView], 'check')
  check(@Query() query: CheckReadModelsQueryDto): Promise<ReadModelCheck[]> {
    return this.queries.execute(new CheckReadModelsQuery(query.projection, query.maxDifferences));
  }

  /** Answers at once (202) with the rebuild under way; the live model serves until the new one is swapped in. */
  @ApiAccepted(ProjectionStatusView)
  @Operation('rebuildProjection')
  @Post(':projection/rebuild')
  @HttpCode(202)
  rebuild(@Param('projection', ParseIdPipe) projection: string): Promise<ProjectionStatus> {
    return this.commands.execute(new StartProjectionRebuildCommand(projection));
  }
}
