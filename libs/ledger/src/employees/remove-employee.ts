import { DEPARTMENTS, employeeDecider, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';

export interface RemoveEmployeeInput {
  employeeId: string;
  reason?: string | null;
  occurredAt?: string;
}

export class RemoveEmployeeCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: RemoveEmployeeInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RemoveEmployeeCommand)
export class RemoveEmployeeHandler implements ICommandHandler<RemoveEmployeeCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: RemoveEmployeeCommand): Promise<CommandAnswer> {
    // A head removes the reps and managers of their own department; an unknown employee is the domain's to refuse.
    const employee = await this.reader.employee(input.employeeId);
    if (employee.status === 'active') await this.access.requireManagingEmployee(context.actor, employee.department!, employee.role);
    else await this.access.requireManaging(context.actor, DEPARTMENTS);
    return this.runner.execute({
      streamId: streamIds.employee(input.employeeId),
      decider: employeeDecider,
      command: {
        type: 'RemoveEmployee',
        occurredAt: input.occurredAt,
        data: { employeeId: input.employeeId, reason: input.reason ?? null },
      },
      context,
    });
  }
}
