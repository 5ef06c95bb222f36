import type { ContactChannel, LeadContact } from '@ledger/domain';
import type { LeadListView as LedgerLeadListView, LeadView as LedgerLeadView } from '@ledger/ledger';
import type { LeadSummary } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { STREAM_LIST_ITEMS } from '../graphql/limits';
import { NodeInterface } from '../graphql/node';
import { ClientView } from './client';
import { connectionTypes } from './connection';
import { EmployeeView } from './employee';
import { ContactChannelEnum, LeadStageEnum } from './enums';
import { ExpandedProperty } from './expanded';
import { DateTimeField, EnumField, IdField, IntField, NestedListField, TextField } from './fields';
import { ListingPageView } from './listing';

@ObjectType('LeadContact')
export class LeadContactView implements LeadContact {
  @IdField() repId!: string;
  @EnumField(ContactChannelEnum) channel!: ContactChannel;
  @TextField() outcome!: string;
  @TextField({ nullable: true, allowEmpty: true }) note!: string | null;
  @DateTimeField() occurredAt!: string;
}

/** A lead's line in the list: the lead without its contacts (REST's list item; GraphQL's `Lead` has them all). */
@ObjectType({ isAbstract: true })
export class LeadSummaryView implements LeadSummary {
  @IdField() leadId!: string;
  @EnumField(LeadStageEnum) stage!: 'open' | 'won' | 'lost';
  @TextField({ description: "As the lead's latest contact named it." }) company!: string;
  @IdField({ description: 'The rep of the first contact owns the lead.' }) ownerId!: string;
  @DateTimeField() firstContactedAt!: string;
  @DateTimeField({ description: 'When the latest contact was.' }) lastContactAt!: string;
  @IntField({ minimum: 1, description: 'How many contacts the lead had.' }) contactCount!: number;
  @DateTimeField({ nullable: true }) closedAt!: string | null;
  @TextField({ nullable: true }) lostReason!: string | null;
  @IdField({ nullable: true, description: 'The client it was won as.' }) clientId!: string | null;
  @IntField({ minimum: 0 }) revision!: number;
  @ExpandedProperty(() => EmployeeView, 'owner') owner?: EmployeeView | null;
  @ExpandedProperty(() => ClientView, 'client') client?: ClientView | null;
}

@ObjectType('Lead', { implements: () => [NodeInterface], description: 'A lead as it stands (or stood as of a business time).' })
export class LeadView extends LeadSummaryView implements LedgerLeadView {
  @NestedListField(() => LeadContactView, { description: 'Oldest first.', costedItems: STREAM_LIST_ITEMS }) contacts!: LeadContactView[];
}

/** GET /v1/leads: a page of the lead list. */
export class LeadListView extends ListingPageView implements LedgerLeadListView {
  @NestedListField(() => LeadSummaryView) leads!: LeadSummaryView[];
}

export const LeadConnection = connectionTypes(LeadView, 'Lead', 'A page of the lead list (Relay connection).');
