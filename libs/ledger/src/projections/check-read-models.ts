import type { ProjectionRunner, ReadModelCheck } from '@ledger/projections';
import { Inject, Injectable } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { PROJECTION_RUNNER } from '../application/tokens';
import { rethrowAsLedgerError } from './projection-queries';

/** Differences named per projection unless asked otherwise: enough to see what kind of change it was. */
export const DEFAULT_CHECK_DIFFERENCES = 10;
export const MAX_CHECK_DIFFERENCES = 1_000;

/** The last check of each projection in this process, for /metrics and /health/ready. */
@Injectable()
export class ReadModelChecks {
  private readonly last = new Map<string, ReadModelCheck>();

  record(check: ReadModelCheck): void {
    this.last.set(check.projection, check);
  }

  /** The last check of each projection checked since the process started, in the order first checked. */
  lastChecks(): ReadModelCheck[] {
    return [...this.last.values()];
  }
}

/**
 * Checks the stored read models against the log (one, or every one in turn):
 * each folded anew beside the live one and compared row by row (ProjectionRunner.checkAgainstLog).
 */
export class CheckReadModelsQuery extends Query<ReadModelCheck[]> {
  constructor(
    readonly projection?: string,
    readonly maxDifferences = DEFAULT_CHECK_DIFFERENCES,
  ) {
    super();
  }
}

@QueryHandler(CheckReadModelsQuery)
export class CheckReadModelsHandler implements IQueryHandler<CheckReadModelsQuery> {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly checks: ReadModelChecks,
  ) {}

  async execute({ projection, maxDifferences }: CheckReadModelsQuery): Promise<ReadModelCheck[]> {
    const checked: ReadModelCheck[] = [];
    // One at a time: each fold reads the log and writes a scratch generation; together they would only compete.
    for (const name of projection === undefined ? this.runner.names : [projection]) {
      const check = await this.runner.checkAgainstLog(name, maxDifferences).catch(rethrowAsLedgerError);
      this.checks.record(check);
      checked.push(check);
    }
    return checked;
  }
}

/** The last check of each projection this process made (none before the first). */
export class GetReadModelChecksQuery extends Query<ReadModelCheck[]> {}

@QueryHandler(GetReadModelChecksQuery)
export class GetReadModelChecksHandler implements IQueryHandler<GetReadModelChecksQuery> {
  constructor(private readonly checks: ReadModelChecks) {}

  async execute(): Promise<ReadModelCheck[]> {
    return this.checks.lastChecks();
  }
}

/**
 * Checks every read model against the log every `intervalMs` (0: never), in the process that runs
 * the projections (the others answer from the same tables: one check is enough), and says in the
 * log what differs. One check at a time; shutdown waits for the one under way.
 */
export class ReadModelCheckSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly check: () => Promise<ReadModelCheck[]>,
    private readonly runsProjections: () => boolean,
    private readonly intervalMs: number,
    private readonly logger?: { log(message: string): void; warn(message: string): void },
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running || !this.runsProjections()) return;
      this.running = this.checkNow().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async checkNow(): Promise<void> {
    try {
      const checks = await this.check();
      for (const { projection, position, tables } of checks.filter((one) => !one.equal)) {
        const differing = tables.filter((table) => table.storedOnly + table.rebuiltOnly > 0).map((table) => table.table);
        this.logger?.warn(
          `read model ${projection} differs from the log at position ${position} in ${differing.join(', ')}: see GET /v1/admin/projections/check`,
        );
      }
      if (checks.every((one) => one.equal)) this.logger?.log(`every read model equals the log (${checks.length} checked)`);
    } catch (error) {
      this.logger?.warn(`the scheduled read-model check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
