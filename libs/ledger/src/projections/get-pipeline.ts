import type { PipelineAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ProjectionAnswerHandler, ProjectionAnswerQuery } from './projection-answer-query';
import type { ProjectionView } from './projection-queries';

export type PipelineView = ProjectionView<PipelineAnswer>;

export class GetPipelineQuery extends ProjectionAnswerQuery<'pipeline'> {}

@QueryHandler(GetPipelineQuery)
export class GetPipelineHandler extends ProjectionAnswerHandler<'pipeline'> {
  protected readonly projection = 'pipeline';
}
