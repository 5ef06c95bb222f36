import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { employeeDecider, streamIds } from '@ledger/domain';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';

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
  constructor(private readonly runner: StreamCommandRunner) {}

  async execute({ input, context }: RemoveEmployeeCommand): Promise<CommandAnswer> {
    return this.runner.execute({
      streamId: streamIds.employee(input.employeeId),
      decider: employeeDecider,
      command: {
        type: 'RemoveEmployee',
        occurredAt: this.runner.businessTime(input.occurredAt),
        data: { employeeId: input.employeeId, reason: input.reason ?? null },
      },
      context,
    });
  }
}
