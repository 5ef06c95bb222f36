/**
 * The README's walk, as the input of each step, so that journey.e2e-spec (over REST) and graphql.e2e-spec (over
 * GraphQL) record the same history and can be checked against the same figures: Anna contacts ACME and wins it
 * (1,250.00 EUR), it reorders (500.00 EUR), is handed to Carl, reorders with him (700.00 EUR), and is escalated
 * to Kim as a key account. The sales department earns 5 % throughout.
 */
export const ACME_JOURNEY = {
  commissionPlan: { department: 'sales', rateBasisPoints: 500, effectiveFrom: '2024-01-01T00:00:00Z' },
  leadId: 'acme',
  contact: {
    repId: 'rep-anna',
    company: 'ACME GmbH',
    channel: 'call',
    outcome: 'interested',
    note: 'wants a quote',
    occurredAt: '2024-03-01T09:00:00Z',
  },
  clientId: 'acme',
  win: {
    clientId: 'acme',
    leadId: 'acme',
    repId: 'rep-anna',
    firstOrder: { orderId: 'o-1', total: { amount: 125_000, currency: 'EUR' } },
    occurredAt: '2024-03-05T10:00:00Z',
  },
  salesReorder: { orderId: 'o-2', total: { amount: 50_000, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: '2024-04-01T10:00:00Z' },
  handoff: { toManagerId: 'mgr-carl', reason: 'repeat customer', occurredAt: '2024-04-02T10:00:00Z' },
  clientDepartmentReorder: {
    orderId: 'o-3',
    total: { amount: 70_000, currency: 'EUR' },
    takenBy: 'mgr-carl',
    occurredAt: '2024-05-01T10:00:00Z',
  },
  escalation: { ownerId: 'kam-kim', reason: 'trailing revenue above threshold', occurredAt: '2024-05-02T10:00:00Z' },
} as const;
