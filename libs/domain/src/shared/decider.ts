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

/**
 * A command as its sender gives it: a business time of its own (history, imports)
 * or none, meaning the moment it is decided, which only the decider's caller knows.
 */
export type UndatedCommand<Command> = Command extends DomainCommand
  ? Omit<Command, 'occurredAt'> & { readonly occurredAt?: string | undefined }
  : never;

/** The command at its own business time, or at `now`, the moment it is decided. */
export function datedCommand<Command extends DomainCommand>(command: UndatedCommand<Command>, now: Date): Command {
  // Only occurredAt differs between the two types; TypeScript cannot follow that through the conditional type.
  return { ...command, occurredAt: command.occurredAt ?? now.toISOString() } as unknown as Command;
}

/** The rules of one kind of stream: pure functions, no I/O. */
export interface Decider<Command, Event, State> {
  initialState(): State;
  decide(command: Command, state: State, context: DecisionContext): Result<Event[]>;
  evolve(state: State, event: Event): State;
}

/** The state after the events, from the initial state or from one folded earlier (`from`, the state before them). */
export function fold<Event, State>(
  decider: Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
  from?: State,
): State {
  let state = from ?? decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
