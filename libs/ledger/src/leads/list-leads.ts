import { decodeLeadsCursor, type HistoricalBounds, type LeadsAnswer, type LeadsQuery } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { refuseInvalidCursor } from '../projections/listing-cursor';
import { ProjectionQueries, type ProjectionView } from '../projections/projection-queries';

/** A page of the leads: `leads`, `nextCursor`, `total`, with `asOf`, `asKnownAt` and `position`. */
export type LeadListView = ProjectionView<LeadsAnswer>;

/** The leads, filtered, searched and sorted (newest first contact first by default); pass the answer's nextCursor as `after`. */
export class ListLeadsQuery extends Query<LeadListView> {
  constructor(
    readonly filter: LeadsQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler implements IQueryHandler<ListLeadsQuery> {
  constructor(private readonly projections: ProjectionQueries) {}

  async execute({ filter, at }: ListLeadsQuery): Promise<LeadListView> {
    refuseInvalidCursor(filter.after, (cursor) => decodeLeadsCursor(filter, cursor));
    return this.projections.answer('leads', filter, at);
  }
}
