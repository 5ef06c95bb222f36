import { GetLeadQuery, type LeadView as LedgerLeadView, ListLeadsQuery } from '@ledger/ledger';
import { DEFAULT_LEADS_PAGE, LEADS_PAGING, type LeadsQuery, type LeadSummary } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { Resolver } from '@nestjs/graphql';

import { type Connection, connectionOf } from '../../contract/connection';
import { LeadConnection, LeadView } from '../../contract/lead';
import { historicalBounds, periodOf } from '../../requests/bounds';
import { LEAD_COMMANDS } from '../../requests/command-catalogue';
import { Arguments, LeadArgs } from '../args';
import { readAt } from '../graph/read-at';
import { pageComplexity, streamComplexity } from '../limits';
import { LeadsArgs, orderOf } from '../listing-args';
import { OperationQuery } from '../operation-query';
import { commandMutations } from '../payload/command-mutations';

@Resolver()
export class LeadsResolver {
  constructor(private readonly queries: QueryBus) {}

  @OperationQuery('lead', () => LeadView, {
    complexity: streamComplexity,
    description: 'The lead: stage, company, owner and contacts; as of a business time if asked (LEAD_NOT_FOUND before its first contact).',
  })
  async lead(@Arguments() { leadId, ...at }: LeadArgs): Promise<LedgerLeadView> {
    const bounds = historicalBounds(at);
    return readAt(await this.queries.execute(new GetLeadQuery(leadId, bounds)), bounds);
  }

  @OperationQuery('leads', () => LeadConnection, {
    complexity: pageComplexity(DEFAULT_LEADS_PAGE, { fromReadModel: true }),
    description:
      'The leads, filtered by owner, stage and first contact, searched by company and sorted (newest first contact first by default); as of a business time if asked.',
  })
  async leads(
    @Arguments() { filter = {}, search, orderBy, first = DEFAULT_LEADS_PAGE, after, ...at }: LeadsArgs,
  ): Promise<Connection<LeadSummary>> {
    const { ownerId, stage, firstContactedFrom, firstContactedTo } = filter;
    const query: LeadsQuery = {
      ownerId,
      stage,
      firstContacted: periodOf({ from: firstContactedFrom, to: firstContactedTo }).period,
      search,
      orderBy: orderOf(orderBy),
      after,
      limit: first,
    };
    const bounds = historicalBounds(at);
    const page = await this.queries.execute(new ListLeadsQuery(query, bounds));
    const leads = page.leads.map((lead) => readAt(lead, bounds));
    return connectionOf(leads, (lead) => LEADS_PAGING.encode(query, lead), page.nextCursor !== null, page.total);
  }
}

export const LeadMutations = commandMutations(LEAD_COMMANDS);
