import type { Department } from '@ledger/domain';
import type { Actor, PolicyRule } from '@ledger/event-store';
import type { CausationLink, HandoffTrailEntry, HandoffTrailView as LedgerHandoffTrailView, LogVerification } from '@ledger/ledger';
import type { HandoffParty } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { connectionFields, edgeType } from './connection';
import { DepartmentEnum, EventTypeEnum, HandoffKindEnum } from './enums';
import { EventActorView } from './events';
import {
  BooleanField,
  DateTimeField,
  EnumField,
  IdField,
  JsonObjectField,
  NestedField,
  NestedListField,
  SafeIntField,
  TextField,
} from './fields';

@ObjectType('HandoffParty')
export class HandoffPartyView implements HandoffParty {
  @EnumField(DepartmentEnum) department!: Department;
  @IdField() employeeId!: string;
}

@ObjectType('PolicyRule', { description: 'The rule a policy applied, with its parameters at the time.' })
export class PolicyRuleView implements PolicyRule {
  @TextField({ example: 'handoff-after-reorders' }) name!: string;
  @JsonObjectField({ description: 'e.g. { "reorders": 3, "days": 90 }' }) parameters!: Record<string, string | number | boolean>;
}

@ObjectType('CausationLink', { description: 'An event on the way from a handoff back to what set it off.' })
export class CausationLinkView implements CausationLink {
  @TextField() eventId!: string;
  @EnumField(EventTypeEnum, { example: 'ReorderPlaced' }) type!: string;
  @SafeIntField({ minimum: 1 }) position!: number;
  @DateTimeField() occurredAt!: string;
}

@ObjectType('Handoff', { description: "One change of a client's owner as the log recorded it: a handoff or a key-account escalation." })
export class HandoffView implements HandoffTrailEntry {
  @SafeIntField({ minimum: 1, description: "The event's global position in the log." }) position!: number;
  @TextField() eventId!: string;
  @EnumField(HandoffKindEnum) kind!: 'handoff' | 'escalation';
  @DateTimeField({ description: 'Business time.' }) occurredAt!: string;
  @DateTimeField({ description: 'When the ledger stored the event.' }) recordedAt!: string;
  @IdField() clientId!: string;
  @NestedField(() => HandoffPartyView) from!: HandoffPartyView;
  @NestedField(() => HandoffPartyView) to!: HandoffPartyView;
  @NestedField(() => EventActorView, { description: 'Who did it: a user with a role, or a named policy.' }) actor!: Actor;
  @TextField() reason!: string;
  @NestedField(() => PolicyRuleView, {
    nullable: true,
    description: "When a policy acted: its rule and parameters; null for a person's decision.",
  })
  rule!: PolicyRule | null;
  @TextField() correlationId!: string;
  @TextField({ description: 'The id of the command or event that caused it.' }) causationId!: string;
  @NestedListField(() => CausationLinkView, {
    description:
      "The events that led to it, nearest first, back to the one that set it off; empty when a person's request caused it directly.",
  })
  causationChain!: CausationLinkView[];
}

/** GraphQL: a handoff of a page of the trail, with its cursor. */
export const HandoffEdgeView = edgeType(HandoffView, 'Handoff');

@ObjectType('HandoffTrail', {
  description: 'Every handoff and escalation matching the filters, oldest first; GraphQL: a connection, a page at a time.',
})
export class HandoffTrailView extends connectionFields(HandoffView, HandoffEdgeView) implements LedgerHandoffTrailView {
  @NestedListField(() => HandoffView, { deprecationReason: 'Use `nodes` (or `edges`), a page at a time (`first`, `after`).' })
  handoffs!: HandoffView[];
  @TextField({ example: 'Europe/Budapest', description: "The IANA time zone the period's days were read in." }) timeZone!: string;
  @DateTimeField({ nullable: true, description: 'The business time asked about; null for the live answer.' }) asOf!: string | null;
  @DateTimeField({ nullable: true, description: 'The record time asked about (the ledger as it knew it then); null when not asked.' })
  asKnownAt!: string | null;
  @SafeIntField({ minimum: 0, description: 'The last global position the answer reflects.' }) position!: number;
}

@ObjectType('LogVerification', {
  description:
    "The integrity of the whole log: every event stores a SHA-256 over the previous event's hash and its own content, and the walk recomputes them all. " +
    'Intact up to the head, or the first position where the chain breaks (an event altered or missing outside the application).',
})
export class LogVerificationView implements LogVerification {
  @BooleanField({ description: 'True when every event up to the head matches its hash and links to the one before.' }) intact!: boolean;
  @SafeIntField({
    minimum: 0,
    description: 'Intact: the head position when the walk began (0 for an empty log). Broken: the last good position.',
  })
  verifiedUpTo!: number;
  @SafeIntField({ minimum: 0, nullable: true, description: 'How many events were verified; null when broken.' }) events!: number | null;
  @SafeIntField({ minimum: 1, nullable: true, description: 'The first position where the chain breaks; null when intact.' }) brokenAt!:
    number | null;
  @TextField({ nullable: true, description: 'What is wrong at brokenAt; null when intact.' }) reason!: string | null;
  @TextField({ description: '"intact up to position N (M events)" or "broken at position N: reason".' }) summary!: string;
}
