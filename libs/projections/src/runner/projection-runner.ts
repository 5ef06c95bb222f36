import { eventsBehind, type EventStore, type ProjectionStore } from '@ledger/event-store';
import type { Subscription } from 'rxjs';

import { keepsTables, type ProjectionDefinition } from '../shared/projection';
import { ReadModel } from '../shared/read-model';
import { Generations } from './generations';
import { LiveFollower, type RunnerState } from './live-follower';
import { CheckpointMovedError, describe, emptyTarget, LiveProjection, newModel, tablesOf } from './live-projection';
import { LogApplier } from './log-applier';
import type { ReadModelCheck } from './read-model-check';
import { ReadModelChecker } from './read-model-checker';
import {
  type HistoricalBounds,
  type ProjectionAnswer,
  ProjectionFailedError,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RebuildReport,
  type RunnerLogger,
  UnknownProjectionError,
} from './runner-types';

export * from './read-model-check';
export * from './runner-types';

const DEFAULT_STAGED_WRITE_CHUNK = 2_000;
/** How often a read waiting for a position looks again. */
const WAIT_POLL_MS = 20;
const MAX_START_ATTEMPTS = 100;

const DEFAULT_BATCH_SIZE = 10_000;
const DEFAULT_COMMIT_INTERVAL_MS = 5_000;
const DEFAULT_LIVE_COMMIT_INTERVAL_MS = 200;

/**
 * Keeps every projection's read model up to date from the global log: catches
 * up from its stored checkpoint at start, then follows appends. Each batch's
 * document changes and its new checkpoint commit in one transaction, so a crash
 * never applies an event twice or skips one. Also answers "as of" questions by
 * folding the same projection code over the events up to a business time, and
 * rebuilds a projection beside the live one, swapping it in when caught up.
 */
export class ProjectionRunner {
  private readonly projections = new Map<string, LiveProjection>();
  private readonly clock: () => Date;
  private readonly logger: RunnerLogger | undefined;
  private readonly applier: LogApplier;
  private readonly generations: Generations;
  private readonly follower: LiveFollower;
  private readonly checker: ReadModelChecker;
  private following: Subscription | undefined;
  private pumpScheduled = false;
  /**
   * `leading`: whether this process runs the projections (applies the log, commits). A process
   * that does not (another one holds the lease) answers from what is stored, reading
   * the live generations and their checkpoints from the database as it answers.
   */
  private readonly state: RunnerState = { stopped: false, leading: true };

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    definitions: readonly ProjectionDefinition[],
    options: ProjectionRunnerOptions = {},
  ) {
    for (const definition of definitions) this.projections.set(definition.name, new LiveProjection(definition));
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger;
    this.applier = new LogApplier(events, store, {
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      commitIntervalMs: options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS,
      stagedWriteChunk: options.stagedWriteChunk ?? DEFAULT_STAGED_WRITE_CHUNK,
    });
    this.generations = new Generations(store, this.logger);
    this.follower = new LiveFollower(
      this.state,
      this.applier,
      this.generations,
      this.logger,
      options.liveCommitIntervalMs ?? DEFAULT_LIVE_COMMIT_INTERVAL_MS,
    );
    this.checker = new ReadModelChecker(this.state, store, this.applier, this.follower, this.generations, this.clock);
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  /**
   * Loads every live generation (building one where none fits this code), catches up, and with `follow` keeps following appends.
   * With `lead: false` it only answers from what another process stores (see `lead` and `follow`).
   */
  async start(options: { follow?: boolean; lead?: boolean } = {}): Promise<void> {
    this.state.stopped = false;
    this.state.leading = options.lead ?? true;
    const all = [...this.projections.values()];
    if (!this.state.leading) {
      for (const live of all) await live.serial(() => this.generations.refreshFromStore(live));
      return;
    }
    const started = performance.now();
    // Another process over the same database may commit first (both starting at once, or one busy appending):
    // load its work and go on from there, after a short random pause so the two stop colliding.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.catchUpAtStart(all);
        break;
      } catch (error) {
        if (!(error instanceof CheckpointMovedError) || attempt >= MAX_START_ATTEMPTS) throw error;
        if (attempt === 1) this.logger?.log(`${error.message} while starting: loading its work`);
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 45));
      }
    }
    const positions = all.map((live) => `${live.definition.name} ${live.target?.checkpoint ?? 0}`).join(', ');
    this.logger?.log(`projections caught up in ${((performance.now() - started) / 1000).toFixed(1)} s: ${positions}`);
    if (options.follow ?? true) {
      const head = await this.events.headPosition();
      // The subscription only says "something was appended"; each projection reads from its own checkpoint.
      this.following = this.events.subscribe({ after: head }).subscribe({
        next: () => this.schedulePump(),
        error: (error: unknown) => this.logger?.error(`projection runner stopped following the log: ${describe(error)}`),
      });
      // What was appended after the catch-up and up to `head` sets off no notification: one pump applies it.
      this.schedulePump();
    }
  }

  /** Loads every live generation and catches all of them up, promoting those built anew. */
  private catchUpAtStart(all: LiveProjection[]): Promise<void> {
    return this.exclusively(all, async () => {
      const replacing = new Map<LiveProjection, number>();
      for (const live of all) {
        const replaced = await this.generations.load(live);
        if (replaced !== undefined) replacing.set(live, replaced);
      }
      // One pass for the projections that fold slim events, another for those that need whole
      // ones (few types, so that pass reads little): neither pays the other's cost.
      const passes = [
        all.filter((live) => live.definition.readsWholeEvents !== true),
        all.filter((live) => live.definition.readsWholeEvents === true),
      ];
      for (const pass of passes.filter((group) => group.length > 0)) {
        // A projection whose code fails stops there, with the reason in its status; the others go on.
        await this.applier.catchUpTogether(
          pass.map((live) => [live.definition, live.target!]),
          (definition, error) => this.follower.stopAfterFailure(this.projections.get(definition.name)!, error),
        );
      }
      for (const [live, replaced] of replacing) {
        if (live.failure) {
          await this.store.dropGeneration(live.definition.name, live.target!.generation);
          continue;
        }
        await this.store.promote(live.definition.name, live.target!.generation);
        live.target!.staged = false;
        await this.store.dropGeneration(live.definition.name, replaced);
      }
    });
  }

  /** Takes over running the projections: this process now holds the lease. */
  async lead(): Promise<void> {
    if (this.state.leading && this.following) return;
    await this.start({ follow: true, lead: true });
  }

  /** Stops running the projections (commits what it applied), answering from what the process that runs them stores. */
  async follow(): Promise<void> {
    if (!this.state.leading) return;
    this.state.leading = false;
    await this.stopFollowing((live) => this.generations.refreshFromStore(live));
  }

  /** Whether this process runs the projections. */
  get runsProjections(): boolean {
    return this.state.leading && !this.state.stopped;
  }

  /**
   * Waits until every projection has stored the log up to `position` (a command's answer
   * carries its position): then a read of any of them sees that command. Answers the lowest
   * position stored, which is below `position` when the time ran out.
   */
  async waitFor(position: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let lowest = Infinity;
      for (const live of this.projections.values()) {
        if (live.failure) continue;
        await this.caughtUp(live).catch(() => undefined);
        lowest = Math.min(lowest, live.target?.checkpoint ?? 0);
      }
      if (lowest >= position || Date.now() >= deadline) return lowest === Infinity ? 0 : lowest;
      await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  async stop(): Promise<void> {
    this.state.stopped = true;
    await this.stopFollowing();
  }

  /**
   * Stops following the log and lets the batch in progress of each projection commit, and what it applied
   * since its last commit; then `afterCommit`, in the projection's turn.
   */
  private async stopFollowing(afterCommit?: (live: LiveProjection) => Promise<void>): Promise<void> {
    this.following?.unsubscribe();
    this.following = undefined;
    await Promise.all(
      [...this.projections.values()].map((live) => {
        if (live.commitTimer) clearTimeout(live.commitTimer);
        live.commitTimer = undefined;
        return live.serial(async () => {
          await this.follower.commitLive(live);
          await afterCommit?.(live);
        });
      }),
    );
  }

  /**
   * Answers once the read model has stored everything appended before the call:
   * live, or on either clock from the stored facts: `asOf` keeps what occurred up
   * to that business time, `asKnownAt` what was recorded up to that record time
   * (what the ledger knew then, so a later import of history does not rewrite an
   * earlier report). Only table projections keep history.
   */
  async query<Query, Answer>(name: string, query: Query, options: HistoricalBounds = {}): Promise<ProjectionAnswer<Answer>> {
    const live = this.projection(name);
    const definition = live.definition as ProjectionDefinition<Query, Answer>;
    const historical = options.asOf !== undefined || options.asKnownAt !== undefined;
    await this.caughtUp(live);
    const target = live.target!;
    if (!keepsTables(definition)) {
      if (historical) throw new Error(`projection ${name} keeps no history: it answers only as it stands`);
      const at = this.clock().toISOString();
      return { answer: definition.query({ model: target.model as ReadModel, at }, query), at, position: target.applied };
    }
    // Without a business time, the report is the one that would have been made at the record time.
    const at = options.asOf ?? options.asKnownAt ?? this.clock().toISOString();
    const answer = await definition.query(this.store.reader(name), query, { at, asOf: options.asOf, asKnownAt: options.asKnownAt });
    return { answer, at, position: target.checkpoint };
  }

  /** A document projection's live documents, for comparisons in tests and tools. */
  liveModel(name: string): ReadModel {
    const target = this.projection(name).target;
    if (!target) throw new Error(`projection ${name} has not started`);
    if (!(target.model instanceof ReadModel)) throw new Error(`projection ${name} keeps tables, not documents in memory`);
    return target.model;
  }

  /** Builds a new generation from position 0 beside the live one, which serves until the new one is caught up and swapped in. */
  rebuild(name: string): Promise<RebuildReport> {
    const live = this.projection(name);
    if (live.rebuild) return live.rebuild.done;
    const startedAt = this.clock();
    const started = performance.now();
    const target = { ...emptyTarget(0, newModel(live.definition)), staged: true };
    const done = (async () => {
      const generation = await this.store.createGeneration(name, live.definition.version, tablesOf(live.definition));
      target.generation = generation.generation;
      this.logger?.log(`rebuilding projection ${name} as generation ${generation.generation}`);
      try {
        await this.applier.catchUp(live.definition, target);
        await live.serial(async () => {
          await this.applier.catchUp(live.definition, target);
          await this.store.promote(name, target.generation);
          target.staged = false;
          const previous = live.target;
          live.target = target;
          live.failure = undefined;
          if (previous && previous.generation !== target.generation) await this.store.dropGeneration(name, previous.generation);
        });
      } catch (error) {
        await this.store.dropGeneration(name, target.generation).catch(() => undefined);
        throw error;
      }
      const seconds = (performance.now() - started) / 1000;
      this.logger?.log(`projection ${name} rebuilt to position ${target.checkpoint} in ${seconds.toFixed(1)} s`);
      return { projection: name, generation: target.generation, checkpoint: target.checkpoint, seconds };
    })().finally(() => {
      live.rebuild = undefined;
    });
    live.rebuild = { target, startedAt: startedAt.toISOString(), done };
    return done;
  }

  /** Checks the stored read model against the log (see ReadModelChecker). */
  async checkAgainstLog(name: string, maxDifferences = 10): Promise<ReadModelCheck> {
    return this.checker.check(this.projection(name), maxDifferences);
  }

  async status(): Promise<ProjectionStatus[]> {
    if (!this.state.leading)
      for (const live of this.projections.values()) await live.serial(() => this.generations.refreshFromStore(live)).catch(() => undefined);
    const head = await this.events.headPosition();
    return [...this.projections.values()].map((live) => {
      // What the live model has applied: a commit of it may follow a moment later (liveCommitIntervalMs).
      const checkpoint = (live.needsReload ? live.target?.checkpoint : live.target?.applied) ?? 0;
      return {
        projection: live.definition.name,
        version: live.definition.version,
        generation: live.target?.generation ?? 0,
        checkpoint,
        head,
        lag: eventsBehind(head, checkpoint, this.events.capabilities),
        state: live.failure ? 'failed' : this.state.stopped ? 'stopped' : 'live',
        runsHere: this.state.leading && !this.state.stopped,
        ...(live.failure ? { failure: live.failure } : {}),
        ...(live.rebuild
          ? {
              rebuild: {
                generation: live.rebuild.target.generation,
                checkpoint: live.rebuild.target.checkpoint,
                startedAt: live.rebuild.startedAt,
              },
            }
          : {}),
      };
    });
  }

  private projection(name: string): LiveProjection {
    const live = this.projections.get(name);
    if (!live) throw new UnknownProjectionError(name, this.names);
    return live;
  }

  /** Runs the work while none of the projections runs anything else. */
  private exclusively<T>(lives: readonly LiveProjection[], work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = lives;
    if (!first) return work();
    return first.serial(() => this.exclusively(rest, work));
  }

  private async caughtUp(live: LiveProjection): Promise<void> {
    if (live.failure) throw new ProjectionFailedError(live.definition.name, live.failure);
    if (!this.state.leading) {
      await live.serial(() => this.generations.refreshFromStore(live));
      if (!live.target)
        throw new ProjectionFailedError(live.definition.name, 'not built yet: the process that runs the read models has not stored it');
      return;
    }
    const head = await this.events.headPosition();
    // Tables answer what is committed; documents in memory what is applied.
    const reached = keepsTables(live.definition) ? live.target?.checkpoint : live.target?.applied;
    if ((reached ?? 0) >= head) return;
    // A query that finds the model behind commits what it applies, as a catch-up does.
    await live.serial(() => this.follower.advance(live, false));
    if (live.failure) throw new ProjectionFailedError(live.definition.name, live.failure);
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.state.stopped || !this.state.leading) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      for (const live of this.projections.values()) {
        // Following appends: the commit waits for liveCommitIntervalMs, so a burst shares one.
        if (!live.failure) void live.serial(() => this.follower.advance(live, true));
      }
    });
  }
}
