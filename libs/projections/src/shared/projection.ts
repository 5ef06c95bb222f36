import type { LedgerEvent } from '@ledger/domain';
import type { EventMetadata, EventWithoutMetadata } from '@ledger/event-store';
import type { ReadModel } from './read-model';

/** A recorded event with its domain type: what projection code reads. */
export type ProjectedEvent = LedgerEvent & {
  readonly eventId: string;
  readonly streamId: string;
  readonly position: number;
  readonly recordedAt: string;
  /** Present only for a projection that asks for it (readsMetadata): decoding it slows a rebuild down. */
  readonly metadata?: EventMetadata;
};

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
  /** Whether `apply` reads who caused each event (actor, correlation, causation). */
  readonly readsMetadata?: boolean;
  apply(model: ReadModel, event: ProjectedEvent): void;
  query(context: QueryContext, query: Query): Answer;
}

/** Events of types this version of the code does not know are skipped by every projection. */
export function toProjectedEvent(event: EventWithoutMetadata & { readonly metadata?: EventMetadata }): ProjectedEvent {
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
