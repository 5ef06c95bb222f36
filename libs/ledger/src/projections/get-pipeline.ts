import type { PipelineAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ReportAnswerHandler, ReportAnswerQuery } from './projection-answer-query';
import type { ReportView } from './projection-queries';

export type PipelineView = ReportView<PipelineAnswer>;

export class GetPipelineQuery extends ReportAnswerQuery<'pipeline'> {}

@QueryHandler(GetPipelineQuery)
export class GetPipelineHandler extends ReportAnswerHandler<'pipeline'> {
  protected readonly projection = 'pipeline';
}
