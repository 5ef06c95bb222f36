import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToHandoffs, HANDOFFS_HANDLERS, HANDOFFS_TABLES } from './handoffs.projection';
import { type HandoffsAnswer, type HandoffsQuery, queryHandoffs } from './handoffs.query';

export * from './handoffs.projection';
export * from './handoffs.query';

/** The audit trail of every handoff and key-account escalation: who moved which client, when, why, from and to whom. */
export const handoffsProjection: TableProjection<HandoffsQuery, HandoffsAnswer> = {
  kind: 'tables',
  name: 'handoffs',
  version: 3,
  eventTypes: handledEventTypes(HANDOFFS_HANDLERS),
  // Actor, correlation and causation and the event id are the trail's substance.
  readsWholeEvents: true,
  tables: HANDOFFS_TABLES,
  apply: applyToHandoffs,
  query: queryHandoffs,
};
