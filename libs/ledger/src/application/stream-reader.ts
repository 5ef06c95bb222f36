import { type Decider, type DomainEvent, employeeDecider, type EmployeeState, fold, streamIds } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { HistoricalBounds } from '@ledger/projections';
import { Inject, Injectable } from '@nestjs/common';

import { toDomainEvent } from './stream-command-runner';
import { EVENT_STORE } from './tokens';

/** Reads a stream's events, optionally only those that had happened by a business time. */
@Injectable()
export class StreamReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The stream's events, or those that had occurred by `asOf` and been recorded by `asKnownAt`. */
  async events(streamId: string, { asOf, asKnownAt }: HistoricalBounds = {}): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(streamId);
    if (asOf === undefined && asKnownAt === undefined) return events;
    const occurredBy = asOf === undefined ? Number.POSITIVE_INFINITY : Date.parse(asOf);
    const recordedBy = asKnownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(asKnownAt);
    return events.filter((event) => Date.parse(event.occurredAt) <= occurredBy && Date.parse(event.recordedAt) <= recordedBy);
  }

  /** The stream folded into state, with the revision of the last event folded. */
  async load<State>(
    decider: Pick<Decider<never, DomainEvent, State>, 'initialState' | 'evolve'>,
    streamId: string,
    at: HistoricalBounds = {},
  ): Promise<{ state: State; revision: number | undefined }> {
    return this.fold(decider, await this.events(streamId, at));
  }

  /** Events read already, folded into state, with the revision of the last. */
  fold<State>(
    decider: Pick<Decider<never, DomainEvent, State>, 'initialState' | 'evolve'>,
    events: readonly RecordedEvent[],
  ): { state: State; revision: number | undefined } {
    return { state: fold(decider, events.map(toDomainEvent)), revision: events.at(-1)?.revision };
  }

  /** An employee as their own stream tells it; cross-stream rules ask this. */
  async employee(employeeId: string): Promise<EmployeeState> {
    return (await this.load(employeeDecider, streamIds.employee(employeeId))).state;
  }
}

/** "by <asOf>", "as known at <asKnownAt>", or both: for messages about a past moment. */
export const describeBounds = ({ asOf, asKnownAt }: HistoricalBounds): string =>
  [asOf === undefined ? undefined : `by ${asOf}`, asKnownAt === undefined ? undefined : `as known at ${asKnownAt}`]
    .filter(Boolean)
    .join(', ');
