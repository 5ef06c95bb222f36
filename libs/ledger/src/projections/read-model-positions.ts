import type { ProjectionRunner } from '@ledger/projections';
import { Inject, Injectable } from '@nestjs/common';

import { LedgerError } from '../application/ledger-error';
import { PROJECTION_RUNNER, READ_WAIT_MS } from '../application/tokens';

/**
 * Read your writes across processes: a read that names a log position (a
 * command's answer carries one) waits until the read models have stored it,
 * up to a bound; past the bound it is refused, saying how far behind they are.
 */
@Injectable()
export class ReadModelPositions {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_WAIT_MS) private readonly waitMs: number,
  ) {}

  async waitFor(position: number): Promise<void> {
    const stored = await this.runner.waitFor(position, this.waitMs);
    if (stored >= position) return;
    throw new LedgerError({
      code: 'READ_MODEL_BEHIND',
      message: `the read models have stored the log up to position ${stored}, ${position - stored} events short of position ${position}, which this read asked for (minPosition); it was not reached within ${this.waitMs} ms: retry shortly`,
      field: 'minPosition',
    });
  }
}
