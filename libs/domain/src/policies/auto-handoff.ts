import { clientMoveDecisions, type DueClient } from './client-moves';
import type { ClientFacts, EmployeeFacts, PolicyDecision, PolicyFacts } from './policy-facts';

export const AUTO_HANDOFF = 'auto-handoff';

export interface AutoHandoffParameters {
  /** Reorders the sales department takes before the client moves on (N). */
  readonly reorders: number;
  /** Days after the win at which the client moves on at the latest (D). */
  readonly days: number;
}

export const DEFAULT_AUTO_HANDOFF: AutoHandoffParameters = { reorders: 3, days: 90 };

export const AUTO_HANDOFF_RULES = {
  afterReorders: 'handoff-after-reorders',
  afterDays: 'handoff-after-days',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the days rule makes a client won at `wonAt` due. */
export function handoffDueAt(wonAt: string, parameters: AutoHandoffParameters): string {
  return new Date(Date.parse(wonAt) + parameters.days * DAY_MS).toISOString();
}

/** A client won at or before this moment has passed D days at `now`. */
const wonByForDays = (now: string, parameters: AutoHandoffParameters): string =>
  new Date(Date.parse(now) - parameters.days * DAY_MS).toISOString();

// Times are compared as strings: the domain records every business time as toISOString() makes it.
function dueFor(client: ClientFacts, wonBy: string, parameters: AutoHandoffParameters): DueClient | undefined {
  if (!client.active || client.owningDepartment !== 'sales') return undefined;
  const nthReorder = client.salesReorders[parameters.reorders - 1];
  const daysPassed = client.wonAt <= wonBy;
  // Most clients are neither: they cost two comparisons per round.
  if (!nthReorder && !daysPassed) return undefined;
  const applied = (name: string) => ({ name, parameters: { reorders: parameters.reorders, days: parameters.days } });
  const byReorders = nthReorder && {
    rule: applied(AUTO_HANDOFF_RULES.afterReorders),
    cause: { eventId: nthReorder.eventId, correlationId: nthReorder.correlationId },
    reason: `${parameters.reorders} reorders placed with the sales department`,
  };
  const byDays = daysPassed && {
    rule: applied(AUTO_HANDOFF_RULES.afterDays),
    cause: client.won,
    reason: `${parameters.days} days since the client was won`,
  };
  if (byReorders && byDays) return nthReorder.occurredAt <= handoffDueAt(client.wonAt, parameters) ? byReorders : byDays;
  return byReorders || byDays || undefined;
}

/**
 * The receiving manager: among the active managers of the client department,
 * the one owning the fewest active clients; ties go to the smallest employee id.
 */
export function receivingManagers(facts: PolicyFacts): EmployeeFacts[] {
  return [...facts.employees.values()].filter(
    (employee) => employee.active && employee.department === 'client' && employee.role === 'manager',
  );
}

/**
 * Automatic handoff to the client department: every client the sales department
 * still owns that has reached N reorders or D days since its win is handed to
 * the least-loaded client-department manager. With no such manager, the client
 * waits (and says why) until one joins.
 */
export function autoHandoffDecisions(facts: PolicyFacts, now: string, parameters: AutoHandoffParameters): PolicyDecision[] {
  const wonBy = wonByForDays(now, parameters);
  return clientMoveDecisions(facts, now, {
    receivers: receivingManagers(facts),
    load: (employee) => employee.clientsOwned,
    due: (client) => dueFor(client, wonBy, parameters),
    nobodyToReceive: 'the client department has no active manager to receive the client',
    move: (toManagerId, move) => ({ kind: 'hand-off', toManagerId, ...move }),
  });
}

/** The scheduler's next wake-up: the earliest moment the days rule falls due for a client the sales department still owns. */
export function nextHandoffDueAt(facts: PolicyFacts, parameters: AutoHandoffParameters): string | undefined {
  let earliestWin: string | undefined;
  for (const client of facts.clients.values()) {
    if (!client.active || client.owningDepartment !== 'sales') continue;
    if (earliestWin === undefined || client.wonAt < earliestWin) earliestWin = client.wonAt;
  }
  return earliestWin === undefined ? undefined : handoffDueAt(earliestWin, parameters);
}
