import { type HistoricalBounds, type RetentionAnswer, type RetentionQuery } from '@ledger/projections';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LEDGER_OPTIONS, type LedgerOptions } from '../application/tokens';
import { ProjectionQueries, type ReportView } from './projection-queries';

export type RetentionView = ReportView<RetentionAnswer>;

export class GetRetentionQuery extends Query<RetentionView> {
  constructor(
    readonly filter: RetentionQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler implements IQueryHandler<GetRetentionQuery> {
  constructor(
    private readonly projections: ProjectionQueries,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {}

  execute({ filter, at }: GetRetentionQuery): Promise<RetentionView> {
    return this.projections.report('retention', { ...filter, atRiskDays: filter.atRiskDays ?? this.options.atRiskDays }, at);
  }
}
