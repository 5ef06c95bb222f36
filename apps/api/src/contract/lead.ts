import type { ContactChannel, LeadContact } from '@ledger/domain';
import type { LeadView as LedgerLeadView } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';

import { STREAM_LIST_ITEMS } from '../graphql/limits';
import { NodeInterface } from '../graphql/node';
import { ClientView } from './client';
import { EmployeeView } from './employee';
import { ContactChannelEnum, LeadStageEnum } from './enums';
import { ExpandedProperty } from './expanded';
import { DateTimeField, EnumField, IdField, IntField, NestedListField, TextField } from './fields';

@ObjectType('LeadContact')
export class LeadContactView implements LeadContact {
  @IdField() repId!: string;
  @EnumField(ContactChannelEnum) channel!: ContactChannel;
  @TextField() outcome!: string;
  @TextField({ nullable: true, allowEmpty: true }) note!: string | null;
  @DateTimeField() occurredAt!: string;
}

@ObjectType('Lead', { implements: () => [NodeInterface], description: 'A lead as it stands (or stood as of a business time).' })
export class LeadView implements LedgerLeadView {
  @IdField() leadId!: string;
  @EnumField(LeadStageEnum) stage!: 'open' | 'won' | 'lost';
  @TextField() company!: string;
  @IdField({ description: 'The rep of the first contact owns the lead.' }) ownerId!: string;
  @NestedListField(() => LeadContactView, { description: 'Oldest first.', costedItems: STREAM_LIST_ITEMS }) contacts!: LeadContactView[];
  @DateTimeField() firstContactedAt!: string;
  @DateTimeField({ nullable: true }) closedAt!: string | null;
  @TextField({ nullable: true }) lostReason!: string | null;
  @IdField({ nullable: true, description: 'The client it was won as.' }) clientId!: string | null;
  @IntField({ minimum: 0 }) revision!: number;
  @ExpandedProperty(() => EmployeeView, 'owner') owner?: EmployeeView | null;
  @ExpandedProperty(() => ClientView, 'client') client?: ClientView | null;
}
