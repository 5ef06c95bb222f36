import { LEDGER_PROJECTIONS } from '..';
import { applyWith, type EventHandlers, handledEventTypes } from './event-handlers';
import type { ProjectedEvent } from './projection';

const event = (type: string, data: unknown = {}) =>
  ({
    type,
    data,
    occurredAt: '2024-01-01T00:00:00.000Z',
    recordedAt: '2024-01-01T00:00:00.000Z',
    position: 1,
  }) as unknown as ProjectedEvent;

describe('a projection’s event handlers', () => {
  const seen: string[] = [];
  const handlers: EventHandlers<string[]> = {
    ClientWon: (model, won) => model.push(`won ${won.data.clientId}`),
    ClientLost: (model, lost) => model.push(`lost ${lost.data.clientId}`),
  };
  const apply = applyWith(handlers);

  it('are the one list of the event types it handles', () => {
    expect(handledEventTypes(handlers)).toEqual(['ClientWon', 'ClientLost']);
  });

  it('each take their own event; the others, and types this version does not know, are skipped', () => {
    apply(seen, event('ClientWon', { clientId: 'c1' }));
    apply(seen, event('LeadContacted', { leadId: 'l1' }));
    apply(seen, event('SomethingNewer'));
    apply(seen, event('toString'));
    apply(seen, event('ClientLost', { clientId: 'c1' }));
    expect(seen).toEqual(['won c1', 'lost c1']);
  });

  it('declare what every ledger read model reads from the log', () => {
    for (const projection of LEDGER_PROJECTIONS) expect(projection.eventTypes?.length).toBeGreaterThan(0);
  });
});
