import type { FoldedEvent, RecordedEvent } from './event-store';

/** A row of the events table, as SQLite (position a number) and PostgreSQL (BIGINT as text) return it. */
export interface EventRow<Position extends number | string = number> {
  position: Position;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  data: string;
  metadata: string;
}

/** The event a row stores, exactly as readers (and the hash chain) see it. */
export function toRecordedEvent(row: EventRow<number | string>): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: Number(row.position),
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
  };
}

/**
 * A row as an array, in EventRow's column order without the hash: better-sqlite3
 * builds arrays far faster than objects with named keys, which counts over whole logs.
 */
export type EventTuple = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  data: string,
  metadata: string,
];

/** The same event toRecordedEvent makes of a named row. */
export function fromEventTuple([
  position,
  eventId,
  streamId,
  revision,
  type,
  schemaVersion,
  occurredAt,
  recordedAt,
  data,
  metadata,
]: EventTuple): RecordedEvent {
  return {
    eventId,
    streamId,
    revision,
    position,
    type,
    schemaVersion,
    occurredAt,
    recordedAt,
    data: JSON.parse(data) as unknown,
    metadata: JSON.parse(metadata) as RecordedEvent['metadata'],
  };
}

/** What a fold reads of each event, in FoldedTuple's order: a fold reads the whole log, and every column fetched costs. */
export const FOLDED_COLUMNS = 'position, type, schema_version, occurred_at, recorded_at, data';

/** A FOLDED_COLUMNS row as an array (position as SQLite answers it, or PostgreSQL's BIGINT as text). */
export type FoldedTuple = [
  position: number | string,
  type: string,
  schemaVersion: number,
  occurredAt: string,
  recordedAt: string,
  data: string,
];

export function fromFoldedTuple([position, type, schemaVersion, occurredAt, recordedAt, data]: FoldedTuple): FoldedEvent {
  return { position: Number(position), type, schemaVersion, occurredAt, recordedAt, data: JSON.parse(data) as unknown };
}
