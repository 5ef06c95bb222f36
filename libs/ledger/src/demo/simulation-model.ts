import {
  type ClientState,
  type DecisionContext,
  DEFAULT_AUTO_HANDOFF,
  DEFAULT_EARLIEST_OCCURRED_AT,
  type Department,
  type EmployeeState,
  type LeadState,
  type Role,
} from '@ledger/domain';
import type { Actor, NewEvent } from '@ledger/event-store';
import { v5 as uuidv5 } from 'uuid';

import { DAY } from './simulation-time';

/** Approximate value of one minor unit in EUR, to compare clients across currencies. */
export const EUR_PER_UNIT: Readonly<Record<string, number>> = { EUR: 1, GBP: 1.17 };
/** Trailing-12-month revenue (EUR minor units) over which a client is a big fish. */
export const KEY_ACCOUNT_THRESHOLD = 6_000_000;
export const HANDOFF_AFTER_REORDERS = DEFAULT_AUTO_HANDOFF.reorders;
/** The sales department's reps at the default scale (more at a larger leadsPerMonth). */
export const SALES_REPS = 5;
export const HANDOFF_AFTER_DAYS = DEFAULT_AUTO_HANDOFF.days;

/** One stream as the deciders see it: its folded state and the revision of its last event (-1: none yet). */
export interface Stream<State> {
  readonly id: string;
  state: State;
  revision: number;
}

export const newStream = <State>(id: string, decider: { initialState(): State }): Stream<State> => ({
  id,
  state: decider.initialState(),
  revision: -1,
});

export interface Person {
  readonly id: string;
  readonly department: Department;
  readonly role: Role;
  readonly stream: Stream<EmployeeState>;
  /** The person as the actor of what they do. */
  readonly actor: Actor;
  active: boolean;
}

export type LeadFate = 'win' | 'lose' | 'stall';

/** A lead being worked; dropped (with its stream state) once closed. */
export interface LeadSim {
  readonly leadId: string;
  readonly stream: Stream<LeadState>;
  readonly company: string;
  readonly currency: string;
  repId: string;
  readonly fate: LeadFate;
  readonly lossReason: string;
  readonly contacts: number;
  made: number;
}

/** A client; only reachable from the agenda and the sales book, so a client nobody will touch again is garbage. */
export interface ClientSim {
  readonly clientId: string;
  readonly stream: Stream<ClientState>;
  readonly currency: string;
  /** The typical order, in minor units; drifts a little with every order. */
  base: number;
  /** Probability of ordering again after each order. */
  loyalty: number;
  /** Typical days between orders. */
  cadenceDays: number;
  readonly wonAt: number;
  orders: number;
  handoffScheduled: boolean;
  escalationScheduled: boolean;
}

/** Fixed namespace of the demo's event ids. */
export const COMPANY_HISTORY_ID_NAMESPACE = '2d0b6f3c-8a51-5e7e-9f41-6c3f1a7d2b90';

/** Name-based (version 5) ids of the names `prefix + index`: the same history always gets the same ids. */
export function uuidV5Sequence(namespace: string, prefix: string): (index: number) => string {
  return (index) => uuidv5(`${prefix}${index}`, namespace);
}

/** The generator decides far from any real clock: its business times are checked for order and the earliest business time, not against today. */
export const DECISION_CONTEXT: DecisionContext = {
  now: new Date(8.64e15),
  maxClockSkewMs: 0,
  earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT,
};
export const ADMIN: Actor = { type: 'user', id: 'demo', role: 'admin' };

export interface Cause {
  readonly correlationId: string;
  readonly causationId: string;
}

/** The request an event started: what it leads to shares its correlation and names it as cause. */
export const causeOf = (events: readonly NewEvent[]): Cause => ({
  correlationId: events[0]!.metadata.correlationId,
  causationId: events.at(-1)!.eventId,
});

export function trailingRevenueEur(state: ClientState, time: number): number {
  // ISO times in UTC compare as strings.
  const since = new Date(time - 365 * DAY).toISOString();
  let total = 0;
  for (let i = state.orders.length - 1; i >= 0; i--) {
    const order = state.orders[i]!;
    if (order.occurredAt < since) break;
    total += order.total.amount * (EUR_PER_UNIT[order.total.currency] ?? 1);
  }
  return total;
}
