import { EVENT_SCHEMA_VERSIONS } from '@ledger/domain';

import { eventMetadata, newEventOf } from './new-event';

const actor = { type: 'user' as const, id: 'anna', role: 'admin' as const };

describe('newEventOf: the one envelope of a decided event', () => {
  it('carries the event with its schema version, the id and the metadata given', () => {
    const event = { type: 'LeadLost', occurredAt: '2024-06-01T12:00:00.000Z', data: { leadId: 'l', reason: 'price' } };
    const metadata = eventMetadata({ actor, correlationId: 'req-1' });
    expect(newEventOf(event, 'id-1', metadata)).toEqual({
      eventId: 'id-1',
      type: 'LeadLost',
      schemaVersion: EVENT_SCHEMA_VERSIONS.LeadLost,
      occurredAt: event.occurredAt,
      data: event.data,
      metadata,
    });
  });

  it('records the request as the cause unless another is named, and a policy’s rule only when one acted', () => {
    expect(eventMetadata({ actor, correlationId: 'req-1' })).toEqual({ actor, correlationId: 'req-1', causationId: 'req-1' });
    const rule = { name: 'handoff-after-reorders', parameters: { reorders: 3 } };
    expect(eventMetadata({ actor, correlationId: 'req-1', causationId: 'evt-9', rule })).toEqual({
      actor,
      correlationId: 'req-1',
      causationId: 'evt-9',
      rule,
    });
  });
});
