import type { ProjectionRunner, ProjectionStatus, RebuildReport } from '@ledger/projections';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { PROJECTION_RUNNER } from '../application/tokens';
import { rethrowAsLedgerError } from './projection-queries';

/** Starts building the projection anew beside the live one; answers its status at once, with the rebuild under way. */
export class StartProjectionRebuildCommand extends Command<ProjectionStatus> {
  constructor(readonly projection: string) {
    super();
  }
}

/** Builds the projection anew and answers when the new generation serves. */
export class RebuildProjectionCommand extends Command<RebuildReport> {
  constructor(readonly projection: string) {
    super();
  }
}

@CommandHandler(StartProjectionRebuildCommand)
export class StartProjectionRebuildHandler implements ICommandHandler<StartProjectionRebuildCommand> {
  constructor(@Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner) {}

  async execute({ projection }: StartProjectionRebuildCommand): Promise<ProjectionStatus> {
    let rebuilding: Promise<RebuildReport>;
    try {
      rebuilding = this.runner.rebuild(projection);
    } catch (error) {
      rethrowAsLedgerError(error);
    }
    // The runner logs the outcome; the caller follows progress through the status.
    rebuilding.catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return (await this.runner.status()).find((status) => status.projection === projection)!;
  }
}

@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand> {
  constructor(@Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner) {}

  async execute({ projection }: RebuildProjectionCommand): Promise<RebuildReport> {
    try {
      return await this.runner.rebuild(projection);
    } catch (error) {
      rethrowAsLedgerError(error);
    }
  }
}
