import { keepsTables, type ProjectedEvent, type ProjectionDefinition } from '../shared/projection';
import { ReadModel } from '../shared/read-model';
import { RowBuffer } from '../shared/row-buffer';
import type { RebuildReport } from './runner-types';

/** Another process moved the checkpoint or swapped the generation: this process reloads. */
export class CheckpointMovedError extends Error {}

/** The projection's own code failed on an event: retrying cannot help, a fix and a rebuild can. */
export class ProjectionCodeError extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly failure: unknown,
  ) {
    super(`projection ${projection} failed on the event at position ${position}: ${describe(failure)}`);
    this.name = 'ProjectionCodeError';
  }
}

/**
 * A generation being filled: what it applied and has not committed yet (a table
 * projection's rows waiting for their commit, or a document projection's documents,
 * all of them in memory), and the position that reflects.
 */
export interface Target {
  generation: number;
  model: ReadModel | RowBuffer;
  /** The position committed with the stored documents. */
  checkpoint: number;
  /** The position the in-memory documents have applied (ahead of the checkpoint until the next commit). */
  applied: number;
  /** When the checkpoint was last committed or loaded (Date.now()). */
  committedAt: number;
  /**
   * A generation that does not serve yet (a rebuild): nothing reads its stored documents
   * before it is promoted, and a crash discards it, so its changes may be written in
   * several short transactions instead of one long one that would hold up the live model.
   */
  staged: boolean;
}

export const emptyTarget = (generation: number, model: ReadModel | RowBuffer, checkpoint = 0): Target => ({
  generation,
  model,
  checkpoint,
  applied: checkpoint,
  committedAt: Date.now(),
  staged: false,
});

export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One projection's live generation, with a queue that runs its work one piece at a time. */
export class LiveProjection {
  target: Target | undefined;
  failure: string | undefined;
  rebuild: { target: Target; startedAt: string; done: Promise<RebuildReport> } | undefined;
  /** When a reload after another process's commit was last logged. */
  reloadToldAt = -Infinity;
  /** Set while applied live changes wait for their commit. */
  commitTimer: NodeJS.Timeout | undefined;
  /** After a database fault: what is in memory may be ahead of what was stored, so the live generation is loaded again first. */
  needsReload = false;
  /** Set while a retry after a database fault is due; `faultTold` once the fault was logged. */
  retryTimer: NodeJS.Timeout | undefined;
  faultTold = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly definition: ProjectionDefinition) {}

  serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export const newModel = (definition: ProjectionDefinition): ReadModel | RowBuffer =>
  keepsTables(definition) ? new RowBuffer(definition.tables) : new ReadModel();

const handledTypeSets = new WeakMap<ProjectionDefinition, ReadonlySet<string>>();
/** The event types the projection handles, as a set; undefined when it takes every type. */
export function handledTypes(definition: ProjectionDefinition): ReadonlySet<string> | undefined {
  if (definition.eventTypes === undefined) return undefined;
  let types = handledTypeSets.get(definition);
  if (!types) handledTypeSets.set(definition, (types = new Set(definition.eventTypes)));
  return types;
}

export const tablesOf = (definition: ProjectionDefinition) => (keepsTables(definition) ? definition.tables : []);

export function applyTo(definition: ProjectionDefinition, target: Target, event: ProjectedEvent): void {
  if (keepsTables(definition)) definition.apply(target.model as RowBuffer, event);
  else definition.apply(target.model as ReadModel, event);
}

export const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
