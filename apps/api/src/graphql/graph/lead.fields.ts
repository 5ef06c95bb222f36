import type { LeadContact } from '@ledger/domain';
import type { ClientView, EmployeeView, LeadView as LedgerLeadView } from '@ledger/ledger';
import type { LeadSummary } from '@ledger/projections';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { ClientView as ClientType } from '../../contract/client';
import { EmployeeView as EmployeeType } from '../../contract/employee';
import { LeadContactView, LeadView } from '../../contract/lead';
import { listComplexity, STREAM_LIST_ITEMS } from '../limits';
import { carriedFrom, readAt, readAtOf } from './read-at';
import { RelatedReadsOfOperation } from './related';

/** A lead's owner and client as objects, read on the clocks the lead was read on. */
@Resolver(() => LeadView)
export class LeadGraphFields {
  constructor(private readonly related: RelatedReadsOfOperation) {}

  @ResolveField(() => EmployeeType, { nullable: true, description: 'The owner (`ownerId`): the rep of the first contact.' })
  owner(@Parent() lead: LedgerLeadView, @Context() context: GraphqlRequestContext): Promise<EmployeeView | null> {
    return this.related.of(context).employee(lead.ownerId, readAtOf(lead));
  }

  @ResolveField(() => ClientType, { nullable: true, description: 'The client it was won as (`clientId`); null while not won.' })
  async client(@Parent() lead: LedgerLeadView, @Context() context: GraphqlRequestContext): Promise<ClientView | null> {
    if (lead.clientId === null) return null;
    const client = await this.related.of(context).client(lead.clientId, readAtOf(lead));
    return client && readAt(client, readAtOf(lead));
  }

  @ResolveField(() => [LeadContactView], { description: 'Oldest first.', complexity: listComplexity(STREAM_LIST_ITEMS) })
  async contacts(@Parent() lead: LedgerLeadView | LeadSummary, @Context() context: GraphqlRequestContext): Promise<LeadContact[]> {
    // A lead read whole has them; a lead of a list reads its stream for them, on the list's clocks.
    if ('contacts' in lead) return carriedFrom(lead, lead.contacts);
    const whole = await this.related.of(context).lead(lead.leadId, readAtOf(lead));
    return carriedFrom(lead, whole?.contacts ?? []);
  }
}

@Resolver(() => LeadContactView)
export class LeadContactGraphFields {
  constructor(private readonly related: RelatedReadsOfOperation) {}

  @ResolveField(() => EmployeeType, { nullable: true, description: 'The rep who made the contact (`repId`).' })
  rep(@Parent() contact: LeadContact, @Context() context: GraphqlRequestContext): Promise<EmployeeView | null> {
    return this.related.of(context).employee(contact.repId, readAtOf(contact));
  }
}
