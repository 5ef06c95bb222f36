import type { TableSpec } from '@ledger/event-store';

import { integer, mergedTable, text } from '../shared/columns';
import { factTimesOf, subjectFacts } from '../shared/event-columns';
import { applyWith, type EventHandlers } from '../shared/event-handlers';
import { searchKey } from '../shared/listing';
import type { RowWriter } from '../shared/row-buffer';

/** One lead in the list, as its stream leaves it after the events within the bounds. */
export interface LeadSummary {
  readonly leadId: string;
  /** As its latest contact named it. */
  readonly company: string;
  /** The rep of its first contact. */
  readonly ownerId: string;
  readonly stage: 'open' | 'won' | 'lost';
  readonly firstContactedAt: string;
  readonly lastContactAt: string;
  readonly contactCount: number;
  readonly closedAt: string | null;
  readonly clientId: string | null;
  readonly lostReason: string | null;
  /** Its stream's revision: its events within the bounds, less one. */
  readonly revision: number;
}

/**
 * The leads as SQL: `leads` holds each lead as it stands now (what a live page
 * reads, by index); `contacts` and `closings` are the facts, one row per event,
 * from which a historical answer takes each lead's first and latest contact and
 * latest closing within the bounds.
 */
export const LEADS_TABLES: readonly TableSpec[] = [
  mergedTable({
    name: 'leads',
    description: 'Every lead contacted, one row each, as it stands after every event recorded so far.',
    columns: [
      text('lead_id', 'The lead.'),
      text('company', "The company, as the lead's latest contact named it."),
      text('company_key', 'The company in lower case, as a search and a sort by company compare it.'),
      text('owner_id', 'The rep of the first contact, who owns the lead.'),
      text('stage', '`open` from a contact, `won` once converted, `lost` once lost.'),
      text('first_contacted_at', 'Business time of the first contact, ISO 8601 UTC.'),
      text('last_contact_at', 'Business time of the latest contact, ISO 8601 UTC.'),
      integer('contacts', 'LeadContacted events of the lead.'),
      text('closed_at', 'Business time of the LeadConverted or LeadLost, ISO 8601 UTC; null while open.'),
      text('client_id', 'The client the lead was won as; null unless won.'),
      text('lost_reason', 'Why the lead was lost; null unless lost.'),
      integer('events', "Events of the lead's stream: its revision plus one."),
    ],
    merges: { keep: ['owner_id', 'first_contacted_at'], max: ['last_contact_at'], add: ['contacts', 'events'] },
    primaryKey: ['lead_id'],
    indexes: [['owner_id', 'stage'], ['stage'], ['first_contacted_at'], ['last_contact_at']],
  }),
  subjectFacts({
    name: 'contacts',
    description: 'Every contact of a lead, one row per LeadContacted, never changed.',
    subject: text('lead_id', 'The lead contacted.'),
    columns: [
      text('rep_id', 'The rep who made the contact.'),
      text('company', 'The company the contact named.'),
      text('company_key', 'The company in lower case.'),
    ],
  }),
  subjectFacts({
    name: 'closings',
    description: 'Every LeadConverted and LeadLost, one row per event, never changed.',
    subject: text('lead_id', 'The lead closed.'),
    columns: [
      text('stage', '`won` (LeadConverted) or `lost` (LeadLost).'),
      text('client_id', 'The client it was won as; null for a loss.'),
      text('lost_reason', 'Why it was lost; null for a win.'),
    ],
  }),
];

/** A closing changes the current row only where the lead was contacted, as the list ignores a lead nobody contacted. */
export const LEADS_HANDLERS: EventHandlers<RowWriter> = {
  LeadContacted: (rows, event) => {
    const { leadId, repId, company } = event.data;
    const companyKey = searchKey(company);
    rows.upsert('contacts', { lead_id: leadId, ...factTimesOf(event), rep_id: repId, company, company_key: companyKey });
    rows.upsert('leads', {
      lead_id: leadId,
      company,
      company_key: companyKey,
      owner_id: repId,
      stage: 'open',
      first_contacted_at: event.occurredAt,
      last_contact_at: event.occurredAt,
      contacts: 1,
      events: 1,
    });
  },
  LeadConverted: (rows, event) => {
    const { leadId, clientId } = event.data;
    rows.upsert('closings', { lead_id: leadId, ...factTimesOf(event), stage: 'won', client_id: clientId, lost_reason: null });
    rows.update('leads', { lead_id: leadId, stage: 'won', closed_at: event.occurredAt, client_id: clientId, events: 1 });
  },
  LeadLost: (rows, event) => {
    const { leadId, reason } = event.data;
    rows.upsert('closings', { lead_id: leadId, ...factTimesOf(event), stage: 'lost', client_id: null, lost_reason: reason });
    rows.update('leads', { lead_id: leadId, stage: 'lost', closed_at: event.occurredAt, lost_reason: reason, events: 1 });
  },
};

export const applyToLeads = applyWith(LEADS_HANDLERS);
