import type { RecordedEvent } from './event-store';

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
