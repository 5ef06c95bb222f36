import { type Decider, type DomainEvent, employeeDecider, type EmployeeState, fold, streamIds } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { HistoricalBounds } from '@ledger/projections';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Query } from '@nestjs/cqrs';

import { FoldedStreams, toDomainEvent } from './folded-streams';
import { LedgerError, type LedgerFailureCode } from './ledger-error';
import { EVENT_STORE } from './tokens';

/**
 * A stream read's bounds: the two clocks, and a position of the log, so a
 * command's answer can show the stream exactly as that command left it (the
 * events at or before its position), whatever was appended after it.
 */
export interface StreamBounds extends HistoricalBounds {
  readonly upToPosition?: number;
}

/** Reads a stream's events, optionally only those that had happened by a business time. */
@Injectable()
export class StreamReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly folded: FoldedStreams = new FoldedStreams(),
  ) {}

  /** The stream's events, or those that had occurred by `asOf`, been recorded by `asKnownAt` and stand at or before `upToPosition`. */
  async events(streamId: string, { asOf, asKnownAt, upToPosition }: StreamBounds = {}): Promise<RecordedEvent[]> {
    const stored = await this.store.readStream(streamId);
    const events = upToPosition === undefined ? stored : stored.filter((event) => event.position <= upToPosition);
    if (asOf === undefined && asKnownAt === undefined) return events;
    const occurredBy = asOf === undefined ? Number.POSITIVE_INFINITY : Date.parse(asOf);
    const recordedBy = asKnownAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(asKnownAt);
    return events.filter((event) => Date.parse(event.occurredAt) <= occurredBy && Date.parse(event.recordedAt) <= recordedBy);
  }

  /** The stream folded into state, with the revision of the last event folded. */
  async load<State>(
    decider: Pick<Decider<never, DomainEvent, State>, 'initialState' | 'evolve'>,
    streamId: string,
    at: StreamBounds = {},
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

  /**
   * An employee as their own stream tells it now; cross-stream rules ask this, for nearly every
   * command, so the stream is read from where this process last folded it (its latest events only).
   */
  async employee(employeeId: string): Promise<EmployeeState> {
    return (await this.folded.load(this.store, employeeDecider, streamIds.employee(employeeId))).state;
  }
}

/** "by <asOf>", "as known at <asKnownAt>", or both: for messages about a past moment. */
export const describeBounds = ({ asOf, asKnownAt }: HistoricalBounds): string =>
  [asOf === undefined ? undefined : `by ${asOf}`, asKnownAt === undefined ? undefined : `as known at ${asKnownAt}`]
    .filter(Boolean)
    .join(', ');

/** "has not been <done>", or "had not been <done> by <asOf>" when asked about a past moment: for not-found messages. */
export const notYet = (done: string, at: HistoricalBounds): string =>
  at.asOf || at.asKnownAt ? `had not been ${done} ${describeBounds(at)}` : `has not been ${done}`;

/** A read of the stream of one thing (a client, a lead), by its id, live or within historical bounds. */
export abstract class StreamQuery<Result> extends Query<Result> {
  constructor(
    readonly id: string,
    readonly at: StreamBounds = {},
  ) {
    super();
  }
}

/** Answers a StreamQuery from the stream it names (the query bus calls `execute`). */
@Injectable()
export abstract class StreamQueryHandler<Result, Asked extends StreamQuery<Result>> {
  constructor(protected readonly reader: StreamReader) {}

  abstract execute(query: Asked): Promise<Result>;
}

/**
 * A one-thing read: what it calls the thing, the failure while its stream has not started, what starts it,
 * and the thing as its stream tells it within the bounds (undefined before the stream started).
 */
export interface StreamViewRead<View> {
  readonly notFound: LedgerFailureCode;
  readonly noun: string;
  /** What starts the stream, as in "has not been <started>": "won", "added". */
  readonly started: string;
  readonly view: (reader: StreamReader, id: string, at: StreamBounds) => Promise<View | undefined>;
}

/** Answers a StreamQuery with the thing's view, or its not-found failure while its stream (within the bounds) tells of nothing. */
export abstract class StreamViewHandler<View> extends StreamQueryHandler<View, StreamQuery<View>> {
  protected abstract readonly read: StreamViewRead<View>;

  async execute({ id, at }: StreamQuery<View>): Promise<View> {
    const { notFound, noun, started, view } = this.read;
    const found = await view(this.reader, id, at);
    if (found !== undefined) return found;
    throw new LedgerError({ code: notFound, message: `${noun} ${id} ${notYet(started, at)}` });
  }
}
