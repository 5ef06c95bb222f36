import { clientMoveDecisions } from './client-moves';
import {
  type ClientFacts,
  type EmployeeFacts,
  type EventReference,
  type PolicyDecision,
  type PolicyFacts,
  TRAILING_MONTHS,
} from './policy-facts';

export const KEY_ACCOUNT_ESCALATION = 'key-account-escalation';
export const KEY_ACCOUNT_RULE = 'escalate-on-trailing-12-month-revenue';

export interface KeyAccountParameters {
  /** Trailing-12-month revenue, in minor units per ISO 4217 currency, at which a client becomes a key account. Currencies not named never escalate. */
  readonly thresholds: Readonly<Record<string, number>>;
}

/** 1,000,000.00 in each of the usual currencies. */
export const DEFAULT_KEY_ACCOUNT: KeyAccountParameters = { thresholds: { EUR: 100_000_000, GBP: 100_000_000, USD: 100_000_000 } };

/**
 * The first order at which the client's revenue over the trailing 12 months
 * (business time, that order included) reached the threshold of its currency.
 * Orders in different currencies are never added together.
 */
export function keyAccountTrigger(
  client: ClientFacts,
  parameters: KeyAccountParameters,
): { readonly cause: EventReference; readonly currency: string; readonly revenue: number; readonly threshold: number } | undefined {
  if (!client.active || client.keyAccount) return undefined;
  let first: { cause: EventReference; currency: string; revenue: number; threshold: number; occurredAt: string } | undefined;
  for (const currency in client.revenueRecords) {
    const threshold = parameters.thresholds[currency];
    const records = client.revenueRecords[currency]!;
    // The last record is the highest: below the threshold, none reached it (most clients stop here).
    if (threshold === undefined || records[records.length - 1]!.revenue < threshold) continue;
    const reached = records.find((record) => record.revenue >= threshold)!;
    // Several currencies may have reached theirs: the earliest order counts.
    if (!first || reached.occurredAt < first.occurredAt) first = { ...reached, currency, threshold };
  }
  return first && { cause: first.cause, currency: first.currency, revenue: first.revenue, threshold: first.threshold };
}

/** Everyone in the key accounts department may own a key account. */
export function keyAccountOwners(facts: PolicyFacts): EmployeeFacts[] {
  return [...facts.employees.values()].filter((employee) => employee.active && employee.department === 'key_accounts');
}

/**
 * Key-account escalation: a client whose trailing-12-month revenue reached the
 * threshold of its currency goes to the member of the key accounts department
 * owning the fewest key accounts, ties to the smallest employee id. With nobody
 * there, the client waits (and says why) until someone joins.
 */
export function keyAccountDecisions(facts: PolicyFacts, now: string, parameters: KeyAccountParameters): PolicyDecision[] {
  return clientMoveDecisions(facts, now, {
    receivers: keyAccountOwners(facts),
    load: (employee) => employee.keyAccountsOwned,
    due: (client) => {
      const trigger = keyAccountTrigger(client, parameters);
      return (
        trigger && {
          rule: {
            name: KEY_ACCOUNT_RULE,
            parameters: { currency: trigger.currency, threshold: trigger.threshold, months: TRAILING_MONTHS },
          },
          cause: trigger.cause,
          reason: `trailing 12-month revenue ${trigger.revenue} ${trigger.currency} (minor units) reached ${trigger.threshold}`,
        }
      );
    },
    nobodyToReceive: 'the key accounts department has nobody to own the account',
    move: (ownerId, move) => ({ kind: 'escalate', ownerId, ...move }),
  });
}
