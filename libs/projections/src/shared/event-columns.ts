import type { ColumnSpec } from '@ledger/event-store';

/**
 * The columns a read model keeps of the event a row came from: where it stands in the log and when it
 * happened and was recorded, described the same way in every table (the README's schema shows them).
 */
export const EVENT_COLUMNS = {
  position: { name: 'position', type: 'integer', description: "The event's global position in the log." },
  occurredAt: { name: 'occurred_at', type: 'text', description: 'Business time, ISO 8601 UTC.' },
  occurredMs: { name: 'occurred_ms', type: 'integer', description: 'The same business time in milliseconds since 1970.' },
  recordedAt: { name: 'recorded_at', type: 'text', description: 'When the ledger stored the event, ISO 8601 UTC.' },
} as const satisfies Record<string, ColumnSpec>;

/** The columns of every fact row: its event's position, business time and record time, which the bounds of a historical answer filter on. */
export const FACT_TIMES: readonly ColumnSpec[] = [
  EVENT_COLUMNS.position,
  { ...EVENT_COLUMNS.occurredAt, description: 'Business time of the event, ISO 8601 UTC.' },
  EVENT_COLUMNS.recordedAt,
];
