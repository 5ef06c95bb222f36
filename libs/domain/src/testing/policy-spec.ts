import type { LedgerEvent } from '../events';
import { applyToPolicyFacts, type FactTable, type PolicyDecision, type PolicyFacts } from '../policies/policy-facts';

/** An event from the log with the ids a policy cites; left out, they are e1/c1, e2/c2... by position. */
export interface GivenInput {
  readonly event: LedgerEvent;
  readonly eventId?: string;
  readonly correlationId?: string;
}
export type GivenEvent = LedgerEvent | GivenInput;

/** Policy rules as the application runs them: the facts so far and the clock in, decisions out. */
export type PolicyRules = (facts: PolicyFacts, now: string) => PolicyDecision[];

/** A fact table kept in memory. */
export class MapFactTable<Doc> implements FactTable<Doc> {
  private readonly docs = new Map<string, Doc>();
  get(id: string): Doc | undefined {
    return this.docs.get(id);
  }
  put(id: string, doc: Doc): void {
    this.docs.set(id, doc);
  }
  remove(id: string): void {
    this.docs.delete(id);
  }
  values(): Iterable<Doc> {
    return this.docs.values();
  }
}

/** The facts a policy holds after reading the given events in order. */
export function policyFactsOf(given: readonly GivenEvent[]): PolicyFacts {
  const facts: PolicyFacts = { clients: new MapFactTable(), employees: new MapFactTable() };
  given.forEach((entry, index) => {
    const input: GivenInput = 'event' in entry ? entry : { event: entry };
    applyToPolicyFacts(facts, {
      event: input.event,
      eventId: input.eventId ?? `e${index + 1}`,
      correlationId: input.correlationId ?? `c${index + 1}`,
    });
  });
  return facts;
}

/**
 * given(events).at(now).then(decisions) / .thenNothing():
 * a specification of a policy's rules, read as the business would say it.
 */
export function policySpec(rules: PolicyRules) {
  return (given: readonly GivenEvent[]) => ({
    at: (now: string) => {
      const decisions = rules(policyFactsOf(given), now);
      return {
        then(expected: PolicyDecision[]): void {
          expect(decisions).toEqual(expected);
        },
        thenNothing(): void {
          expect(decisions).toEqual([]);
        },
      };
    },
  });
}
