import { decodeLeadsCursor, type LeadsAnswer, type LeadsQuery, UTC_ZONE } from '@ledger/projections';
import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';

import { LEDGER_OPTIONS, type LedgerOptions } from '../application/tokens';
import { refuseInvalidCursor } from '../projections/listing-cursor';
import { ProjectionAnswerHandler, ProjectionAnswerQuery } from '../projections/projection-answer-query';
import { ProjectionQueries, type ProjectionView } from '../projections/projection-queries';
import { periodIn } from '../projections/report-period';

/** A page of the leads: `leads`, `nextCursor`, `total`, with `asOf`, `asKnownAt` and `position`. */
export type LeadListView = ProjectionView<LeadsAnswer>;

/** The leads, filtered, searched and sorted (newest first contact first by default); pass the answer's nextCursor as `after`. */
export class ListLeadsQuery extends ProjectionAnswerQuery<'leads'> {}

@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler extends ProjectionAnswerHandler<'leads'> {
  protected readonly projection = 'leads';

  constructor(
    projections: ProjectionQueries,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {
    super(projections);
  }

  /** The first-contact period's plain days are the company's (LEDGER_TIME_ZONE), as a report's are. */
  protected override settled(filter: LeadsQuery): LeadsQuery {
    refuseInvalidCursor(filter.after, (cursor) => decodeLeadsCursor(filter, cursor));
    return filter.firstContacted === undefined
      ? filter
      : { ...filter, firstContacted: periodIn(filter.firstContacted, this.options.timeZone ?? UTC_ZONE) };
  }
}
