import { type AddEmployee, employeeDecider, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { commandAsGiven, type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export type AddEmployeeInput = CommandInput<AddEmployee>;

export class AddEmployeeCommand extends LedgerCommand<AddEmployeeInput> {}

@CommandHandler(AddEmployeeCommand)
export class AddEmployeeHandler extends LedgerCommandHandler<AddEmployeeInput> {
  async execute({ input, context }: AddEmployeeCommand): Promise<CommandAnswer> {
    await this.access.requireManagingEmployee(context.actor, input.department, input.role);
    return this.runner.execute({
      streamId: streamIds.employee(input.employeeId),
      decider: employeeDecider,
      command: commandAsGiven<AddEmployee>('AddEmployee', input),
      context,
    });
  }
}
