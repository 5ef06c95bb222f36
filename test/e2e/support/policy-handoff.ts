import type { NewEvent } from '@ledger/event-store';

/**
 * The handoff the auto-handoff policy records for acme after its third reorder (rep-anna to mgr-carl, 5 March 2024),
 * its metadata naming the rule applied: for a scenario to append straight into the log, caused by `causationId`.
 */
export const acmePolicyHandoff = (eventId: string, causationId: string): NewEvent => ({
  eventId,
  type: 'ClientHandedToClientDepartment',
  schemaVersion: 1,
  occurredAt: '2024-03-05T10:00:01.000Z',
  data: {
    clientId: 'acme',
    fromDepartment: 'sales',
    fromOwnerId: 'rep-anna',
    toDepartment: 'client',
    toManagerId: 'mgr-carl',
    reason: '3 reorders since the win',
  },
  metadata: {
    actor: { type: 'policy', name: 'auto-handoff' },
    correlationId: 'policy-run-1',
    causationId,
    rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } },
  },
});
