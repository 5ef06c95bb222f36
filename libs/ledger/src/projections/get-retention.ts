import type { RetentionAnswer, RetentionQuery } from '@ledger/projections';
import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';

import { LEDGER_OPTIONS, type LedgerOptions } from '../application/tokens';
import { ProjectionAnswerHandler, ProjectionAnswerQuery } from './projection-answer-query';
import { ProjectionQueries, type ProjectionView } from './projection-queries';

export type RetentionView = ProjectionView<RetentionAnswer>;

export class GetRetentionQuery extends ProjectionAnswerQuery<'retention'> {}

@QueryHandler(GetRetentionQuery)
export class GetRetentionHandler extends ProjectionAnswerHandler<'retention'> {
  protected readonly projection = 'retention';

  constructor(
    projections: ProjectionQueries,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {
    super(projections);
  }

  protected override settled(filter: RetentionQuery): RetentionQuery {
    return { ...filter, atRiskDays: filter.atRiskDays ?? this.options.atRiskDays };
  }
}
