import { eventsBehind, type EventStore, type FoldedEvent, type ProjectionStore, type RecordedEvent } from '@ledger/event-store';
import type { Subscription } from 'rxjs';
import { keepsTables, toProjectedEvent, type ProjectedEvent, type ProjectionDefinition } from '../shared/projection';
import { ReadModel } from '../shared/read-model';
import { RowBuffer } from '../shared/row-buffer';

export interface ProjectionRunnerOptions {
  /** Events read from the log at a time. */
  readonly batchSize?: number;
  /**
   * While catching up a backlog, document changes and the checkpoint are committed
   * at most this often (and always once caught up): a document changed in many
   * batches is then written once. A crash loses at most this much work, never
   * correctness. 0 commits every batch.
   */
  readonly commitIntervalMs?: number;
  /**
   * Following live appends, a projection commits at most this often (and on stop):
   * a burst of commands then costs one transaction per projection rather than one
   * per command, and a document changed by every command (today's revenue) is
   * written once. Queries answer from the model in memory, which is always up to
   * date; after a crash the uncommitted events are applied again from the log.
   * 0 commits after every event.
   */
  readonly liveCommitIntervalMs?: number;
  /** Documents per transaction when a rebuild's changes are written (in parts, so the live model is never held up long). */
  readonly stagedWriteChunk?: number;
  readonly clock?: () => Date;
  readonly logger?: RunnerLogger;
}

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionStatus {
  readonly projection: string;
  readonly version: number;
  readonly generation: number;
  /** Global position of the last event the live model applied. */
  readonly checkpoint: number;
  readonly head: number;
  /** Events behind the head; null when the store cannot count them (positions that are not dense) and it is behind. */
  readonly lag: number | null;
  readonly state: 'live' | 'failed' | 'stopped';
  /** Whether this process runs the projection (holds the read-model lease); the others answer from what it stores. */
  readonly runsHere: boolean;
  readonly failure?: string;
  readonly rebuild?: { readonly generation: number; readonly checkpoint: number; readonly startedAt: string };
}

export interface RebuildReport {
  readonly projection: string;
  readonly generation: number;
  /** Global position the new generation had reached when it was swapped in. */
  readonly checkpoint: number;
  /** Wall-clock time the rebuild took. */
  readonly seconds: number;
}

/**
 * A read's bounds: business time (`asOf`) and record time (`asKnownAt`), ISO 8601 UTC,
 * and `minPosition`, the log position the read models must have stored before the
 * read answers (a command's answer carries its position: read your writes, on any process).
 */
export interface HistoricalBounds {
  readonly asOf?: string;
  readonly asKnownAt?: string;
  readonly minPosition?: number;
}

export interface ProjectionAnswer<Answer> {
  readonly answer: Answer;
  /** The business time answered for: the asOf time, or now. */
  readonly at: string;
  /** The last global position the answer reflects. */
  readonly position: number;
}

export class UnknownProjectionError extends Error {
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`there is no projection ${projection}; known: ${known.join(', ')}`);
    this.name = 'UnknownProjectionError';
  }
}

export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly reason: string,
  ) {
    super(`projection ${projection} stopped after a failure: ${reason}; rebuild it once the cause is fixed`);
    this.name = 'ProjectionFailedError';
  }
}

/** Another process moved the checkpoint or swapped the generation: this process reloads. */
class CheckpointMovedError extends Error {}

/** The projection's own code failed on an event: retrying cannot help, a fix and a rebuild can. */
class ProjectionCodeError extends Error {
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
interface Target {
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

const emptyTarget = (generation: number, model: ReadModel | RowBuffer, checkpoint = 0): Target => ({
  generation,
  model,
  checkpoint,
  applied: checkpoint,
  committedAt: Date.now(),
  staged: false,
});

const DEFAULT_STAGED_WRITE_CHUNK = 2_000;
/** How often a read waiting for a position looks again. */
const WAIT_POLL_MS = 20;
const MAX_START_ATTEMPTS = 100;
/** Reloads in a row when another process keeps committing first. */
const MAX_RELOADS = 3;
const RELOAD_TOLD_EVERY_MS = 60_000;
/** How soon a projection tries again after the database failed it. */
const FAULT_RETRY_MS = 1_000;

const DEFAULT_BATCH_SIZE = 10_000;
const DEFAULT_COMMIT_INTERVAL_MS = 5_000;
const DEFAULT_LIVE_COMMIT_INTERVAL_MS = 200;
/** Rows each table projection holds for its commit at most, while catching up: memory stays bounded whatever the backlog. */
const MAX_PENDING_ROWS = 50_000;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One projection's live generation, with a queue that runs its work one piece at a time. */
class LiveProjection {
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
  private readonly batchSize: number;
  private readonly commitIntervalMs: number;
  private readonly liveCommitIntervalMs: number;
  private readonly stagedWriteChunk: number;
  private readonly clock: () => Date;
  private readonly logger: RunnerLogger | undefined;
  private following: Subscription | undefined;
  private pumpScheduled = false;
  private stopped = false;
  /**
   * Whether this process runs the projections (applies the log, commits). A process
   * that does not (another one holds the lease) answers from what is stored, reading
   * the live generations and their checkpoints from the database as it answers.
   */
  private leading = true;

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    definitions: readonly ProjectionDefinition[],
    options: ProjectionRunnerOptions = {},
  ) {
    for (const definition of definitions) this.projections.set(definition.name, new LiveProjection(definition));
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.commitIntervalMs = options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS;
    this.liveCommitIntervalMs = options.liveCommitIntervalMs ?? DEFAULT_LIVE_COMMIT_INTERVAL_MS;
    this.stagedWriteChunk = options.stagedWriteChunk ?? DEFAULT_STAGED_WRITE_CHUNK;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger;
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  /**
   * Loads every live generation (building one where none fits this code), catches up, and with `follow` keeps following appends.
   * With `lead: false` it only answers from what another process stores (see `lead` and `follow`).
   */
  async start(options: { follow?: boolean; lead?: boolean } = {}): Promise<void> {
    this.stopped = false;
    this.leading = options.lead ?? true;
    const all = [...this.projections.values()];
    if (!this.leading) {
      for (const live of all) await live.serial(() => this.refreshFromStore(live));
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
    }
  }

  /** Loads every live generation and catches all of them up, promoting those built anew. */
  private catchUpAtStart(all: LiveProjection[]): Promise<void> {
    return this.exclusively(all, async () => {
      const replacing = new Map<LiveProjection, number>();
      for (const live of all) {
        const replaced = await this.load(live);
        if (replaced !== undefined) replacing.set(live, replaced);
      }
      // One pass for the projections that fold slim events, another for those that need whole
      // ones (few types, so that pass reads little): neither pays the other's cost.
      const passes = [all.filter((live) => live.definition.readsWholeEvents !== true), all.filter((live) => live.definition.readsWholeEvents === true)];
      for (const pass of passes.filter((group) => group.length > 0)) {
        // A projection whose code fails stops there, with the reason in its status; the others go on.
        await this.catchUpTogether(
          pass.map((live) => [live.definition, live.target!]),
          (definition, error) => this.stopAfterFailure(this.projections.get(definition.name)!, error),
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
    if (this.leading && this.following) return;
    await this.start({ follow: true, lead: true });
  }

  /** Stops running the projections (commits what it applied), answering from what the process that runs them stores. */
  async follow(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.following?.unsubscribe();
    this.following = undefined;
    await Promise.all(
      [...this.projections.values()].map((live) => {
        if (live.commitTimer) clearTimeout(live.commitTimer);
        live.commitTimer = undefined;
        return live.serial(async () => {
          await this.commitLive(live);
          await this.refreshFromStore(live);
        });
      }),
    );
  }

  /** Whether this process runs the projections. */
  get runsProjections(): boolean {
    return this.leading && !this.stopped;
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
    this.stopped = true;
    this.following?.unsubscribe();
    this.following = undefined;
    // Let the batch in progress of each projection commit, and what it applied since its last commit.
    await Promise.all(
      [...this.projections.values()].map((live) => {
        if (live.commitTimer) clearTimeout(live.commitTimer);
        live.commitTimer = undefined;
        return live.serial(() => this.commitLive(live));
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
        await this.catchUp(live.definition, target);
        await live.serial(async () => {
          await this.catchUp(live.definition, target);
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

  async status(): Promise<ProjectionStatus[]> {
    if (!this.leading) for (const live of this.projections.values()) await live.serial(() => this.refreshFromStore(live)).catch(() => undefined);
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
        state: live.failure ? 'failed' : this.stopped ? 'stopped' : 'live',
        runsHere: this.leading && !this.stopped,
        ...(live.failure ? { failure: live.failure } : {}),
        ...(live.rebuild
          ? { rebuild: { generation: live.rebuild.target.generation, checkpoint: live.rebuild.target.checkpoint, startedAt: live.rebuild.startedAt } }
          : {}),
      };
    });
  }

  private projection(name: string): LiveProjection {
    const live = this.projections.get(name);
    if (!live) throw new UnknownProjectionError(name, this.names);
    return live;
  }

  /**
   * Loads the live generation. A generation left unfinished by an interrupted
   * rebuild is discarded. When the live one was built by another version of the
   * code, a new generation starts from position 0 instead, and the number of the
   * one it replaces is answered: the caller promotes the new one once caught up.
   */
  private async load(live: LiveProjection): Promise<number | undefined> {
    const { name, version } = live.definition;
    const generations = await this.store.generations(name);
    for (const unfinished of generations.filter((generation) => !generation.live)) {
      this.logger?.warn(`discarding unfinished rebuild of projection ${name} (generation ${unfinished.generation})`);
      await this.store.dropGeneration(name, unfinished.generation);
    }
    const current = generations.find((generation) => generation.live);
    if (current && current.version !== version) {
      this.logger?.warn(`projection ${name} was built by version ${current.version} of its code, this is version ${version}: building it anew`);
      const fresh = await this.store.createGeneration(name, version, tablesOf(live.definition));
      live.target = { ...emptyTarget(fresh.generation, newModel(live.definition)), staged: true };
      return current.generation;
    }
    const loaded = current ?? (await this.store.createGeneration(name, version, tablesOf(live.definition)));
    if (!loaded.live) {
      // Another process created the live generation between our look and our creation: use that one.
      await this.store.dropGeneration(name, loaded.generation);
      return this.load(live);
    }
    // A table projection's state stays in its tables: nothing to load.
    const model = keepsTables(live.definition) ? newModel(live.definition) : ReadModel.fromDocuments(await this.store.loadDocuments(name, loaded.generation));
    live.target = emptyTarget(loaded.generation, model, loaded.checkpoint);
    return undefined;
  }

  /** Where the live generation stands in the database (another process runs the projection): its number and checkpoint. */
  private async refreshFromStore(live: LiveProjection): Promise<void> {
    const stored = (await this.store.generations(live.definition.name)).find((generation) => generation.live);
    if (!stored) {
      live.target = undefined;
      return;
    }
    if (live.target?.generation === stored.generation) {
      live.target.checkpoint = live.target.applied = stored.checkpoint;
      return;
    }
    live.target = emptyTarget(stored.generation, newModel(live.definition), stored.checkpoint);
  }

  /** Runs the work while none of the projections runs anything else. */
  private exclusively<T>(lives: readonly LiveProjection[], work: () => Promise<T>): Promise<T> {
    const [first, ...rest] = lives;
    if (!first) return work();
    return first.serial(() => this.exclusively(rest, work));
  }

  /**
   * Catches several targets up on one read of the log: each batch is read once
   * and applied to every target that has not seen it yet (a fresh start or a
   * new version rebuilds all projections in one pass).
   */
  private async catchUpTogether(
    all: ReadonlyArray<[ProjectionDefinition, Target]>,
    onFailure?: (definition: ProjectionDefinition, error: ProjectionCodeError) => void,
    /** Once caught up, leave the changes uncommitted if the last commit is more recent than this (following live appends). */
    deferCommitWithinMs = 0,
  ): Promise<void> {
    let targets = [...all];
    const definitions = targets.map(([definition]) => definition);
    let lastCommit = Date.now();
    while (targets.length > 0) {
      const from = Math.min(...targets.map(([, target]) => target.applied));
      const head = await this.events.headPosition();
      const batch = await this.read({ after: from, limit: this.batchSize, upToPosition: head }, definitions);
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
      const caughtUp = batch.length < this.batchSize;
      // Every event up to the head that these projections handle is applied: the rest need no reading.
      if (caughtUp) for (const [, target] of targets) target.applied = Math.max(target.applied, head);
      const fullBuffer = targets.some(([, target]) => target.model instanceof RowBuffer && target.model.size >= MAX_PENDING_ROWS);
      if (caughtUp || Date.now() - lastCommit >= this.commitIntervalMs || fullBuffer) {
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

  /** Applies and commits until the target has reached the head. */
  private catchUp(definition: ProjectionDefinition, target: Target): Promise<void> {
    return this.catchUpTogether([[definition, target]]);
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
  private async commit(definition: ProjectionDefinition, target: Target): Promise<void> {
    if (target.applied === target.checkpoint) return;
    const taken = target.model.takeChanges();
    const changes: readonly unknown[] = Array.isArray(taken) ? taken : taken.changes;
    const part = (from: number, to?: number) => (Array.isArray(taken) ? taken.slice(from, to) : { ...taken, changes: taken.changes.slice(from, to) });
    let from = 0;
    if (target.staged) {
      // All but the last part keep the checkpoint where it is; the last part moves it.
      for (; changes.length - from > this.stagedWriteChunk; from += this.stagedWriteChunk) {
        if (!(await this.store.commit(definition.name, target.generation, target.checkpoint, target.checkpoint, part(from, from + this.stagedWriteChunk)))) {
          throw new CheckpointMovedError(`projection ${definition.name} generation ${target.generation} moved on elsewhere`);
        }
        await yieldToOthers();
      }
    }
    const committed = await this.store.commit(definition.name, target.generation, target.checkpoint, target.applied, from === 0 ? taken : part(from));
    if (!committed) throw new CheckpointMovedError(`projection ${definition.name} generation ${target.generation} moved on elsewhere`);
    target.checkpoint = target.applied;
    target.committedAt = Date.now();
  }

  private async caughtUp(live: LiveProjection): Promise<void> {
    if (live.failure) throw new ProjectionFailedError(live.definition.name, live.failure);
    if (!this.leading) {
      await live.serial(() => this.refreshFromStore(live));
      if (!live.target) throw new ProjectionFailedError(live.definition.name, 'not built yet: the process that runs the read models has not stored it');
      return;
    }
    const head = await this.events.headPosition();
    // Tables answer what is committed; documents in memory what is applied.
    const reached = keepsTables(live.definition) ? live.target?.checkpoint : live.target?.applied;
    if ((reached ?? 0) >= head) return;
    // A query that finds the model behind commits what it applies, as a catch-up does.
    await live.serial(() => this.advance(live, false));
    if (live.failure) throw new ProjectionFailedError(live.definition.name, live.failure);
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped || !this.leading) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      for (const live of this.projections.values()) {
        // Following appends: the commit waits for liveCommitIntervalMs, so a burst shares one.
        if (!live.failure) void live.serial(() => this.advance(live, true));
      }
    });
  }

  /**
   * Catches the live generation up. Reloads when another process moved it; stops the
   * projection when its own code fails; after any other error (the database busy or
   * gone for a moment) drops what it applied in memory and tries again at the next
   * append or query.
   */
  private async advance(live: LiveProjection, deferCommit: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopped || live.failure || !live.target) return;
      try {
        if (live.needsReload) {
          await this.load(live);
          live.needsReload = false;
        }
        const target = live.target!;
        await this.catchUpTogether([[live.definition, target]], undefined, deferCommit ? this.liveCommitIntervalMs : 0);
        if (target.applied > target.checkpoint) this.scheduleLiveCommit(live);
        if (live.faultTold) this.logger?.log(`projection ${live.definition.name} goes on from position ${target.checkpoint}`);
        live.faultTold = false;
        return;
      } catch (error) {
        if (error instanceof CheckpointMovedError) {
          // Another process over the same database committed first: its work is loaded and this one goes on from there.
          // Under a steady stream of appends both keep racing; after a few tries the next append or query goes on.
          // Told at most once a minute per projection, not at every collision.
          if (Date.now() - live.reloadToldAt >= RELOAD_TOLD_EVERY_MS) {
            live.reloadToldAt = Date.now();
            this.logger?.log(`${error.message}: reloading`);
          }
          await this.load(live).catch(() => undefined);
          if (attempt >= MAX_RELOADS) return;
          continue;
        }
        if (error instanceof ProjectionCodeError) {
          this.stopAfterFailure(live, error);
          return;
        }
        if (!live.faultTold) this.logger?.warn(`projection ${live.definition.name} stays at position ${live.target.checkpoint} for now: ${describe(error)}`);
        live.faultTold = true;
        // What it applied in memory is dropped; if the database cannot even be read for that now, the next attempt does it first.
        live.needsReload = true;
        await this.load(live).then(
          () => (live.needsReload = false),
          () => undefined,
        );
        // Appends may have stopped meanwhile: it tries again by itself rather than only at the next append or query.
        this.scheduleRetry(live);
        return;
      }
    }
  }

  private scheduleRetry(live: LiveProjection): void {
    if (live.retryTimer || this.stopped) return;
    live.retryTimer = setTimeout(() => {
      live.retryTimer = undefined;
      if (this.leading && !this.stopped) void live.serial(() => this.advance(live, true));
    }, FAULT_RETRY_MS);
    live.retryTimer.unref();
  }

  /** Commits what the live model applied since its last commit, a moment from now. */
  private scheduleLiveCommit(live: LiveProjection): void {
    if (live.commitTimer || this.stopped) return;
    live.commitTimer = setTimeout(() => {
      live.commitTimer = undefined;
      void live.serial(() => this.advance(live, false));
    }, this.liveCommitIntervalMs);
    live.commitTimer.unref();
  }

  /** On stop: what the live model applied, committed (another process having committed first is no loss: it stays loaded there). */
  private async commitLive(live: LiveProjection): Promise<void> {
    if (live.failure || !live.target || live.target.applied === live.target.checkpoint) return;
    try {
      await this.commit(live.definition, live.target);
    } catch (error) {
      this.logger?.warn(`projection ${live.definition.name} leaves positions ${live.target.checkpoint}–${live.target.applied} to the next start: ${describe(error)}`);
    }
  }

  /**
   * The projection stops where its code failed; it answers no query until rebuilt
   * (what it half-applied in memory is never stored or served).
   */
  private stopAfterFailure(live: LiveProjection, error: ProjectionCodeError): void {
    live.failure = describe(error.failure);
    this.logger?.error(error.message);
  }
}

const newModel = (definition: ProjectionDefinition): ReadModel | RowBuffer =>
  keepsTables(definition) ? new RowBuffer(definition.tables) : new ReadModel();

const handledTypeSets = new WeakMap<ProjectionDefinition, ReadonlySet<string>>();
/** The event types the projection handles, as a set; undefined when it takes every type. */
function handledTypes(definition: ProjectionDefinition): ReadonlySet<string> | undefined {
  if (definition.eventTypes === undefined) return undefined;
  let types = handledTypeSets.get(definition);
  if (!types) handledTypeSets.set(definition, (types = new Set(definition.eventTypes)));
  return types;
}

const tablesOf = (definition: ProjectionDefinition) => (keepsTables(definition) ? definition.tables : []);

function applyTo(definition: ProjectionDefinition, target: Target, event: ProjectedEvent): void {
  if (keepsTables(definition)) definition.apply(target.model as RowBuffer, event);
  else definition.apply(target.model as ReadModel, event);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
