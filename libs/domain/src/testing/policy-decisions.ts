import type { EventReference, PolicyDecision } from '../policies/policy-facts';

// The decisions the policy specs expect, under the rules their stories use: the default auto-handoff
// (3 reorders, 90 days) and an escalation threshold of EUR 100,000 minor units, acme to mgr-carl or kam-kim by default.

const handoffUnder =
  (name: string, reason: string) =>
  (cause: EventReference, occurredAt: string, toManagerId = 'mgr-carl', clientId = 'acme'): PolicyDecision => ({
    kind: 'hand-off',
    clientId,
    toManagerId,
    reason,
    rule: { name, parameters: { reorders: 3, days: 90 } },
    cause,
    occurredAt,
  });
/** The hand-off the third reorder with the sales department brings. */
export const afterReorders = handoffUnder('handoff-after-reorders', '3 reorders placed with the sales department');
/** The hand-off 90 days after the win brings. */
export const afterDays = handoffUnder('handoff-after-days', '90 days since the client was won');

export interface Escalation {
  readonly revenue: number;
  readonly occurredAt: string;
  readonly ownerId?: string;
  readonly clientId?: string;
  readonly currency?: string;
  readonly threshold?: number;
}
/** The escalation a trailing 12-month revenue reaching the threshold brings. */
export const escalate = (
  cause: EventReference,
  { revenue, occurredAt, ownerId = 'kam-kim', clientId = 'acme', currency = 'EUR', threshold = 100_000 }: Escalation,
): PolicyDecision => ({
  kind: 'escalate',
  clientId,
  ownerId,
  reason: `trailing 12-month revenue ${revenue} ${currency} (minor units) reached ${threshold}`,
  rule: { name: 'escalate-on-trailing-12-month-revenue', parameters: { currency, threshold, months: 12 } },
  cause,
  occurredAt,
});
