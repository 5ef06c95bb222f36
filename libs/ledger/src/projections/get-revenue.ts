import type { RevenueAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ReportAnswerHandler, ReportAnswerQuery } from './projection-answer-query';
import type { ReportView } from './projection-queries';

export type RevenueView = ReportView<RevenueAnswer>;

export class GetRevenueQuery extends ReportAnswerQuery<'revenue'> {}

@QueryHandler(GetRevenueQuery)
export class GetRevenueHandler extends ReportAnswerHandler<'revenue'> {
  protected readonly projection = 'revenue';
}
