import type { Department } from '@ledger/domain';
import type { Actor, PolicyRule } from '@ledger/event-store';
import { skipUnknownEvent, type ProjectedEvent } from '../../../shared/projection';
import type { ReadModel } from '../../../shared/read-model';

/** A side of a handoff: the department and the employee holding the client. */
export interface HandoffParty {
  readonly department: Department;
  readonly employeeId: string;
}

/**
 * One change of a client's ownership as the log recorded it: a handoff from
 * the sales department to the client department, or an escalation to a key
 * account. Written once, never changed: the trail is the log's own record.
 */
export interface HandoffRecord {
  /** The event's global position in the log. */
  readonly position: number;
  readonly eventId: string;
  /** 'handoff': ClientHandedToClientDepartment; 'escalation': KeyAccountEscalated. */
  readonly kind: 'handoff' | 'escalation';
  /** Business time. */
  readonly occurredAt: string;
  /** When the ledger stored the event. */
  readonly recordedAt: string;
  readonly clientId: string;
  readonly from: HandoffParty;
  readonly to: HandoffParty;
  /** Who did it, as recorded: a user with a role, or a named policy. */
  readonly actor: Actor;
  readonly reason: string;
  /** When a policy acted: its rule and the rule's parameters then; null for a person's decision. */
  readonly rule: PolicyRule | null;
  readonly correlationId: string;
  readonly causationId: string;
}

const handoffsCollections = (model: ReadModel) => ({
  handoffs: model.collection<HandoffRecord>('handoff'),
});

export const handoffsDocuments = (model: ReadModel) => model.view(handoffsCollections);

export function applyToHandoffs(model: ReadModel, event: ProjectedEvent): void {
  const { handoffs } = handoffsDocuments(model);
  switch (event.type) {
    case 'ClientHandedToClientDepartment': {
      const { clientId, fromDepartment, fromOwnerId, toDepartment, toManagerId, reason } = event.data;
      const record = recordOf(event, 'handoff', clientId, { department: fromDepartment, employeeId: fromOwnerId }, { department: toDepartment, employeeId: toManagerId }, reason);
      handoffs.put(record.eventId, record);
      return;
    }
    case 'KeyAccountEscalated': {
      const { clientId, fromDepartment, fromOwnerId, ownerDepartment, ownerId, reason } = event.data;
      const record = recordOf(event, 'escalation', clientId, { department: fromDepartment, employeeId: fromOwnerId }, { department: ownerDepartment, employeeId: ownerId }, reason);
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

function recordOf(event: ProjectedEvent, kind: HandoffRecord['kind'], clientId: string, from: HandoffParty, to: HandoffParty, reason: string): HandoffRecord {
  const { eventId, recordedAt, metadata } = event;
  // The runner reads whole events for this projection (readsWholeEvents); an event without them is a wiring fault, not data to guess.
  if (eventId === undefined || recordedAt === undefined || metadata === undefined) {
    throw new Error(`the handoffs projection needs whole recorded events (id, record time, metadata); the event at position ${event.position} came without`);
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
