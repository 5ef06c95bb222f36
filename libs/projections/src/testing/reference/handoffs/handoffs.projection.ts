import type { HandoffParty, HandoffRecord } from '../../../handoffs/handoffs.projection';
import { type ProjectedEvent, skipUnknownEvent } from '../../../shared/projection';
import type { ReadModel } from '../../../shared/read-model';

const handoffsCollections = (model: ReadModel) => ({
  handoffs: model.collection<HandoffRecord>('handoff'),
});

export const handoffsDocuments = (model: ReadModel) => model.view(handoffsCollections);

export function applyToHandoffs(model: ReadModel, event: ProjectedEvent): void {
  const { handoffs } = handoffsDocuments(model);
  switch (event.type) {
    case 'ClientHandedToClientDepartment': {
      const { clientId, fromDepartment, fromOwnerId, toDepartment, toManagerId, reason } = event.data;
      const record = recordOf(
        event,
        'handoff',
        clientId,
        { department: fromDepartment, employeeId: fromOwnerId },
        { department: toDepartment, employeeId: toManagerId },
        reason,
      );
      handoffs.put(record.eventId, record);
      return;
    }
    case 'KeyAccountEscalated': {
      const { clientId, fromDepartment, fromOwnerId, ownerDepartment, ownerId, reason } = event.data;
      const record = recordOf(
        event,
        'escalation',
        clientId,
        { department: fromDepartment, employeeId: fromOwnerId },
        { department: ownerDepartment, employeeId: ownerId },
        reason,
      );
      handoffs.put(record.eventId, record);
      return;
    }
    case 'EmployeeJoined':
    case 'EmployeeLeft':
    case 'CommissionPlanSet':
    case 'LeadContacted':
    case 'LeadLost':
    case 'LeadConverted':
    case 'ClientWon':
    case 'ReorderPlaced':
    case 'ClientLost':
      return;
    default:
      skipUnknownEvent(event);
  }
}

function recordOf(
  event: ProjectedEvent,
  kind: HandoffRecord['kind'],
  clientId: string,
  from: HandoffParty,
  to: HandoffParty,
  reason: string,
): HandoffRecord {
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
    kind,
    occurredAt: event.occurredAt,
    recordedAt,
    clientId,
    from,
    to,
    actor: metadata.actor,
    reason,
    rule: metadata.rule ?? null,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
}
