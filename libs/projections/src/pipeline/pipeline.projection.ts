import type { TableSpec } from '@ledger/event-store';

import { integer, mergedTable, text } from '../shared/columns';
import { EVENT_COLUMNS } from '../shared/event-columns';
import { type EventHandlers, handlerOf } from '../shared/event-handlers';
import type { ProjectedEvent } from '../shared/projection';
import type { RowWriter } from '../shared/row-buffer';

/**
 * The pipeline as facts: every contact, every closing (lost or won) and every
 * join, each with its business time, record time and position, so that any
 * historical bound is a filter. Beside them one row per lead keeps what the
 * live answer needs (its first contact by position, its last closing) and
 * what lets a bounded answer skip the facts for most leads (the earliest
 * times of any of its contacts, how many closings it had); one more row keeps
 * the latest times of all, so that bounds after them answer as live.
 */
export const PIPELINE_TABLES: readonly TableSpec[] = [
  mergedTable({
    name: 'leads',
    description:
      "One row per contacted lead: its first contact in log order (which makes the lead and names its owner), and its last closing (LeadLost or its client's ClientWon); a closing logged before the first contact (closed_position < first_position) closed nothing.",
    columns: [
      text('lead_id', 'The lead.'),
      integer('first_position', 'Log position of the first LeadContacted of the lead.'),
      text('owner_id', 'The rep of the first contact: the lead owner, on whose row wins and losses count.'),
      text('company', 'The company named by the first contact.'),
      text('first_contacted_at', 'Business time of the first contact, ISO 8601 UTC.'),
      integer('first_contacted_ms', 'The same business time in milliseconds since 1970 (for days to win).'),
      text('first_recorded_at', 'When the ledger stored the first contact, ISO 8601 UTC.'),
      text('earliest_contacted_at', 'The earliest business time of any contact of the lead, ISO 8601 UTC.'),
      text('earliest_recorded_at', 'The earliest record time of any contact of the lead, ISO 8601 UTC.'),
      integer('closings', 'How many closings (LeadLost, ClientWon) were applied to the lead once it existed (a count).'),
      integer('closed_position', 'Log position of the last closing; null while open.'),
      text('outcome', '`won` or `lost`, by the last closing; null while open.'),
      text('closed_at', 'Business time of the last closing, ISO 8601 UTC.'),
      integer('closed_ms', 'The same business time in milliseconds since 1970.'),
      text('closed_recorded_at', 'When the ledger stored the last closing, ISO 8601 UTC.'),
      text('lost_reason', 'The reason given, when the last closing is a loss.'),
      text('client_id', 'The client won, when the last closing is a win.'),
    ],
    merges: {
      keep: ['first_position', 'owner_id', 'company', 'first_contacted_at', 'first_contacted_ms', 'first_recorded_at'],
      min: ['earliest_contacted_at', 'earliest_recorded_at'],
      add: ['closings'],
    },
    primaryKey: ['lead_id'],
    // Covers the live answer per rep (and a rep's own pipeline): its counts read the index in owner order, without sorting.
    indexes: [
      [
        'owner_id',
        'outcome',
        'lost_reason',
        'first_position',
        'closed_position',
        'first_contacted_at',
        'closed_at',
        'first_contacted_ms',
        'closed_ms',
      ],
    ],
  }),
  {
    name: 'contacts',
    description: "Every LeadContacted, one row per event, never changed (for answers whose bounds exclude a lead's first contact).",
    columns: [
      text('lead_id', 'The lead contacted.'),
      EVENT_COLUMNS.position,
      text('rep_id', 'The rep who made the contact.'),
      EVENT_COLUMNS.occurredAt,
      EVENT_COLUMNS.occurredMs,
      EVENT_COLUMNS.recordedAt,
    ],
    primaryKey: ['lead_id', 'position'],
  },
  {
    name: 'closings',
    description:
      "Every LeadLost and ClientWon, one row per event, never changed; it closes its lead only when applied after the lead's first contact.",
    columns: [
      text('lead_id', 'The lead closed.'),
      EVENT_COLUMNS.position,
      text('outcome', '`lost` (LeadLost) or `won` (ClientWon).'),
      EVENT_COLUMNS.occurredAt,
      EVENT_COLUMNS.occurredMs,
      EVENT_COLUMNS.recordedAt,
      text('lost_reason', 'The reason given for a loss; null for a win.'),
      text('client_id', 'The client a win made; null for a loss.'),
    ],
    primaryKey: ['lead_id', 'position'],
  },
  mergedTable({
    name: 'extent',
    description:
      'One row: the latest business time and record time of any event the pipeline read; bounds at or after both leave nothing out.',
    columns: [
      integer('id', 'Always 1.'),
      text('max_occurred_at', 'The latest business time of an event read, ISO 8601 UTC.'),
      text('max_recorded_at', 'The latest record time of an event read, ISO 8601 UTC.'),
    ],
    merges: { max: ['max_occurred_at', 'max_recorded_at'] },
    primaryKey: ['id'],
  }),
  {
    name: 'employee_joins',
    description:
      "Every EmployeeJoined, one row per event: a lead's department is its owner's as of the last join before the lead's first contact.",
    columns: [
      text('employee_id', 'The employee.'),
      EVENT_COLUMNS.position,
      text('department', 'The department joined.'),
      EVENT_COLUMNS.occurredAt,
      EVENT_COLUMNS.recordedAt,
    ],
    primaryKey: ['employee_id', 'position'],
  },
];

export const PIPELINE_HANDLERS: EventHandlers<RowWriter> = {
  EmployeeJoined: (rows, event) => {
    const { position, occurredAt, recordedAt } = event;
    rows.upsert('employee_joins', {
      employee_id: event.data.employeeId,
      position,
      department: event.data.department,
      occurred_at: occurredAt,
      recorded_at: recordedAt,
    });
  },
  LeadContacted: (rows, event) => {
    const { position, occurredAt, recordedAt } = event;
    const { leadId, repId, company } = event.data;
    const occurredMs = Date.parse(occurredAt);
    // Written for every contact; `keep` leaves the first one's, `min` finds the earliest times.
    rows.upsert('leads', {
      lead_id: leadId,
      first_position: position,
      owner_id: repId,
      company,
      first_contacted_at: occurredAt,
      first_contacted_ms: occurredMs,
      first_recorded_at: recordedAt,
      earliest_contacted_at: occurredAt,
      earliest_recorded_at: recordedAt,
    });
    rows.upsert('contacts', {
      lead_id: leadId,
      position,
      rep_id: repId,
      occurred_at: occurredAt,
      occurred_ms: occurredMs,
      recorded_at: recordedAt,
    });
  },
  LeadLost: (rows, event) => close(rows, event, event.data.leadId, 'lost', event.data.reason, null),
  // The lead is won by its client's ClientWon (LeadConverted only guards against a second win).
  ClientWon: (rows, event) => close(rows, event, event.data.leadId, 'won', null, event.data.clientId),
};

/** Every event the pipeline handles also moves the extent of what it has seen. */
export function applyToPipeline(rows: RowWriter, event: ProjectedEvent): void {
  const handle = handlerOf(PIPELINE_HANDLERS, event);
  if (!handle) return;
  rows.upsert('extent', { id: 1, max_occurred_at: event.occurredAt, max_recorded_at: event.recordedAt });
  handle(rows, event);
}

function close(
  rows: RowWriter,
  event: ProjectedEvent,
  leadId: string,
  outcome: 'won' | 'lost',
  lostReason: string | null,
  clientId: string | null,
): void {
  const { position, occurredAt, recordedAt } = event;
  const occurredMs = Date.parse(occurredAt);
  rows.upsert('closings', {
    lead_id: leadId,
    position,
    outcome,
    occurred_at: occurredAt,
    occurred_ms: occurredMs,
    recorded_at: recordedAt,
    lost_reason: lostReason,
    client_id: clientId,
  });
  // A closing of a lead not contacted yet closes nothing: no row to update (or, within one batch, a row whose first contact comes later, which answers check).
  rows.update('leads', {
    lead_id: leadId,
    closings: 1,
    closed_position: position,
    outcome,
    closed_at: occurredAt,
    closed_ms: occurredMs,
    closed_recorded_at: recordedAt,
    lost_reason: lostReason,
    client_id: clientId,
  });
}
