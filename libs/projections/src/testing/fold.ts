import type { LedgerEvent } from '@ledger/domain';

import type { ProjectedEvent } from '../shared/projection';

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

/** The events as recorded in this order, each recorded when it occurred unless given a later record time (by index). */
export function recordedLate(events: readonly LedgerEvent[], recordedAt: Readonly<Record<number, string>>): ProjectedEvent[] {
  return recorded(events).map((event, index) => ({ ...event, recordedAt: recordedAt[index] ?? event.occurredAt }));
}
