import type { LedgerEvent } from '@ledger/domain';
import type { ProjectedEvent, ProjectionDefinition } from '../shared/projection';
import { ReadModel } from '../shared/read-model';

/** Builds an event of the catalogue at a business time, for specifications. */
export function at<Type extends LedgerEvent['type']>(
  occurredAt: string,
  type: Type,
  data: Extract<LedgerEvent, { type: Type }>['data'],
): LedgerEvent {
  return { type, occurredAt, data } as LedgerEvent;
}

/** The events as if recorded in this order: positions from 1. */
export function recorded(events: readonly LedgerEvent[]): ProjectedEvent[] {
  return events.map(
    (event, index) =>
      ({
        ...event,
        eventId: `event-${index + 1}`,
        streamId: 'spec',
        position: index + 1,
        recordedAt: event.occurredAt,
        metadata: { actor: { type: 'user', id: 'spec', role: null }, correlationId: 'spec', causationId: 'spec' },
      }) as ProjectedEvent,
  );
}

/** Folds the events (those that occurred up to `upTo`, when given) in recorded order. */
export function fold(definition: ProjectionDefinition, events: readonly LedgerEvent[], upTo?: string): ReadModel {
  const model = new ReadModel(false);
  for (const event of recorded(events)) {
    if (upTo === undefined || event.occurredAt <= upTo) definition.apply(model, event);
  }
  return model;
}
