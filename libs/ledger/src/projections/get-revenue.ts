import { type HistoricalBounds, type RevenueAnswer, type RevenueQuery } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { ProjectionQueries, type ReportView } from './projection-queries';

export type RevenueView = ReportView<RevenueAnswer>;

export class GetRevenueQuery extends Query<RevenueView> {
  constructor(
    readonly filter: RevenueQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetRevenueQuery)
export class GetRevenueHandler implements IQueryHandler<GetRevenueQuery> {
  constructor(private readonly projections: ProjectionQueries) {}

  execute({ filter, at }: GetRevenueQuery): Promise<RevenueView> {
    return this.projections.report('revenue', filter, at);
  }
}
