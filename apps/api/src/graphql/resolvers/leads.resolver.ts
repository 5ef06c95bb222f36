import { type CommandAnswer, ContactLeadCommand, GetLeadQuery, type LeadView as LedgerLeadView, LoseLeadCommand } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import { Context, Mutation, Query, Resolver } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import type { GraphqlRequestContext } from '../../auth/access.guard';
import { CommandAnswerView } from '../../contract/command-answer';
import { LeadView } from '../../contract/lead';
import { historicalBounds } from '../../requests/bounds';
import { Arguments, ContactLeadArgs, LeadArgs, LoseLeadArgs } from '../args';
import { GraphqlCommandRunner } from '../command-runner';
import { readAt } from '../graph/read-at';
import { streamComplexity } from '../limits';

@Resolver()
export class LeadsResolver {
  constructor(
    private readonly commands: GraphqlCommandRunner,
    private readonly queries: QueryBus,
  ) {}

  @Operation('contactLead')
  @Mutation(() => CommandAnswerView, {
    nullable: true,
    description: 'A rep of the sales department reached a prospect (LeadContacted); the first contact opens the lead.',
  })
  contactLead(@Arguments() { leadId, input, options }: ContactLeadArgs, @Context() request: GraphqlRequestContext): Promise<CommandAnswer> {
    return this.commands.run(
      'contactLead',
      { leadId, input },
      request,
      options,
      (context) => new ContactLeadCommand({ ...input, leadId }, context),
    );
  }

  @Operation('loseLead')
  @Mutation(() => CommandAnswerView, { nullable: true, description: 'An open lead is lost, with the reason (LeadLost).' })
  loseLead(@Arguments() { leadId, input, options }: LoseLeadArgs, @Context() request: GraphqlRequestContext): Promise<CommandAnswer> {
    return this.commands.run(
      'loseLead',
      { leadId, input },
      request,
      options,
      (context) => new LoseLeadCommand({ ...input, leadId }, context),
    );
  }

  @Operation('lead')
  @Query(() => LeadView, {
    nullable: true,
    complexity: streamComplexity,
    description: 'The lead: stage, company, owner and contacts; as of a business time if asked (LEAD_NOT_FOUND before its first contact).',
  })
  async lead(@Arguments() { leadId, ...at }: LeadArgs): Promise<LedgerLeadView> {
    const bounds = historicalBounds(at);
    return readAt(await this.queries.execute(new GetLeadQuery(leadId, bounds)), bounds);
  }
}
