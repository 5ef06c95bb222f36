import {
  CheckReadModelsQuery,
  GetPolicyStatusQuery,
  GetProjectionStatusQuery,
  type PipelineView as LedgerPipelineView,
  type PolicyStatus,
  type RetentionView as LedgerRetentionView,
  type RevenueView as LedgerRevenueView,
  StartProjectionRebuildCommand,
} from '@ledger/ledger';
import type { ProjectionStatus, ReadModelCheck } from '@ledger/projections';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Mutation, Resolver } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { CheckReadModelsQueryDto, PolicyStatusView, ProjectionStatusView, ReadModelCheckView } from '../../contract/projections';
import { PipelineView, RetentionView, RevenueView } from '../../contract/reports';
import { PipelineQueryDto, RetentionQueryDto, RevenueQueryDto } from '../../requests/queries';
import { pipelineQuery, retentionQuery, revenueQuery } from '../../requests/report-queries';
import { Arguments, ProjectionArgs } from '../args';
import { answerReadAt } from '../graph/read-at';
import { OperationQuery, ReportQuery } from '../operation-query';

/** The read models, live or as of any business time, and their operation. */
@Resolver()
export class ReportsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ReportQuery('pipeline', () => PipelineView, 'Leads by stage per rep or department over a period: conversion, time to win, lost reasons.')
  pipeline(@Arguments() query: PipelineQueryDto): Promise<LedgerPipelineView> {
    return answerReadAt(this.queries, pipelineQuery(query));
  }

  @ReportQuery('retention', () => RetentionView, 'Monthly cohorts of the clients won in a period; clients at risk.')
  retention(@Arguments() query: RetentionQueryDto): Promise<LedgerRetentionView> {
    return answerReadAt(this.queries, retentionQuery(query));
  }

  @ReportQuery('revenue', () => RevenueView, 'New and repeat revenue and commission per month, and the sales:client ratio.')
  revenue(@Arguments() query: RevenueQueryDto): Promise<LedgerRevenueView> {
    return answerReadAt(this.queries, revenueQuery(query));
  }

  @OperationQuery('projectionStatus', () => [ProjectionStatusView], {
    description: "Each read model's generation, checkpoint, lag and any rebuild under way.",
  })
  projectionStatus(): Promise<ProjectionStatus[]> {
    return this.queries.execute(new GetProjectionStatusQuery());
  }

  @OperationQuery('checkReadModels', () => [ReadModelCheckView], {
    description:
      'Checks the stored read models against the log (one, or every one in turn): each folded anew beside the live one and compared row by row, naming the first differences.',
  })
  checkReadModels(@Arguments() { projection, maxDifferences }: CheckReadModelsQueryDto): Promise<ReadModelCheck[]> {
    return this.queries.execute(new CheckReadModelsQuery(projection, maxDifferences));
  }

  @OperationQuery('policyStatus', () => [PolicyStatusView], {
    description: 'Each policy: switched on or off, its rules and parameters, its lag, and the clients due but waiting.',
  })
  policyStatus(): Promise<PolicyStatus[]> {
    return this.queries.execute(new GetPolicyStatusQuery());
  }

  @Operation('rebuildProjection')
  @Mutation(() => ProjectionStatusView, {
    nullable: true,
    description:
      'Starts building the read model anew beside the live one, which serves until the new one has caught up and is swapped in; answers at once.',
  })
  rebuildProjection(@Arguments() { projection }: ProjectionArgs): Promise<ProjectionStatus> {
    return this.commands.execute(new StartProjectionRebuildCommand(projection));
  }
}
