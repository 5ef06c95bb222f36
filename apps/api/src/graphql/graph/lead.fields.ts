import type { LeadContact } from '@ledger/domain';
import type { ClientView, LeadView as LedgerLeadView } from '@ledger/ledger';
import type { LeadSummary } from '@ledger/projections';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { ClientView as ClientType } from '../../contract/client';
import { LeadContactView, LeadView } from '../../contract/lead';
import { listComplexity, STREAM_LIST_ITEMS } from '../limits';
import { computedFields } from './computed-fields';
import { carriedFrom, readAt, readAtOf } from './read-at';
import { employeeNamedBy, RelatedReadsOfOperation } from './related';

/** A lead's client and contacts, read on the clocks the lead was read on. */
@Resolver(() => LeadView)
export class LeadGraphFields {
  constructor(private readonly related: RelatedReadsOfOperation) {}

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

/** A lead's owner, and a contact's rep, as objects read on the clocks the lead was read on. */
export const LeadEmployeeFields = computedFields(
  () => LeadView,
  { owner: employeeNamedBy((lead: LedgerLeadView) => lead.ownerId, 'The owner (`ownerId`): the rep of the first contact.') },
  RelatedReadsOfOperation,
);

export const LeadContactGraphFields = computedFields(
  () => LeadContactView,
  { rep: employeeNamedBy((contact: LeadContact) => contact.repId, 'The rep who made the contact (`repId`).') },
  RelatedReadsOfOperation,
);
