import { MAX_CHECK_DIFFERENCES, type PolicyName, type PolicyStatus } from '@ledger/ledger';
import type { ProjectionStatus, ReadModelCheck, ReadModelDifference, TableComparison } from '@ledger/projections';
import { ArgsType, ObjectType } from '@nestjs/graphql';

import { ProjectionStateEnum } from './enums';
import {
  BooleanField,
  DateTimeField,
  DecimalField,
  EnumField,
  IdField,
  IntField,
  JsonObjectField,
  NestedField,
  NestedListField,
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

@ObjectType('ReadModelTableComparison', {
  description: 'One table of a read model compared with the log: rows each side has that the other has not (a changed row counts on both).',
})
export class TableComparisonView implements TableComparison {
  @TextField({
    example: 'monthly_department_totals',
    description: 'The table as the projection names it (`documents` for a projection of documents).',
  })
  table!: string;
  @SafeIntField({ minimum: 0, description: 'Stored rows the log does not give (changed or added).' }) storedOnly!: number;
  @SafeIntField({ minimum: 0, description: 'Rows the log gives that are not stored so (changed or missing).' }) rebuiltOnly!: number;
}

@ObjectType('ReadModelDifference', { description: 'A row where the stored read model and the log disagree.' })
export class ReadModelDifferenceView implements ReadModelDifference {
  @TextField({ example: 'monthly_department_totals' }) table!: string;
  @JsonObjectField({ description: "The row's key columns and values." }) key!: ReadModelDifference['key'];
  @JsonObjectField({ nullable: true, description: 'The row as stored; null: the stored read model lacks a row the log gives.' })
  stored!: ReadModelDifference['stored'];
  @JsonObjectField({ nullable: true, description: 'The row as the log gives it; null: a stored row the log does not give.' })
  rebuilt!: ReadModelDifference['rebuilt'];
}

@ObjectType('ReadModelCheck', {
  description: 'A read model compared row by row with the same read model folded anew from the log, at one position of the log.',
})
export class ReadModelCheckView implements ReadModelCheck {
  @TextField({ example: 'revenue' }) projection!: string;
  @BooleanField({ description: 'Whether every stored row is the one the log gives, and none is missing.' }) equal!: boolean;
  @IntField({ minimum: 0, description: 'The live generation compared.' }) generation!: number;
  @SafeIntField({ minimum: 0, description: 'The log position both sides stand at.' }) position!: number;
  @NestedListField(() => TableComparisonView, { costedItems: 20 }) tables!: TableComparisonView[];
  @NestedListField(() => ReadModelDifferenceView, {
    costedItems: 10,
    description: 'The first differences, by table and key (at most maxDifferences).',
  })
  differences!: ReadModelDifferenceView[];
  @DateTimeField() checkedAt!: string;
  @DecimalField({ description: 'How long the check took, in seconds.' }) seconds!: number;
}

@ArgsType()
export class CheckReadModelsQueryDto {
  @IdField({ optional: true, example: 'revenue', description: 'One projection; default every one, in turn.' }) projection?: string;
  @IntField({
    optional: true,
    minimum: 1,
    maximum: MAX_CHECK_DIFFERENCES,
    fromQueryString: true,
    description: 'The differences named per projection at most (default 10).',
  })
  maxDifferences?: number;
}
