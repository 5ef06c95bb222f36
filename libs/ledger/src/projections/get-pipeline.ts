import type { HistoricalBounds } from '@ledger/projections';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PipelineAnswer, PipelineQuery } from '@ledger/projections';
import { ProjectionQueries, type ProjectionView } from './projection-queries';

export type PipelineView = ProjectionView<PipelineAnswer>;

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
    return this.projections.answer('pipeline', filter, at);
  }
}
