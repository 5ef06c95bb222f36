import { Inject, Injectable } from '@nestjs/common';
import { employeeDecider, fold, streamIds, type Decider, type DomainEvent, type EmployeeState } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { toDomainEvent } from './stream-command-runner';
import { EVENT_STORE } from './tokens';

/** Reads a stream's events, optionally only those that had happened by a business time. */
@Injectable()
export class StreamReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async events(streamId: string, asOf?: string): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(streamId);
    if (asOf === undefined) return events;
    const until = Date.parse(asOf);
    return events.filter((event) => Date.parse(event.occurredAt) <= until);
  }

  /** The stream folded into state, with the revision of the last event folded. */
  async load<State>(
    decider: Pick<Decider<never, DomainEvent, State>, 'initialState' | 'evolve'>,
    streamId: string,
    asOf?: string,
  ): Promise<{ state: State; revision: number | undefined }> {
    const events = await this.events(streamId, asOf);
    return { state: fold(decider, events.map(toDomainEvent)), revision: events.at(-1)?.revision };
  }

  /** An employee as their own stream tells it; cross-stream rules ask this. */
  async employee(employeeId: string): Promise<EmployeeState> {
    return (await this.load(employeeDecider, streamIds.employee(employeeId))).state;
  }
}
