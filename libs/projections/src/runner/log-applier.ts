import type { EventStore, FoldedEvent, ProjectionStore, RecordedEvent } from '@ledger/event-store';

import { type ProjectionDefinition, toProjectedEvent } from '../shared/projection';
import { RowBuffer } from '../shared/row-buffer';
import { applyTo, CheckpointMovedError, handledTypes, ProjectionCodeError, type Target, yieldToOthers } from './live-projection';

/** Rows all the table projections of a catch-up hold for their commits at most, together: memory stays bounded (tens of MB) whatever the backlog and however many projections. */
const MAX_PENDING_ROWS = 50_000;

export interface LogApplierOptions {
  readonly batchSize: number;
  readonly commitIntervalMs: number;
  readonly stagedWriteChunk: number;
}

/** Reads the log and applies it to generations being filled, committing their changes with their checkpoints. */
export class LogApplier {
  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    private readonly options: LogApplierOptions,
  ) {}

  /**
   * Catches several targets up on one read of the log: each batch is read once
   * and applied to every target that has not seen it yet (a fresh start or a
   * new version rebuilds all projections in one pass).
   */
  async catchUpTogether(
    all: ReadonlyArray<[ProjectionDefinition, Target]>,
    onFailure?: (definition: ProjectionDefinition, error: ProjectionCodeError) => void,
    /** Once caught up, leave the changes uncommitted if the last commit is more recent than this (following live appends). */
    deferCommitWithinMs = 0,
    /** Stop at this position rather than the head (a check folds the log up to where the live model stands). */
    upTo = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    let targets = [...all];
    const definitions = targets.map(([definition]) => definition);
    let lastCommit = Date.now();
    while (targets.length > 0) {
      const from = Math.min(...targets.map(([, target]) => target.applied));
      const head = Math.min(await this.events.headPosition(), upTo);
      const batch = await this.read({ after: from, limit: this.options.batchSize, upToPosition: head }, definitions);
      for (const entry of targets) {
        const [definition, target] = entry;
        // A pass for several projections reads the types any of them handles: each is given only its own.
        const handles = handledTypes(definition);
        let position = target.applied;
        try {
          for (const event of batch) {
            if (event.position <= target.applied || (handles !== undefined && !handles.has(event.type))) continue;
            position = event.position;
            applyTo(definition, target, toProjectedEvent(event));
            target.applied = event.position;
          }
          // The batch's events of other types are behind it too, or the next read would start before them again.
          const last = batch.at(-1)?.position;
          if (last !== undefined && last > target.applied) target.applied = last;
        } catch (error) {
          const failure = new ProjectionCodeError(definition.name, position, error);
          if (!onFailure) throw failure;
          onFailure(definition, failure);
          targets = targets.filter((other) => other !== entry);
        }
      }
      const caughtUp = batch.length < this.options.batchSize;
      // Every event up to the head that these projections handle is applied: the rest need no reading.
      if (caughtUp) for (const [, target] of targets) target.applied = Math.max(target.applied, head);
      const pendingRows = targets.reduce((sum, [, target]) => sum + (target.model instanceof RowBuffer ? target.model.size : 0), 0);
      const fullBuffer = pendingRows >= MAX_PENDING_ROWS;
      if (caughtUp || Date.now() - lastCommit >= this.options.commitIntervalMs || fullBuffer) {
        for (const [definition, target] of targets) {
          if (caughtUp && Date.now() - target.committedAt < deferCommitWithinMs) continue;
          await this.commit(definition, target);
        }
        lastCommit = Date.now();
      }
      if (caughtUp) return;
      await yieldToOthers();
    }
  }

  /** Applies and commits until the target has reached the head (or `upTo`, when given). */
  catchUp(definition: ProjectionDefinition, target: Target, upTo?: number): Promise<void> {
    return this.catchUpTogether([[definition, target]], undefined, 0, upTo);
  }

  /** Reads a page of the log for these projections: only the types they handle, whole events only when one needs them. */
  private read(
    options: { after: number; limit: number; upToPosition: number },
    definitions: readonly ProjectionDefinition[],
  ): Promise<Array<FoldedEvent | RecordedEvent>> {
    const types = definitions.every((definition) => definition.eventTypes !== undefined)
      ? [...new Set(definitions.flatMap((definition) => definition.eventTypes!))]
      : undefined;
    const filtered = types === undefined ? options : { ...options, types };
    return definitions.some((definition) => definition.readsWholeEvents === true)
      ? this.events.readAll(filtered)
      : this.events.readAll({ ...filtered, forFold: true });
  }

  /** Stores what the target applied since its checkpoint, with the new checkpoint, in one transaction. */
  async commit(definition: ProjectionDefinition, target: Target): Promise<void> {
    if (target.applied === target.checkpoint) return;
    const taken = target.model.takeChanges();
    const changes: readonly unknown[] = Array.isArray(taken) ? taken : taken.changes;
    const part = (from: number, to?: number) =>
      Array.isArray(taken) ? taken.slice(from, to) : { ...taken, changes: taken.changes.slice(from, to) };
    let from = 0;
    if (target.staged) {
      // All but the last part keep the checkpoint where it is; the last part moves it.
      for (; changes.length - from > this.options.stagedWriteChunk; from += this.options.stagedWriteChunk) {
        if (
          !(await this.store.commit(
            definition.name,
            target.generation,
            target.checkpoint,
            target.checkpoint,
            part(from, from + this.options.stagedWriteChunk),
          ))
        ) {
          throw new CheckpointMovedError(`projection ${definition.name} generation ${target.generation} moved on elsewhere`);
        }
        await yieldToOthers();
      }
    }
    const committed = await this.store.commit(
      definition.name,
      target.generation,
      target.checkpoint,
      target.applied,
      from === 0 ? taken : part(from),
    );
    if (!committed) throw new CheckpointMovedError(`projection ${definition.name} generation ${target.generation} moved on elsewhere`);
    target.checkpoint = target.applied;
    target.committedAt = Date.now();
  }
}
