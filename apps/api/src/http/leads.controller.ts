import { GetLeadQuery, ListLeadsQuery } from '@ledger/ledger';
import { Injectable, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';

import { LeadListView, LeadView } from '../contract/lead';
import { historicalBounds, periodOf } from '../requests/bounds';
import { LEAD_COMMANDS } from '../requests/command-catalogue';
import { expandLead } from '../requests/expand';
import { ListLeadsQueryDto } from '../requests/listings';
import { LeadQueryDto, sortOf } from '../requests/queries';
import { RelatedReads } from '../requests/related-reads';
import { withCommandRoutes } from './command-routes';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';

/** The lead routes that read; the command routes come first (see LeadsController). */
@Injectable()
class LeadReads {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** The leads, a page at a time (newest first contact first unless sorted otherwise); pass nextCursor as `after` to read on. */
  @QueryRoute('leads', LeadListView)
  list(@Query() query: ListLeadsQueryDto): Promise<LeadListView> {
    const { ownerId, stage, firstContactedFrom, firstContactedTo, search, sort, after, limit } = query;
    const firstContacted = periodOf({ from: firstContactedFrom, to: firstContactedTo }).period;
    return this.queries.execute(
      new ListLeadsQuery({ ownerId, stage, firstContacted, search, orderBy: sortOf(sort), after, limit }, historicalBounds(query)),
    );
  }

  @QueryRoute('lead', LeadView, ':leadId', { revisionTag: true })
  async get(@Param('leadId', ParseIdPipe) leadId: string, @Query() query: LeadQueryDto): Promise<LeadView> {
    const bounds = historicalBounds(query);
    const lead = await this.queries.execute(new GetLeadQuery(leadId, bounds));
    return expandLead(lead, query.expand, new RelatedReads(this.queries), bounds);
  }
}

@SecuredController('v1/leads', 'leads')
export class LeadsController extends withCommandRoutes(LeadReads, LEAD_COMMANDS) {}
