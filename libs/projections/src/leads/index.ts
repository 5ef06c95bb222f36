import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToLeads, LEADS_HANDLERS, LEADS_TABLES } from './leads.projection';
import { type LeadsAnswer, type LeadsQuery, queryLeads } from './leads.query';

export * from './leads.projection';
export * from './leads.query';

/** The leads: each lead's company, owner, stage and contacts, filtered, searched and sorted. */
export const leadsProjection: TableProjection<LeadsQuery, LeadsAnswer> = {
  kind: 'tables',
  name: 'leads',
  version: 1,
  eventTypes: handledEventTypes(LEADS_HANDLERS),
  tables: LEADS_TABLES,
  apply: applyToLeads,
  query: queryLeads,
};
