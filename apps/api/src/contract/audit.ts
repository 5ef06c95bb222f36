import { ObjectType } from '@nestjs/graphql';
import type { Department } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { HandoffTrailView as LedgerHandoffTrailView } from '@ledger/ledger';
import type { HandoffParty, HandoffRow } from '@ledger/projections';
import { DepartmentEnum, HandoffKindEnum } from './enums';
import { EnumField, IdField, NestedField, NestedListField, SafeIntField, TextField, ZonedTimeField } from './fields';
import { EventActorView } from './events';

@ObjectType('HandoffParty')
export class HandoffPartyView implements HandoffParty {
  @EnumField(DepartmentEnum) department!: Department;
  @IdField() employeeId!: string;
}

@ObjectType('Handoff', { description: "One change of a client's owner as the log recorded it: a handoff or a key-account escalation." })
export class HandoffView implements HandoffRow {
  @SafeIntField({ minimum: 1, description: "The event's global position in the log." }) position!: number;
  @TextField() eventId!: string;
  @EnumField(HandoffKindEnum) kind!: 'handoff' | 'escalation';
  @ZonedTimeField({ description: 'Business time.' }) occurredAt!: string;
  @ZonedTimeField({ description: 'When the ledger stored the event.' }) recordedAt!: string;
  @IdField() clientId!: string;
  @NestedField(() => HandoffPartyView) from!: HandoffPartyView;
  @NestedField(() => HandoffPartyView) to!: HandoffPartyView;
  @NestedField(() => EventActorView, { description: 'Who did it: a user with a role, or a named policy.' }) actor!: Actor;
  @TextField() reason!: string;
  @TextField() correlationId!: string;
  @TextField({ description: 'The id of the command or event that caused it.' }) causationId!: string;
}

@ObjectType('HandoffTrail', { description: 'Every handoff and escalation matching the filters, oldest first.' })
export class HandoffTrailView implements LedgerHandoffTrailView {
  @NestedListField(() => HandoffView) handoffs!: HandoffView[];
  @ZonedTimeField({ nullable: true, description: 'The business time asked about; null for the live answer.' }) asOf!: string | null;
  @ZonedTimeField({ nullable: true, description: 'The record time asked about (the ledger as it knew it then); null when not asked.' }) asKnownAt!: string | null;
  @SafeIntField({ minimum: 0, description: 'The last global position the answer reflects.' }) position!: number;
}
