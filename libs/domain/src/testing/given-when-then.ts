import { type DecisionContext, DEFAULT_EARLIEST_OCCURRED_AT, DEFAULT_MAX_CLOCK_SKEW_MS } from '../shared/business-time';
import { type Decider, type DomainCommand, fold } from '../shared/decider';
import type { FailureCode } from '../shared/failure';

export const SPEC_NOW = new Date('2024-06-01T12:00:00.000Z');
/** The business time the specs' commands are stated at unless they say otherwise: an hour before SPEC_NOW. */
export const SPEC_AT = '2024-06-01T11:00:00.000Z';
const context: DecisionContext = {
  now: SPEC_NOW,
  maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS,
  earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT,
};

/** A command of one type, written as one line, as eventOf writes an event: commandOf<LoseLead>('LoseLead', occurredAt, data). */
export const commandOf = <Command extends DomainCommand>(type: Command['type'], occurredAt: string, data: Command['data']): Command =>
  ({ type, occurredAt, data }) as Command;

/**
 * given(events).when(command).then(events) / .thenFails(code):
 * a specification of one decider, read as the business would say it.
 */
export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (given: Event[]) => ({
    when: (command: Command) => {
      const result = decider.decide(command, fold(decider, given), context);
      return {
        then(expected: Event[]): void {
          if (!result.ok)
            throw new Error(`expected events, but the command was refused: ${result.failure.code} (${result.failure.message})`);
          expect(result.value).toEqual(expected);
        },
        thenFails(code: FailureCode, field?: string): void {
          if (result.ok) throw new Error(`expected ${code}, but the command produced ${JSON.stringify(result.value)}`);
          expect(result.failure.code).toBe(code);
          if (field !== undefined) expect(result.failure.field).toBe(field);
        },
      };
    },
  });
}

/** A state a reader folds from the given events: exactly `is`, or at least the fields `has` names. */
export type FoldedState<Event, State> = { readonly story: string; readonly given: Event[] } & (
  { readonly is: State } | { readonly has: Partial<State> }
);

/** One test a case: given(events), the state a reader folds from them. */
export function itFoldsTheStates<Event, State>(
  decider: Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>,
  cases: FoldedState<Event, State>[],
): void {
  it.each(cases)('$story', (folded) => {
    const state = fold(decider, folded.given);
    if ('is' in folded) expect(state).toEqual(folded.is);
    else expect(state).toMatchObject(folded.has);
  });
}
