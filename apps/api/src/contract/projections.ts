import { ObjectType } from '@nestjs/graphql';
import type { ProjectionStatus } from '@ledger/projections';
import { ProjectionStateEnum } from './enums';
import { EnumField, IntField, NestedField, SafeIntField, TextField, ZonedTimeField } from './fields';

@ObjectType('ProjectionRebuild', { description: 'A new generation being built beside the live one.' })
export class ProjectionRebuildView {
  @IntField({ minimum: 0 }) generation!: number;
  @SafeIntField({ minimum: 0 }) checkpoint!: number;
  @ZonedTimeField() startedAt!: string;
}

@ObjectType('ProjectionStatus', { description: "A read model's generation, checkpoint and lag behind the head of the log." })
export class ProjectionStatusView implements ProjectionStatus {
  @TextField({ example: 'pipeline' }) projection!: string;
  @IntField({ minimum: 0, description: "The projection code's version." }) version!: number;
  @IntField({ minimum: 0 }) generation!: number;
  @SafeIntField({ minimum: 0, description: 'The position of the last event the live model applied.' }) checkpoint!: number;
  @SafeIntField({ minimum: 0 }) head!: number;
  @SafeIntField({ minimum: 0, description: 'Events behind the head.' }) lag!: number;
  @EnumField(ProjectionStateEnum) state!: 'live' | 'failed' | 'stopped';
  @TextField({ optional: true, description: 'Why the projection stopped.' }) failure?: string;
  @NestedField(() => ProjectionRebuildView, { optional: true }) rebuild?: ProjectionRebuildView;
}
