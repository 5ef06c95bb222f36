import type { ColumnSpec, TableSpec } from '@ledger/event-store';

import { integer, text } from './columns';

/**
 * The columns a read model keeps of the event a row came from: where it stands in the log and when it
 * happened and was recorded, described the same way in every table (the README's schema shows them).
 */
export const EVENT_COLUMNS = {
  position: integer('position', "The event's global position in the log."),
  occurredAt: text('occurred_at', 'Business time, ISO 8601 UTC.'),
  occurredMs: integer('occurred_ms', 'The same business time in milliseconds since 1970.'),
  recordedAt: text('recorded_at', 'When the ledger stored the event, ISO 8601 UTC.'),
} as const satisfies Record<string, ColumnSpec>;

/** The columns of every fact row: its event's position, business time and record time, which the bounds of a historical answer filter on. */
export const FACT_TIMES: readonly ColumnSpec[] = [
  EVENT_COLUMNS.position,
  { ...EVENT_COLUMNS.occurredAt, description: 'Business time of the event, ISO 8601 UTC.' },
  EVENT_COLUMNS.recordedAt,
];

/** A fact row's FACT_TIMES, from the event it records. */
export const factTimesOf = (event: { readonly position: number; readonly occurredAt: string; readonly recordedAt: string }) => ({
  position: event.position,
  occurred_at: event.occurredAt,
  recorded_at: event.recordedAt,
});

/**
 * A table of the facts of one kind of subject (a lead, a client, an employee): one row per event of a
 * subject, never changed, keyed by the subject and the event's position.
 */
export function subjectFacts(
  table: Pick<TableSpec, 'name' | 'description' | 'indexes'> & { readonly subject: ColumnSpec; readonly columns: readonly ColumnSpec[] },
): TableSpec {
  const { name, description, subject, columns, indexes } = table;
  const facts: TableSpec = { name, description, columns: [subject, ...FACT_TIMES, ...columns], primaryKey: [subject.name, 'position'] };
  return indexes === undefined ? facts : { ...facts, indexes };
}
