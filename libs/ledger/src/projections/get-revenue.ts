import type { RevenueAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ProjectionAnswerHandler, ProjectionAnswerQuery } from './projection-answer-query';
import type { ProjectionView } from './projection-queries';

export type RevenueView = ProjectionView<RevenueAnswer>;

export class GetRevenueQuery extends ProjectionAnswerQuery<'revenue'> {}

@QueryHandler(GetRevenueQuery)
export class GetRevenueHandler extends ProjectionAnswerHandler<'revenue'> {
  protected readonly projection = 'revenue';
}
