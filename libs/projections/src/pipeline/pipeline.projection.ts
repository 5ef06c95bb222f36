import type { TableSpec } from '@ledger/event-store';

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
  {
    name: 'leads',
    description:
      "One row per contacted lead: its first contact in log order (which makes the lead and names its owner), and its last closing (LeadLost or its client's ClientWon); a closing logged before the first contact (closed_position < first_position) closed nothing.",
    columns: [
      { name: 'lead_id', type: 'text', description: 'The lead.' },
      { name: 'first_position', type: 'integer', merge: 'keep', description: 'Log position of the first LeadContacted of the lead.' },
      {
        name: 'owner_id',
        type: 'text',
        merge: 'keep',
        description: 'The rep of the first contact: the lead owner, on whose row wins and losses count.',
      },
      { name: 'company', type: 'text', merge: 'keep', description: 'The company named by the first contact.' },
      { name: 'first_contacted_at', type: 'text', merge: 'keep', description: 'Business time of the first contact, ISO 8601 UTC.' },
      {
        name: 'first_contacted_ms',
        type: 'integer',
        merge: 'keep',
        description: 'The same business time in milliseconds since 1970 (for days to win).',
      },
      { name: 'first_recorded_at', type: 'text', merge: 'keep', description: 'When the ledger stored the first contact, ISO 8601 UTC.' },
      {
        name: 'earliest_contacted_at',
        type: 'text',
        merge: 'min',
        description: 'The earliest business time of any contact of the lead, ISO 8601 UTC.',
      },
      {
        name: 'earliest_recorded_at',
        type: 'text',
        merge: 'min',
        description: 'The earliest record time of any contact of the lead, ISO 8601 UTC.',
      },
      {
        name: 'closings',
        type: 'integer',
        merge: 'add',
        description: 'How many closings (LeadLost, ClientWon) were applied to the lead once it existed (a count).',
      },
      { name: 'closed_position', type: 'integer', description: 'Log position of the last closing; null while open.' },
      { name: 'outcome', type: 'text', description: '`won` or `lost`, by the last closing; null while open.' },
      { name: 'closed_at', type: 'text', description: 'Business time of the last closing, ISO 8601 UTC.' },
      { name: 'closed_ms', type: 'integer', description: 'The same business time in milliseconds since 1970.' },
      { name: 'closed_recorded_at', type: 'text', description: 'When the ledger stored the last closing, ISO 8601 UTC.' },
      { name: 'lost_reason', type: 'text', description: 'The reason given, when the last closing is a loss.' },
      { name: 'client_id', type: 'text', description: 'The client won, when the last closing is a win.' },
    ],
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
  },
  {
    name: 'contacts',
    description: "Every LeadContacted, one row per event, never changed (for answers whose bounds exclude a lead's first contact).",
    columns: [
      { name: 'lead_id', type: 'text', description: 'The lead contacted.' },
      EVENT_COLUMNS.position,
      { name: 'rep_id', type: 'text', description: 'The rep who made the contact.' },
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
      { name: 'lead_id', type: 'text', description: 'The lead closed.' },
      EVENT_COLUMNS.position,
      { name: 'outcome', type: 'text', description: '`lost` (LeadLost) or `won` (ClientWon).' },
      EVENT_COLUMNS.occurredAt,
      EVENT_COLUMNS.occurredMs,
      EVENT_COLUMNS.recordedAt,
      { name: 'lost_reason', type: 'text', description: 'The reason given for a loss; null for a win.' },
      { name: 'client_id', type: 'text', description: 'The client a win made; null for a loss.' },
    ],
    primaryKey: ['lead_id', 'position'],
  },
  {
    name: 'extent',
    description:
      'One row: the latest business time and record time of any event the pipeline read; bounds at or after both leave nothing out.',
    columns: [
      { name: 'id', type: 'integer', description: 'Always 1.' },
      { name: 'max_occurred_at', type: 'text', merge: 'max', description: 'The latest business time of an event read, ISO 8601 UTC.' },
      { name: 'max_recorded_at', type: 'text', merge: 'max', description: 'The latest record time of an event read, ISO 8601 UTC.' },
    ],
    primaryKey: ['id'],
  },
  {
    name: 'employee_joins',
    description:
      "Every EmployeeJoined, one row per event: a lead's department is its owner's as of the last join before the lead's first contact.",
    columns: [
      { name: 'employee_id', type: 'text', description: 'The employee.' },
      EVENT_COLUMNS.position,
      { name: 'department', type: 'text', description: 'The department joined.' },
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
