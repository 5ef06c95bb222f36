import type { DecisionContext } from './business-time';
import type { Result } from './result';

/** A fact in business time; the store wraps it in an envelope with ids and positions. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly occurredAt: string;
  readonly data: Data;
}

/** A request to change one stream, stamped with the business time it claims. */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly occurredAt: string;
  readonly data: Data;
}

/** The rules of one kind of stream: pure functions, no I/O. */
export interface Decider<Command, Event, State> {
  initialState(): State;
  decide(command: Command, state: State, context: DecisionContext): Result<Event[]>;
  evolve(state: State, event: Event): State;
}

/** The state after the events, from the initial state or from one folded earlier (`from`, the state before them). */
export function fold<Event, State>(decider: Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>, events: Iterable<Event>, from?: State): State {
  let state = from ?? decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
