import type { RetentionAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ReportAnswerHandler, ReportAnswerQuery } from './projection-answer-query';
import type { ReportQueryOf, ReportView } from './projection-queries';

export type RetentionView = ReportView<RetentionAnswer>;

export class GetRetentionQuery extends ReportAnswerQuery<'retention'> {}

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler extends ReportAnswerHandler<'retention'> {
  protected readonly projection = 'retention';

  protected override settled(filter: ReportQueryOf<'retention'>): ReportQueryOf<'retention'> {
    return { ...filter, atRiskDays: filter.atRiskDays ?? this.options.atRiskDays };
  }
}
