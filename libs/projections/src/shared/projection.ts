import type { LedgerEvent, LedgerEventType } from '@ledger/domain';
import type { FoldedEvent, RecordedEvent } from '@ledger/event-store';
import type { ReadModel } from './read-model';

/**
 * What projection code reads: the event with its domain type and global
 * position. A projection that sets readsWholeEvents also gets the rest of the
 * recorded event (ids, record time, metadata), at the cost of slower rebuilds.
 */
export type ProjectedEvent = LedgerEvent & { readonly position: number } & Partial<Omit<RecordedEvent, 'type' | 'occurredAt' | 'data' | 'position'>>;

/**
 * What a query runs against: a read model and the moment it answers for. For the
 * live model that moment is now; for an "as of" answer it is the asOf time.
 */
export interface QueryContext {
  readonly model: ReadModel;
  /** ISO 8601 UTC. */
  readonly at: string;
}

/**
 * A read model as plain functions: `apply` folds one event into the documents
 * (deterministic, no I/O), `query` reads them. The same two functions serve the
 * live model, a full rebuild and an "as of" answer.
 */
export interface ProjectionDefinition<Query = unknown, Answer = unknown> {
  readonly name: string;
  /** Bump when `apply` or a document's shape changes: the runner then builds the model anew from position 0. */
  readonly version: number;
  /**
   * The event types `apply` does something with; the runner reads no others for it.
   * Undefined: every type.
   */
  readonly eventTypes?: readonly LedgerEventType[];
  /** Whether `apply` reads more than type, business time and data: ids, record time, who caused each event. */
  readonly readsWholeEvents?: boolean;
  apply(model: ReadModel, event: ProjectedEvent): void;
  query(context: QueryContext, query: Query): Answer;
}

/** Events of types this version of the code does not know are skipped by every projection. */
export function toProjectedEvent(event: FoldedEvent | RecordedEvent): ProjectedEvent {
  return event as unknown as ProjectedEvent;
}

/**
 * Ends a projection's switch over event types: a new event type that is not
 * handled does not compile, while an unknown type met at run time (written by
 * a newer version) is skipped rather than stopping the projection.
 */
export function skipUnknownEvent(event: never): void {
  void event;
}
