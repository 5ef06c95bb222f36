import { type HandoffEvent, handoffMoveOf, type HandoffRecord } from '../../../handoffs/handoffs.projection';
import type { EventHandlers } from '../../../shared/event-handlers';
import { viewOf } from '../../../shared/read-model';

export const handoffsDocuments = viewOf((model) => ({
  handoffs: model.collection<HandoffRecord>('handoff'),
}));

const keepRecord = ({ handoffs }: ReturnType<typeof handoffsDocuments>, event: HandoffEvent): void => {
  const record = recordOf(event);
  handoffs.put(record.eventId, record);
};

export const HANDOFFS_DOCUMENT_HANDLERS: EventHandlers<ReturnType<typeof handoffsDocuments>> = {
  ClientHandedToClientDepartment: keepRecord,
  KeyAccountEscalated: keepRecord,
};

function recordOf(event: HandoffEvent): HandoffRecord {
  const { eventId, recordedAt, metadata } = event;
  // The runner reads whole events for this projection (readsWholeEvents); an event without them is a wiring fault, not data to guess.
  if (eventId === undefined || recordedAt === undefined || metadata === undefined) {
    throw new Error(
      `the handoffs projection needs whole recorded events (id, record time, metadata); the event at position ${event.position} came without`,
    );
  }
  return {
    position: event.position,
    eventId,
    occurredAt: event.occurredAt,
    recordedAt,
    ...handoffMoveOf(event),
    actor: metadata.actor,
    rule: metadata.rule ?? null,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
}
