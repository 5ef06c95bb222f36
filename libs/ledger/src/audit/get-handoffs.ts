import type { HistoricalBounds } from '@ledger/projections';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { HandoffsAnswer, HandoffsQuery } from '@ledger/projections';
import { ProjectionQueries, type ProjectionView } from '../projections/projection-queries';

/** The audit trail of handoffs and escalations: `handoffs`, oldest first, with `asOf` and `position`. */
export type HandoffTrailView = ProjectionView<HandoffsAnswer>;

/** Every handoff and key-account escalation matching the filters, with who did it, why, and its correlation and causation. */
export class GetHandoffsQuery extends Query<HandoffTrailView> {
  constructor(
    readonly filter: HandoffsQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetHandoffsQuery)
export class GetHandoffsHandler implements IQueryHandler<GetHandoffsQuery> {
  constructor(private readonly projections: ProjectionQueries) {}

  execute({ filter, at }: GetHandoffsQuery): Promise<HandoffTrailView> {
    return this.projections.answer<HandoffsQuery, HandoffsAnswer>('handoffs', filter, at);
  }
}
