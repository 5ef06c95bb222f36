import { type HistoricalBounds, type PipelineAnswer, type PipelineQuery } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { ProjectionQueries, type ReportView } from './projection-queries';

export type PipelineView = ReportView<PipelineAnswer>;

export class GetPipelineQuery extends Query<PipelineView> {
  constructor(
    readonly filter: PipelineQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetPipelineQuery)
export class GetPipelineHandler implements IQueryHandler<GetPipelineQuery> {
  constructor(private readonly projections: ProjectionQueries) {}

  execute({ filter, at }: GetPipelineQuery): Promise<PipelineView> {
    return this.projections.report('pipeline', filter, at);
  }
}
