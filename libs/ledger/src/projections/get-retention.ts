import type { RetentionAnswer } from '@ledger/projections';
import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';

import { LEDGER_OPTIONS, type LedgerOptions } from '../application/tokens';
import { ReportAnswerHandler, ReportAnswerQuery } from './projection-answer-query';
import { ProjectionQueries, type ReportQueryOf, type ReportView } from './projection-queries';

export type RetentionView = ReportView<RetentionAnswer>;

export class GetRetentionQuery extends ReportAnswerQuery<'retention'> {}

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler extends ReportAnswerHandler<'retention'> {
  protected readonly projection = 'retention';

  constructor(
    projections: ProjectionQueries,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {
    super(projections);
  }

  protected override settled(filter: ReportQueryOf<'retention'>): ReportQueryOf<'retention'> {
    return { ...filter, atRiskDays: filter.atRiskDays ?? this.options.atRiskDays };
  }
}
