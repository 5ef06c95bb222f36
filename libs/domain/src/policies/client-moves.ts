import {
  type AppliedRule,
  type ClientFacts,
  type EmployeeFacts,
  type EventReference,
  leastLoaded,
  notBefore,
  type PolicyDecision,
  type PolicyFacts,
} from './policy-facts';

/** Why a policy finds a client due: its rule as recorded on the events it causes, the event that made it due, and why in words. */
export interface DueClient {
  readonly rule: AppliedRule;
  readonly cause: EventReference;
  readonly reason: string;
}

/** A move a policy asks for (a handoff, an escalation). */
export type ClientMoveDecision = Exclude<PolicyDecision, { kind: 'waiting' }>;

/** A policy that moves due clients to the least loaded of some employees; each policy says its own rule. */
export interface ClientMovePolicy {
  /** Who may receive a client. */
  readonly receivers: readonly EmployeeFacts[];
  /** How many clients a receiver holds already, as the policy counts them. */
  readonly load: (employee: EmployeeFacts) => number;
  /** Whether the client is due, and why; undefined when not. */
  due(client: ClientFacts): DueClient | undefined;
  /** Why a due client waits when nobody can receive it. */
  readonly nobodyToReceive: string;
  /** The move of the client to the receiver, given what every move says. */
  move(receiverId: string, move: Omit<ClientMoveDecision, 'kind'>): ClientMoveDecision;
}

/**
 * Every due client goes to the receiver holding the fewest clients, ties to the
 * smallest employee id, counting what this same round gave each; with nobody to
 * receive it, the client waits (and says why) until someone can.
 */
export function clientMoveDecisions(facts: PolicyFacts, now: string, policy: ClientMovePolicy): PolicyDecision[] {
  const assigned = new Map<string, number>();
  const decisions: PolicyDecision[] = [];
  for (const client of facts.clients.values()) {
    const due = policy.due(client);
    if (!due) continue;
    const { clientId } = client;
    const { rule, cause, reason } = due;
    const receiver = leastLoaded(policy.receivers, policy.load, assigned);
    decisions.push(
      receiver
        ? policy.move(receiver.employeeId, { clientId, reason, rule, cause, occurredAt: notBefore(now, client.latestOccurredAt) })
        : { kind: 'waiting', clientId, reason: policy.nobodyToReceive, rule, cause },
    );
  }
  return decisions;
}
