/** What the projection runner is given and answers: its options, its status and answers, and the errors its callers meet. */

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
