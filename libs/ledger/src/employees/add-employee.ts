import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';

export interface AddEmployeeInput {
  employeeId: string;
  name: string;
  department: Department;
  role: Role;
  occurredAt?: string;
}

export class AddEmployeeCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: AddEmployeeInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AddEmployeeCommand)
export class AddEmployeeHandler implements ICommandHandler<AddEmployeeCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: AddEmployeeCommand): Promise<CommandAnswer> {
    await this.access.requireManagingEmployee(context.actor, input.department, input.role);
    const { occurredAt, ...data } = input;
    return this.runner.execute({
      streamId: streamIds.employee(input.employeeId),
      decider: employeeDecider,
      command: { type: 'AddEmployee', occurredAt, data },
      context,
    });
  }
}
