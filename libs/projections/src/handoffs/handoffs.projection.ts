import type { Department } from '@ledger/domain';
import type { Actor, PolicyRule, TableSpec } from '@ledger/event-store';

import { applyWith, type EventHandlers } from '../shared/event-handlers';
import type { ProjectedEvent } from '../shared/projection';
import type { RowWriter } from '../shared/row-buffer';

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

export const HANDOFFS_TABLES: readonly TableSpec[] = [
  {
    name: 'handoffs',
    description: 'Every handoff to the client department and every key-account escalation, one row per event, never changed.',
    columns: [
      { name: 'position', type: 'integer', description: "The event's global position in the log." },
      { name: 'event_id', type: 'text', description: "The event's id." },
      { name: 'kind', type: 'text', description: '`handoff` (ClientHandedToClientDepartment) or `escalation` (KeyAccountEscalated).' },
      { name: 'occurred_at', type: 'text', description: 'Business time, ISO 8601 UTC.' },
      { name: 'recorded_at', type: 'text', description: 'When the ledger stored the event, ISO 8601 UTC.' },
      { name: 'client_id', type: 'text', description: 'The client moved.' },
      { name: 'from_department', type: 'text', description: 'The department that held the client.' },
      { name: 'from_employee_id', type: 'text', description: 'The employee who held the client.' },
      { name: 'to_department', type: 'text', description: 'The department that took the client.' },
      { name: 'to_employee_id', type: 'text', description: 'The employee who took the client (manager or key-account owner).' },
      { name: 'actor_type', type: 'text', description: '`user` or `policy`.' },
      { name: 'actor_id', type: 'text', description: "The acting user's id, or the policy's name." },
      { name: 'actor_role', type: 'text', description: "The acting user's role (null for a policy or a user without one)." },
      { name: 'reason', type: 'text', description: 'The reason given.' },
      {
        name: 'rule',
        type: 'text',
        description: 'A policy\'s rule and its parameters then, as JSON (`{"name", "parameters"}`); null for a person\'s decision.',
      },
      { name: 'correlation_id', type: 'text', description: 'Shared by every event one outside request led to.' },
      { name: 'causation_id', type: 'text', description: 'The command or event that directly caused it.' },
    ],
    primaryKey: ['position'],
    indexes: [['client_id'], ['occurred_at']],
  },
];

export const HANDOFFS_HANDLERS: EventHandlers<RowWriter> = {
  ClientHandedToClientDepartment: (rows, event) => {
    const { clientId, fromDepartment, fromOwnerId, toDepartment, toManagerId, reason } = event.data;
    rows.upsert(
      'handoffs',
      rowOf(
        event,
        'handoff',
        clientId,
        { department: fromDepartment, employeeId: fromOwnerId },
        { department: toDepartment, employeeId: toManagerId },
        reason,
      ),
    );
  },
  KeyAccountEscalated: (rows, event) => {
    const { clientId, fromDepartment, fromOwnerId, ownerDepartment, ownerId, reason } = event.data;
    rows.upsert(
      'handoffs',
      rowOf(
        event,
        'escalation',
        clientId,
        { department: fromDepartment, employeeId: fromOwnerId },
        { department: ownerDepartment, employeeId: ownerId },
        reason,
      ),
    );
  },
};

export const applyToHandoffs = applyWith(HANDOFFS_HANDLERS);

function rowOf(event: ProjectedEvent, kind: HandoffRecord['kind'], clientId: string, from: HandoffParty, to: HandoffParty, reason: string) {
  const { eventId, metadata } = event;
  // The runner reads whole events for this projection (readsWholeEvents); an event without them is a wiring fault, not data to guess.
  if (eventId === undefined || metadata === undefined) {
    throw new Error(
      `the handoffs projection needs whole recorded events (id, metadata); the event at position ${event.position} came without`,
    );
  }
  const { actor } = metadata;
  return {
    position: event.position,
    event_id: eventId,
    kind,
    occurred_at: event.occurredAt,
    recorded_at: event.recordedAt,
    client_id: clientId,
    from_department: from.department,
    from_employee_id: from.employeeId,
    to_department: to.department,
    to_employee_id: to.employeeId,
    actor_type: actor.type,
    actor_id: actor.type === 'user' ? actor.id : actor.name,
    actor_role: actor.type === 'user' ? actor.role : null,
    reason,
    rule: metadata.rule ? JSON.stringify(metadata.rule) : null,
    correlation_id: metadata.correlationId,
    causation_id: metadata.causationId,
  };
}
