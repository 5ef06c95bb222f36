import type { LedgerEventType } from '@ledger/domain';

import type { DocumentProjection, ProjectedEvent, QueryContext } from './projection';
import type { ReadModel } from './read-model';

/** The event of one type, as projection code reads it. */
export type ProjectedEventOf<Type extends LedgerEventType> = Extract<ProjectedEvent, { readonly type: Type }>;

/**
 * What a projection does with each event type it uses, and nothing for the others: the
 * handlers are the one list of the types it handles (the runner reads only those).
 */
export type EventHandlers<Model> = { readonly [Type in LedgerEventType]?: (model: Model, event: ProjectedEventOf<Type>) => void };

/** The handler of the event's type; none for a type the projection does not use or this version does not know (written by a newer one). */
export function handlerOf<Model>(
  handlers: EventHandlers<Model>,
  event: ProjectedEvent,
): ((model: Model, event: ProjectedEvent) => void) | undefined {
  // Own keys only: an event type such as `toString` names no handler.
  return Object.hasOwn(handlers, event.type) ? (handlers[event.type] as (model: Model, event: ProjectedEvent) => void) : undefined;
}

/** An `apply` that hands each event to its type's handler and skips the rest. */
export function applyWith<Model>(handlers: EventHandlers<Model>): (model: Model, event: ProjectedEvent) => void {
  return (model, event) => handlerOf(handlers, event)?.(model, event);
}

/** An `apply` whose handlers take a view of the model (a document projection's collections), built for the events they take. */
export function applyWithView<Model, View>(
  handlers: EventHandlers<View>,
  view: (model: Model) => View,
): (model: Model, event: ProjectedEvent) => void {
  return (model, event) => handlerOf(handlers, event)?.(view(model), event);
}

/** The event types the handlers take: a projection's `eventTypes`. */
export const handledEventTypes = <Model>(handlers: EventHandlers<Model>): readonly LedgerEventType[] =>
  Object.keys(handlers) as LedgerEventType[];

/**
 * A document projection whose handlers take a view of its documents: they are the one list of the event
 * types it reads (its `eventTypes`) and what its `apply` does with each.
 */
export function documentProjectionOf<View, Query, Answer>({
  handlers,
  view,
  ...definition
}: {
  readonly name: string;
  readonly version: number;
  readonly readsWholeEvents?: boolean;
  readonly handlers: EventHandlers<View>;
  readonly view: (model: ReadModel) => View;
  readonly query: (context: QueryContext, query: Query) => Answer;
}): DocumentProjection<Query, Answer> {
  return { ...definition, eventTypes: handledEventTypes(handlers), apply: applyWithView(handlers, view) };
}
