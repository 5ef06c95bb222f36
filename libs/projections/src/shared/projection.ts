import type { LedgerEvent, LedgerEventType } from '@ledger/domain';
import type { FoldedEvent, ReadModelReader, RecordedEvent, TableSpec } from '@ledger/event-store';

import type { ReadModel } from './read-model';
import type { RowWriter } from './row-buffer';

/**
 * What projection code reads: the event with its domain type and global
 * position. A projection that sets readsWholeEvents also gets the rest of the
 * recorded event (ids, record time, metadata), at the cost of slower rebuilds.
 */
export type ProjectedEvent = LedgerEvent & { readonly position: number; readonly recordedAt: string } & Partial<
    Omit<RecordedEvent, 'type' | 'occurredAt' | 'data' | 'position' | 'recordedAt'>
  >;

/**
 * What a query runs against: a read model and the moment it answers for. For the
 * live model that moment is now; for an "as of" answer it is the asOf time.
 */
export interface QueryContext {
  readonly model: ReadModel;
  /** ISO 8601 UTC. */
  readonly at: string;
}

/** What the runner needs of every projection, whatever it keeps. */
interface ProjectionBasics {
  readonly name: string;
  /** Bump when `apply` or a document's shape changes: the runner then builds the model anew from position 0. */
  readonly version: number;
  /**
   * The event types `apply` does something with; the runner reads no others for it.
   * Undefined: every type.
   */
  readonly eventTypes?: readonly LedgerEventType[];
  /** Whether `apply` reads more than type, business time, record time and data: ids, who caused each event. */
  readonly readsWholeEvents?: boolean;
}

/**
 * A read model of JSON documents held in memory (the policies' facts): `apply`
 * folds one event into the documents (deterministic, no I/O), `query` reads
 * them. Only the live model answers.
 */
export interface DocumentProjection<Query = unknown, Answer = unknown> extends ProjectionBasics {
  readonly kind?: 'documents';
  apply(model: ReadModel, event: ProjectedEvent): void;
  query(context: QueryContext, query: Query): Answer;
}

/**
 * What a table projection's query answers for: the business time (`at`: the
 * asOf time, the asKnownAt time, or now) and the historical bounds, if any.
 * Every fact a projection stores carries its business time and record time, so
 * a bound is a filter: `occurred_at <= asOf`, `recorded_at <= asKnownAt`.
 */
export interface AnswerContext {
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly asOf?: string;
  readonly asKnownAt?: string;
}

/**
 * A read model as SQL tables (the reports): `apply` turns one event into rows
 * (deterministic, no I/O: the rows merge with what is stored, see ColumnMerge),
 * `query` asks SQL over the tables. The same `apply` serves the live model and
 * a full rebuild; history is answered from the stored facts, never by folding.
 */
export interface TableProjection<Query = unknown, Answer = unknown> extends ProjectionBasics {
  readonly kind: 'tables';
  readonly tables: readonly TableSpec[];
  apply(rows: RowWriter, event: ProjectedEvent): void;
  query(db: ReadModelReader, query: Query, context: AnswerContext): Promise<Answer>;
}

export type ProjectionDefinition<Query = unknown, Answer = unknown> = DocumentProjection<Query, Answer> | TableProjection<Query, Answer>;

export const keepsTables = (definition: ProjectionDefinition): definition is TableProjection => definition.kind === 'tables';

/** Events of types this version of the code does not know are skipped by every projection. */
export function toProjectedEvent(event: FoldedEvent | RecordedEvent): ProjectedEvent {
  return event as unknown as ProjectedEvent;
}
