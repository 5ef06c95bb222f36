import type { ColumnSpec } from '@ledger/event-store';

/** The columns of every fact row: its event's position, business time and record time, which the bounds of a historical answer filter on. */
export const FACT_TIMES: readonly ColumnSpec[] = [
  { name: 'position', type: 'integer', description: "The event's global position in the log." },
  { name: 'occurred_at', type: 'text', description: 'Business time of the event, ISO 8601 UTC.' },
  { name: 'recorded_at', type: 'text', description: 'When the ledger stored the event, ISO 8601 UTC.' },
];
