import type { Actor, EventMetadata, RecordedEvent } from '@ledger/event-store';
import type { EventPage } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

import { STREAM_LIST_ITEMS } from '../graphql/limits';
import { connectionFields, edgeType } from './connection';
import { ActorTypeEnum, EventTypeEnum } from './enums';
import {
  DateTimeField,
  EnumField,
  IdField,
  IntField,
  JsonObjectField,
  NestedField,
  NestedListField,
  SafeIntField,
  TextField,
} from './fields';

/** One type for both kinds of actor: a user has id and role, a policy a name (the same keys as the REST JSON). */
@ObjectType('EventActor', { description: 'Who caused an event: a user (id, role) or a named policy (name).' })
export class EventActorView {
  @EnumField(ActorTypeEnum) type!: 'user' | 'policy';
  @IdField({ optional: true, description: "The user's id." }) id?: string;
  @TextField({ optional: true, nullable: true, description: "The user's role when they acted." }) role?: string | null;
  @TextField({ optional: true, description: "The policy's name." }) name?: string;
}

@ObjectType('EventMetadata')
export class EventMetadataView implements EventMetadata {
  @NestedField(() => EventActorView) actor!: Actor;
  @TextField({ description: 'Shared by every event one outside request led to.' }) correlationId!: string;
  @TextField({ description: 'The id of the command or event that directly caused this one.' }) causationId!: string;
}

@ObjectType('RecordedEvent', { description: 'An event as the log holds it.' })
export class RecordedEventView implements RecordedEvent {
  @TextField() eventId!: string;
  @EnumField(EventTypeEnum, { example: 'ClientWon' }) type!: string;
  @IntField({ minimum: 1 }) schemaVersion!: number;
  @TextField({ example: 'client-acme' }) streamId!: string;
  @IntField({ minimum: 0, description: "0 for a stream's first event, then +1 each." }) revision!: number;
  @SafeIntField({ minimum: 1, description: 'Order in the whole log, from 1.' }) position!: number;
  @DateTimeField({ description: 'Business time: when it happened in the world.' }) occurredAt!: string;
  @DateTimeField({ description: 'Record time: when the ledger stored it.' }) recordedAt!: string;
  @JsonObjectField({
    description: "The event's data; its shape is given by type and schemaVersion.",
    deprecationReason: 'Use `payload`: the same data, typed by the event type.',
  })
  data!: Record<string, unknown>;
  @NestedField(() => EventMetadataView) metadata!: EventMetadataView;
}

/** GraphQL: an event of a page of a stream or the log, with its cursor. */
export const RecordedEventEdgeView = edgeType(RecordedEventView, 'RecordedEvent');

/**
 * GraphQL answers the page as a connection too; its cursors are positions
 * (decimal text), which `after` takes as a number.
 */
@ObjectType('EventPage', { description: 'A page of the global log, in order: a connection whose cursors are positions.' })
export class EventPageView
  extends connectionFields(RecordedEventView, RecordedEventEdgeView, {
    totalCountNullable: true,
    totalCountDescription:
      'Events in the log up to the head, where positions count them (SQLite, PostgreSQL); null where they only grow (EventStoreDB).',
  })
  implements EventPage
{
  @NestedListField(() => RecordedEventView, { deprecationReason: 'Use `nodes` (or `edges`).' }) events!: RecordedEventView[];
  @SafeIntField({ nullable: true, description: 'Pass as `after` to read on; null when the page reached the head.' }) nextAfter!:
    number | null;
  @SafeIntField({ minimum: 0, description: 'The position of the newest event when the page was read.' }) headPosition!: number;
}

/** GET /v1/events as JSON: the page with the paging names every REST list uses (`nextCursor`, taken back as `after`). */
export class EventListView extends EventPageView {
  @TextField({
    nullable: true,
    description: 'Pass as `after` to read on (the position of the last event, as text); null when the page reached the head.',
  })
  nextCursor!: string | null;
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    nullable: true,
    deprecated: true,
    description: 'Deprecated: read `nextCursor`, which carries the same position.',
  })
  declare nextAfter: number | null;
}

@ObjectType('ClientEvents', { description: "A client's stream, oldest first; GraphQL: a connection, a page at a time." })
export class ClientEventsView extends connectionFields(RecordedEventView, RecordedEventEdgeView) {
  @NestedListField(() => RecordedEventView, {
    costedItems: STREAM_LIST_ITEMS,
    deprecationReason: 'Use `nodes` (or `edges`), a page at a time (`first`, `after`).',
  })
  events!: RecordedEventView[];
}
