import { type Decider, type DomainEvent, fold } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { Injectable } from '@nestjs/common';

/** How many streams' folded states a process keeps: those most recently commanded or read. */
export const FOLDED_STREAMS_KEPT = 10_000;

/** What a fold needs of a decider; the decider itself (its identity) names the kind of state kept. */
type Folder<State> = Pick<Decider<never, DomainEvent, State>, 'initialState' | 'evolve'>;

/** A stream's state as folded up to a revision. */
export interface FoldedState<State> {
  readonly state: State;
  readonly revision: number;
}

/**
 * Streams as this process last folded them, from stored events only (never from
 * what it decided but may not have stored), so the command runner and the
 * cross-stream reads (an employee a command names) read just the events appended
 * since: their own, or another process's. Events are immutable and a stream's
 * revisions have no gaps, so state + later events = the whole fold. The least
 * recently used are dropped beyond FOLDED_STREAMS_KEPT. One per process, shared by the runner
 * and the stream reader.
 */
@Injectable()
export class FoldedStreams {
  private readonly streams = new Map<string, { readonly decider: unknown; readonly state: unknown; readonly revision: number }>();
  private readonly limit = FOLDED_STREAMS_KEPT;

  get<State>(streamId: string, decider: Folder<State>): FoldedState<State> | undefined {
    const known = this.streams.get(streamId);
    if (!known || known.decider !== decider) return undefined;
    // Most recently used now: moved to the end of the map's order, the same entry (nothing allocated).
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
    return known as FoldedState<State>;
  }

  remember(streamId: string, decider: unknown, state: unknown, revision: number): void {
    const known = this.streams.get(streamId);
    // Two commands of one stream may interleave: never go back to an older fold.
    if (known && known.decider === decider && known.revision > revision) return;
    this.streams.delete(streamId);
    this.streams.set(streamId, { decider, state, revision });
    if (this.streams.size > this.limit) this.streams.delete(this.streams.keys().next().value!);
  }

  /**
   * The stream's current state: what this process folded before, with the events
   * stored since read and folded on (none read twice), or the whole stream folded.
   */
  async load<State>(store: EventStore, decider: Folder<State>, streamId: string): Promise<{ state: State; revision: number | undefined }> {
    const known = this.get(streamId, decider);
    const recorded = await store.readStream(streamId, known ? { fromRevision: known.revision + 1 } : {});
    return this.foldOn(streamId, decider, known, recorded);
  }

  /** `known` (or the initial state) with `recorded`, the stream's events after it, folded on and remembered. */
  foldOn<State>(
    streamId: string,
    decider: Folder<State>,
    known: FoldedState<State> | undefined,
    recorded: readonly RecordedEvent[],
  ): { state: State; revision: number | undefined } {
    if (recorded.length === 0) return { state: known ? known.state : decider.initialState(), revision: known?.revision };
    const state = fold(decider, recorded.map(toDomainEvent<DomainEvent>), known?.state);
    const revision = recorded.at(-1)!.revision;
    this.remember(streamId, decider, state, revision);
    return { state, revision };
  }
}

export const toDomainEvent = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, occurredAt: event.occurredAt, data: event.data }) as Event;
