import type { PolicyName, PolicyStatus } from '@ledger/ledger';
import type { ProjectionStatus } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { ProjectionStateEnum } from './enums';
import {
  BooleanField,
  DateTimeField,
  EnumField,
  IntField,
  JsonObjectField,
  NestedField,
  SafeIntField,
  StringListField,
  TextField,
} from './fields';

// A read model's and a policy's place behind the log, in the same words.
const HeadField = () => SafeIntField({ minimum: 0 });
const LagField = () =>
  SafeIntField({
    minimum: 0,
    nullable: true,
    description:
      'Events behind the head; null when behind on a store whose positions are not dense (EventStoreDB), where it cannot be counted without reading.',
  });

@ObjectType('ProjectionRebuild', { description: 'A new generation being built beside the live one.' })
export class ProjectionRebuildView {
  @IntField({ minimum: 0 }) generation!: number;
  @SafeIntField({ minimum: 0 }) checkpoint!: number;
  @DateTimeField() startedAt!: string;
}

@ObjectType('ProjectionStatus', { description: "A read model's generation, checkpoint and lag behind the head of the log." })
export class ProjectionStatusView implements ProjectionStatus {
  @TextField({ example: 'pipeline' }) projection!: string;
  @IntField({ minimum: 0, description: "The projection code's version." }) version!: number;
  @IntField({ minimum: 0 }) generation!: number;
  @SafeIntField({ minimum: 0, description: 'The position of the last event the live model applied.' }) checkpoint!: number;
  @HeadField() head!: number;
  @LagField() lag!: number | null;
  @EnumField(ProjectionStateEnum) state!: 'live' | 'failed' | 'stopped';
  @BooleanField({
    description:
      'Whether this API process runs the projection (it holds the read-model lease); the others answer from the tables it stores.',
  })
  runsHere!: boolean;
  @TextField({ optional: true, description: 'Why the projection stopped.' }) failure?: string;
  @NestedField(() => ProjectionRebuildView, { optional: true }) rebuild?: ProjectionRebuildView;
}

@ObjectType('PolicyStatus', {
  description: 'A policy: switched on or off, its rules and parameters, its lag behind the head, and the clients due but waiting.',
})
export class PolicyStatusView implements PolicyStatus {
  @TextField({ example: 'auto-handoff', description: 'auto-handoff or key-account-escalation.' }) policy!: PolicyName;
  @BooleanField({ description: 'Switched on by LEDGER_POLICIES.' }) enabled!: boolean;
  @StringListField({ description: 'The rule names its events carry in metadata.rule.' }) rules!: string[];
  @JsonObjectField({ description: 'Its thresholds, from the configuration.' }) parameters!: Record<string, unknown>;
  @SafeIntField({ minimum: 0, description: "The position of the last event the policies' facts applied." }) checkpoint!: number;
  @HeadField() head!: number;
  @LagField() lag!: number | null;
  @EnumField(ProjectionStateEnum) state!: 'live' | 'failed' | 'stopped' | 'elsewhere';
  @TextField({ optional: true, description: 'Why the policy stopped.' }) failure?: string;
  @IntField({
    minimum: 0,
    description: 'Commands this process issued for the policy since it started (one another process had already made appends nothing).',
  })
  issued!: number;
  @IntField({ minimum: 0, description: 'Clients due now whose command is not made yet: a round is working through them.' }) due!: number;
  @IntField({ minimum: 0, description: 'Clients due but waiting (see waitingReasons).' }) waiting!: number;
  @StringListField({ description: 'Why clients wait, e.g. the client department has no active manager.' }) waitingReasons!: string[];
  @DateTimeField({ optional: true, description: 'When the scheduler next finds a time-based rule falling due.' }) nextDueAt?: string;
}
