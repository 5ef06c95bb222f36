import type { Generations } from './generations';
import { CheckpointMovedError, describe, type LiveProjection, ProjectionCodeError } from './live-projection';
import type { LogApplier } from './log-applier';
import type { RunnerLogger } from './runner-types';

/** Reloads in a row when another process keeps committing first. */
const MAX_RELOADS = 3;
const RELOAD_TOLD_EVERY_MS = 60_000;
/** How soon a projection tries again after the database failed it. */
const FAULT_RETRY_MS = 1_000;

/** Whether the runner runs the projections now: shared by the runner, which changes it, and its follower. */
export interface RunnerState {
  stopped: boolean;
  /** Whether this process runs the projections (holds the read-model lease). */
  leading: boolean;
}

/**
 * Keeps a live generation following the log: applies appends, commits them a moment later,
 * reloads when another process committed first, retries after a database fault, and stops
 * a projection whose own code failed.
 */
export class LiveFollower {
  constructor(
    private readonly state: RunnerState,
    private readonly applier: LogApplier,
    private readonly generations: Generations,
    private readonly logger: RunnerLogger | undefined,
    private readonly liveCommitIntervalMs: number,
  ) {}

  /**
   * Catches the live generation up. Reloads when another process moved it; stops the
   * projection when its own code fails; after any other error (the database busy or
   * gone for a moment) drops what it applied in memory and tries again at the next
   * append or query.
   */
  async advance(live: LiveProjection, deferCommit: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.state.stopped || live.failure || !live.target) return;
      try {
        if (live.needsReload) {
          await this.generations.load(live);
          live.needsReload = false;
        }
        const target = live.target!;
        await this.applier.catchUpTogether([[live.definition, target]], undefined, deferCommit ? this.liveCommitIntervalMs : 0);
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
          await this.generations.load(live).catch(() => undefined);
          if (attempt >= MAX_RELOADS) return;
          continue;
        }
        if (error instanceof ProjectionCodeError) {
          this.stopAfterFailure(live, error);
          return;
        }
        if (!live.faultTold)
          this.logger?.warn(`projection ${live.definition.name} stays at position ${live.target.checkpoint} for now: ${describe(error)}`);
        live.faultTold = true;
        // What it applied in memory is dropped; if the database cannot even be read for that now, the next attempt does it first.
        live.needsReload = true;
        await this.generations.load(live).then(
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
    if (live.retryTimer || this.state.stopped) return;
    live.retryTimer = setTimeout(() => {
      live.retryTimer = undefined;
      if (this.state.leading && !this.state.stopped) void live.serial(() => this.advance(live, true));
    }, FAULT_RETRY_MS);
    live.retryTimer.unref();
  }

  /** Commits what the live model applied since its last commit, a moment from now. */
  private scheduleLiveCommit(live: LiveProjection): void {
    if (live.commitTimer || this.state.stopped) return;
    live.commitTimer = setTimeout(() => {
      live.commitTimer = undefined;
      void live.serial(() => this.advance(live, false));
    }, this.liveCommitIntervalMs);
    live.commitTimer.unref();
  }

  /** On stop: what the live model applied, committed (another process having committed first is no loss: it stays loaded there). */
  async commitLive(live: LiveProjection): Promise<void> {
    if (live.failure || !live.target || live.target.applied === live.target.checkpoint) return;
    try {
      await this.applier.commit(live.definition, live.target);
    } catch (error) {
      this.logger?.warn(
        `projection ${live.definition.name} leaves positions ${live.target.checkpoint}–${live.target.applied} to the next start: ${describe(error)}`,
      );
    }
  }

  /**
   * The projection stops where its code failed; it answers no query until rebuilt
   * (what it half-applied in memory is never stored or served).
   */
  stopAfterFailure(live: LiveProjection, error: ProjectionCodeError): void {
    live.failure = describe(error.failure);
    this.logger?.error(error.message);
  }
}
