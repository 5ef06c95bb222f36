import {
  CheckReadModelsQuery,
  GetPipelineQuery,
  GetPolicyStatusQuery,
  GetProjectionStatusQuery,
  GetRetentionQuery,
  GetRevenueQuery,
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
import { historicalBounds, periodOf } from '../../requests/bounds';
import { PipelineQueryDto, RetentionQueryDto, RevenueQueryDto } from '../../requests/queries';
import { Arguments, ProjectionArgs } from '../args';
import { readAt } from '../graph/read-at';
import { reportComplexity } from '../limits';
import { OperationQuery } from '../operation-query';

/** The read models, live or as of any business time, and their operation. */
@Resolver()
export class ReportsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @OperationQuery('pipeline', () => PipelineView, {
    complexity: reportComplexity,
    description: 'Leads by stage per rep or department over a period: conversion, time to win, lost reasons.',
  })
  async pipeline(@Arguments() query: PipelineQueryDto): Promise<LedgerPipelineView> {
    const { department, repId, groupBy } = query;
    const bounds = historicalBounds(query);
    return readAt(await this.queries.execute(new GetPipelineQuery({ ...periodOf(query), department, repId, groupBy }, bounds)), bounds);
  }

  @OperationQuery('retention', () => RetentionView, {
    complexity: reportComplexity,
    description: 'Monthly cohorts of the clients won in a period; clients at risk.',
  })
  async retention(@Arguments() query: RetentionQueryDto): Promise<LedgerRetentionView> {
    const bounds = historicalBounds(query);
    return readAt(await this.queries.execute(new GetRetentionQuery({ ...periodOf(query), atRiskDays: query.atRiskDays }, bounds)), bounds);
  }

  @OperationQuery('revenue', () => RevenueView, {
    complexity: reportComplexity,
    description: 'New and repeat revenue and commission per month, and the sales:client ratio.',
  })
  async revenue(@Arguments() query: RevenueQueryDto): Promise<LedgerRevenueView> {
    const { groupBy, department } = query;
    const bounds = historicalBounds(query);
    return readAt(await this.queries.execute(new GetRevenueQuery({ ...periodOf(query), groupBy, department }, bounds)), bounds);
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
