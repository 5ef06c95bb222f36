import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { LeaseStore } from '@ledger/event-store';
import type { ProjectionRunner, RunnerLogger } from '@ledger/projections';

import type { PolicyRunner } from '../policies/policy-runner';

/** The lease of the process that runs the read models and the policies. */
export const READ_MODEL_LEASE = 'read-models';

export interface ReadModelLeaseOptions {
  /** How long a lease lasts unrenewed: a dead holder's work is taken over this long after it stopped renewing. */
  readonly ttlMs?: number;
  /** How often the holder renews, and the others try to take over. */
  readonly renewMs?: number;
  readonly logger?: RunnerLogger;
}

const DEFAULT_TTL_MS = 5_000;
const DEFAULT_RENEW_MS = 1_000;

/**
 * Any number of API processes may serve one database; exactly one of them runs
 * the projections and the policies, the one holding the lease. The others answer
 * from the tables it stores. When the holder dies (or cannot reach the database
 * to renew), its lease expires and the next process to try takes the work over:
 * it catches the projections up from their stored checkpoints and starts the
 * policies, whose idempotency keys make any command the dead holder had begun
 * append nothing twice. The stores' compare-and-set on checkpoints keeps even a
 * holder that paused past its lease from committing over its successor.
 */
export class ReadModelLease {
  readonly holderId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private timer: NodeJS.Timeout | undefined;
  private holding = false;
  /** When this process last renewed the lease (its clock): it holds it until ttlMs after. */
  private renewedAt = -Infinity;
  private turn: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly leases: LeaseStore,
    private readonly projections: ProjectionRunner,
    private readonly policies: PolicyRunner,
    private readonly options: ReadModelLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.renewMs = options.renewMs ?? DEFAULT_RENEW_MS;
  }

  /** Whether this process runs the read models and policies now. */
  get holds(): boolean {
    return this.holding;
  }

  /** Takes the lease if it is free and runs the work (caught up before this resolves), or answers from what the holder stores; then keeps trying. */
  async start(): Promise<void> {
    this.stopped = false;
    this.holding = await this.leases.acquire(READ_MODEL_LEASE, this.holderId, this.ttlMs);
    if (this.holding) this.renewedAt = Date.now();
    if (this.holding) {
      await this.projections.start({ follow: true });
      await this.policies.start();
    } else {
      this.options.logger?.log(
        `another process runs the read models (${(await this.leases.holder(READ_MODEL_LEASE)) ?? 'none now'}): answering from what it stores`,
      );
      await this.projections.start({ lead: false });
      this.policies.runElsewhere(true);
    }
    this.schedule();
  }

  /** Stops the work (letting what is in progress commit) and gives the lease up, so another process takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.turn;
    await this.policies.stop();
    await this.projections.stop();
    if (this.holding) await this.leases.release(READ_MODEL_LEASE, this.holderId).catch(() => undefined);
    this.holding = false;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.renew().finally(() => this.schedule());
    }, this.renewMs);
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const held = await this.leases.acquire(READ_MODEL_LEASE, this.holderId, this.ttlMs).then(
      (acquired) => {
        if (acquired) this.renewedAt = Date.now();
        return acquired;
      },
      (error: unknown) => {
        this.options.logger?.warn(`cannot renew the read-model lease: ${error instanceof Error ? error.message : String(error)}`);
        // The lease stays ours until it expires: a database restarting for a second does not hand the work over.
        return this.holding && Date.now() - this.renewedAt < this.ttlMs;
      },
    );
    if (this.stopped || held === this.holding) return;
    this.holding = held;
    try {
      if (held) {
        this.options.logger?.log('took over running the read models and policies');
        this.policies.runElsewhere(false);
        await this.projections.lead();
        await this.policies.start();
      } else {
        this.options.logger?.warn('lost the read-model lease: another process runs the read models and policies now');
        await this.policies.stop();
        this.policies.runElsewhere(true);
        await this.projections.follow();
      }
    } catch (error) {
      // The database failed midway (it went away again): the next renewal makes the same change again, from where it is.
      this.holding = !held;
      this.options.logger?.warn(
        `could not ${held ? 'take over' : 'hand over'} the read models and policies yet, trying again: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
