import type { Department } from '@ledger/domain';
import type { Actor, PolicyRule, TableSpec } from '@ledger/event-store';

import { text } from '../shared/columns';
import { EVENT_COLUMNS } from '../shared/event-columns';
import { applyWith, type EventHandlers, type ProjectedEventOf } from '../shared/event-handlers';
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
      EVENT_COLUMNS.position,
      text('event_id', "The event's id."),
      text('kind', '`handoff` (ClientHandedToClientDepartment) or `escalation` (KeyAccountEscalated).'),
      EVENT_COLUMNS.occurredAt,
      EVENT_COLUMNS.recordedAt,
      text('client_id', 'The client moved.'),
      text('from_department', 'The department that held the client.'),
      text('from_employee_id', 'The employee who held the client.'),
      text('to_department', 'The department that took the client.'),
      text('to_employee_id', 'The employee who took the client (manager or key-account owner).'),
      text('actor_type', '`user` or `policy`.'),
      text('actor_id', "The acting user's id, or the policy's name."),
      text('actor_role', "The acting user's role (null for a policy or a user without one)."),
      text('reason', 'The reason given.'),
      text('rule', 'A policy\'s rule and its parameters then, as JSON (`{"name", "parameters"}`); null for a person\'s decision.'),
      text('correlation_id', 'Shared by every event one outside request led to.'),
      text('causation_id', 'The command or event that directly caused it.'),
    ],
    primaryKey: ['position'],
    indexes: [['client_id'], ['occurred_at']],
  },
];

/** The events the trail records: a handoff to the client department, an escalation to a key account. */
export type HandoffEvent = ProjectedEventOf<'ClientHandedToClientDepartment'> | ProjectedEventOf<'KeyAccountEscalated'>;

/** What a handoff or escalation moved: the client, from whom, to whom, and why. */
export function handoffMoveOf(event: HandoffEvent): Pick<HandoffRecord, 'kind' | 'clientId' | 'from' | 'to' | 'reason'> {
  const { clientId, fromDepartment, fromOwnerId, reason } = event.data;
  const from = { department: fromDepartment, employeeId: fromOwnerId };
  return event.type === 'ClientHandedToClientDepartment'
    ? { kind: 'handoff', clientId, from, to: { department: event.data.toDepartment, employeeId: event.data.toManagerId }, reason }
    : { kind: 'escalation', clientId, from, to: { department: event.data.ownerDepartment, employeeId: event.data.ownerId }, reason };
}

export const HANDOFFS_HANDLERS: EventHandlers<RowWriter> = {
  ClientHandedToClientDepartment: (rows, event) => rows.upsert('handoffs', rowOf(event)),
  KeyAccountEscalated: (rows, event) => rows.upsert('handoffs', rowOf(event)),
};

export const applyToHandoffs = applyWith(HANDOFFS_HANDLERS);

function rowOf(event: HandoffEvent) {
  const { kind, clientId, from, to, reason } = handoffMoveOf(event);
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
