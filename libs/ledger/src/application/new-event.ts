import { type DomainEvent, EVENT_SCHEMA_VERSIONS, type LedgerEventType } from '@ledger/domain';
import type { Actor, EventMetadata, NewEvent, PolicyRule } from '@ledger/event-store';

/** The envelope every decided event is stored in, whoever decided it: a command, an import, the demo history. */
export function newEventOf(event: DomainEvent, eventId: string, metadata: EventMetadata): NewEvent {
  return {
    eventId,
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type as LedgerEventType] ?? 1,
    occurredAt: event.occurredAt,
    data: event.data,
    metadata,
  };
}

/** Who acted, for which request, caused by what (absent: the request itself), and a policy's rule if one acted. */
export function eventMetadata(source: {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly rule?: PolicyRule;
}): EventMetadata {
  const { actor, correlationId, causationId, rule } = source;
  return { actor, correlationId, causationId: causationId ?? correlationId, ...(rule ? { rule } : {}) };
}
