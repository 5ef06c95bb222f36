import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { employeeDecider, streamIds, type Department, type Role } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { CLOCK, type Clock } from '../application/tokens';

export interface AddEmployeeInput {
  employeeId: string;
  name: string;
  department: Department;
  role: Role;
  occurredAt?: string;
}

export class AddEmployeeCommand extends Command<CommandAnswer> {
  constructor(readonly input: AddEmployeeInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(AddEmployeeCommand)
export class AddEmployeeHandler implements ICommandHandler<AddEmployeeCommand> {
  constructor(private readonly runner: StreamCommandRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ input, context }: AddEmployeeCommand): Promise<CommandAnswer> {
    const { occurredAt, ...data } = input;
    return (await this.runner.run({
      streamId: streamIds.employee(input.employeeId),
      decider: employeeDecider,
      command: { type: 'AddEmployee', occurredAt: occurredAtOrNow(occurredAt, this.clock), data },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
