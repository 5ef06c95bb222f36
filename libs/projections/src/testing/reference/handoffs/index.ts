import { documentProjectionOf } from '../../../shared/event-handlers';
import { HANDOFFS_DOCUMENT_HANDLERS, handoffsDocuments } from './handoffs.projection';
import { queryHandoffs } from './handoffs.query';

export * from './handoffs.projection';
export * from './handoffs.query';

/** The audit trail of every handoff and key-account escalation: who moved which client, when, why, from and to whom. */
export const handoffsProjection = documentProjectionOf({
  name: 'handoffs',
  version: 2,
  // Actor, correlation and causation, event id and record time are the trail's substance.
  readsWholeEvents: true,
  handlers: HANDOFFS_DOCUMENT_HANDLERS,
  view: handoffsDocuments,
  query: queryHandoffs,
});
