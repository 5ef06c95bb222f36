import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { employeeDecider, streamIds } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { CLOCK, type Clock } from '../application/tokens';

export interface RemoveEmployeeInput {
  employeeId: string;
  reason?: string | null;
  occurredAt?: string;
}

export class RemoveEmployeeCommand extends Command<CommandAnswer> {
  constructor(readonly input: RemoveEmployeeInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(RemoveEmployeeCommand)
export class RemoveEmployeeHandler implements ICommandHandler<RemoveEmployeeCommand> {
  constructor(private readonly runner: StreamCommandRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ input, context }: RemoveEmployeeCommand): Promise<CommandAnswer> {
    return (await this.runner.run({
      streamId: streamIds.employee(input.employeeId),
      decider: employeeDecider,
      command: {
        type: 'RemoveEmployee',
        occurredAt: occurredAtOrNow(input.occurredAt, this.clock),
        data: { employeeId: input.employeeId, reason: input.reason ?? null },
      },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
