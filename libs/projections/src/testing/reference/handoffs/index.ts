import type { HandoffsAnswer, HandoffsQuery } from '../../../handoffs/handoffs.query';
import { handledEventTypes } from '../../../shared/event-handlers';
import type { DocumentProjection } from '../../../shared/projection';
import { applyToHandoffs, HANDOFFS_DOCUMENT_HANDLERS } from './handoffs.projection';
import { queryHandoffs } from './handoffs.query';

export * from './handoffs.projection';
export * from './handoffs.query';

/** The audit trail of every handoff and key-account escalation: who moved which client, when, why, from and to whom. */
export const handoffsProjection: DocumentProjection<HandoffsQuery, HandoffsAnswer> = {
  name: 'handoffs',
  version: 2,
  eventTypes: handledEventTypes(HANDOFFS_DOCUMENT_HANDLERS),
  // Actor, correlation and causation, event id and record time are the trail's substance.
  readsWholeEvents: true,
  apply: applyToHandoffs,
  query: queryHandoffs,
};
