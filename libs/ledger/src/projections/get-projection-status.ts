import type { ProjectionRunner, ProjectionStatus } from '@ledger/projections';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { PROJECTION_RUNNER } from '../application/tokens';

/** Every projection's generation, checkpoint, lag behind the head and any rebuild in progress. */
export class GetProjectionStatusQuery extends Query<ProjectionStatus[]> {}

@QueryHandler(GetProjectionStatusQuery)
export class GetProjectionStatusHandler implements IQueryHandler<GetProjectionStatusQuery> {
  constructor(@Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner) {}

  execute(): Promise<ProjectionStatus[]> {
    return this.runner.status();
  }
}
