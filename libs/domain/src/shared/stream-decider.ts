import { checkBusinessTime, type DecisionContext } from './business-time';
import type { Decider, DomainCommand, DomainEvent } from './decider';
import type { Result } from './result';

/** What every stream's state keeps for the business-time rule: the business time of its latest event. */
export interface StreamTime {
  readonly latestOccurredAt?: string;
}

/** One kind of stream's own rules, deciding only commands whose business time the stream accepts. */
export interface StreamRules<Command, Event, State> {
  initialState(): State;
  /** `occurredAt`: the command's business time, checked and normalised (ISO 8601 UTC). */
  decide(command: Command, state: State, occurredAt: string): Result<Event[]>;
  evolve(state: State, event: Event): State;
}

/**
 * The decider of a stream: its rules behind the business-time rule, applied here once for every
 * stream — a command's time is checked against the latest event's (checkBusinessTime) before the
 * rules see it, and every event folded moves the latest on.
 */
export function streamDecider<Command extends DomainCommand, Event extends DomainEvent, State extends StreamTime>(
  rules: StreamRules<Command, Event, State>,
): Decider<Command, Event, State> {
  return {
    initialState: () => rules.initialState(),
    decide(command: Command, state: State, context: DecisionContext): Result<Event[]> {
      const time = checkBusinessTime(command.occurredAt, state.latestOccurredAt, context);
      return time.ok ? rules.decide(command, state, time.value) : time;
    },
    evolve: (state: State, event: Event): State => ({ ...rules.evolve(state, event), latestOccurredAt: event.occurredAt }),
  };
}
