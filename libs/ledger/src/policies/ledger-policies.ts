import {
  applyToPolicyFacts,
  AUTO_HANDOFF,
  AUTO_HANDOFF_RULES,
  autoHandoffDecisions,
  type AutoHandoffParameters,
  type ClientFacts,
  type EmployeeFacts,
  KEY_ACCOUNT_ESCALATION,
  KEY_ACCOUNT_RULE,
  keyAccountDecisions,
  type KeyAccountParameters,
  nextHandoffDueAt,
  POLICY_FACT_EVENT_TYPES,
  type PolicyDecision,
  type PolicyFacts,
} from '@ledger/domain';
import type { ProjectionDefinition, ReadModel } from '@ledger/projections';

export const POLICY_NAMES = [AUTO_HANDOFF, KEY_ACCOUNT_ESCALATION] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Which policies run and with what thresholds; read from the environment (README: Configuration). */
export interface PolicySettings {
  readonly enabled: readonly PolicyName[];
  readonly autoHandoff: AutoHandoffParameters;
  readonly keyAccount: KeyAccountParameters;
  /** How often the scheduler looks for time-based rules that fell due (at the latest; sooner when one is due sooner). */
  readonly checkIntervalMs: number;
}

/** A policy as the runner uses it: what it asks for, given the facts and the time. */
export interface LedgerPolicy {
  readonly name: PolicyName;
  readonly rules: readonly string[];
  readonly parameters: Readonly<Record<string, unknown>>;
  decisions(facts: PolicyFacts, now: string): PolicyDecision[];
  /** The next moment a time-based rule falls due, if it has one and anything is waiting for it. */
  nextDueAt(facts: PolicyFacts): string | undefined;
}

export function ledgerPolicies(settings: PolicySettings): LedgerPolicy[] {
  return [
    {
      name: AUTO_HANDOFF,
      rules: Object.values(AUTO_HANDOFF_RULES),
      parameters: { ...settings.autoHandoff },
      decisions: (facts, now) => autoHandoffDecisions(facts, now, settings.autoHandoff),
      nextDueAt: (facts) => nextHandoffDueAt(facts, settings.autoHandoff),
    },
    {
      name: KEY_ACCOUNT_ESCALATION,
      rules: [KEY_ACCOUNT_RULE],
      parameters: { thresholds: { ...settings.keyAccount.thresholds } },
      decisions: (facts, now) => keyAccountDecisions(facts, now, settings.keyAccount),
      nextDueAt: () => undefined,
    },
  ];
}

/** The facts every policy decides from, kept as a read model with its own checkpoint (never a projection's). */
export const POLICY_FACTS = 'policy-facts';

const factsOf = (model: ReadModel): PolicyFacts =>
  model.view((m) => ({ clients: m.collection<ClientFacts>('client'), employees: m.collection<EmployeeFacts>('employee') }));

/**
 * The policies' memory as a projection: folded from the durable log and stored
 * with its checkpoint, so after a crash the policies resume where their facts
 * were committed. Its query asks one policy for its decisions at a moment.
 */
export const policyFactsDefinition: ProjectionDefinition<LedgerPolicy, PolicyDecision[]> & { facts(model: ReadModel): PolicyFacts } = {
  name: POLICY_FACTS,
  version: 1,
  eventTypes: POLICY_FACT_EVENT_TYPES,
  // The causes policies cite are event ids and correlation ids.
  readsWholeEvents: true,
  apply(model, event) {
    applyToPolicyFacts(factsOf(model), { event, eventId: event.eventId!, correlationId: event.metadata!.correlationId });
  },
  query({ model, at }, policy) {
    return policy.decisions(factsOf(model), at);
  },
  facts: factsOf,
};
