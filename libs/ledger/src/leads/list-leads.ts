import { type LeadsAnswer, type LeadsQuery, UTC_ZONE } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ListingAnswerHandler, ListingQuery } from '../projections/listing-query';
import type { ProjectionView } from '../projections/projection-queries';
import { periodIn } from '../projections/report-period';

/** A page of the leads: `leads`, `nextCursor`, `total`, with `asOf`, `asKnownAt` and `position`. */
export type LeadListView = ProjectionView<LeadsAnswer>;

/** The leads, filtered, searched and sorted (newest first contact first by default); pass the answer's nextCursor as `after`. */
export class ListLeadsQuery extends ListingQuery<'leads'> {}

@QueryHandler(ListLeadsQuery)
export class ListLeadsHandler extends ListingAnswerHandler<'leads'> {
  protected readonly projection = 'leads';

  /** The first-contact period's plain days are the company's (LEDGER_TIME_ZONE), as a report's are. */
  protected override settled(filter: LeadsQuery): LeadsQuery {
    const checked = super.settled(filter);
    return checked.firstContacted === undefined
      ? checked
      : { ...checked, firstContacted: periodIn(checked.firstContacted, this.options.timeZone ?? UTC_ZONE) };
  }
}
