import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export interface AddEmployeeInput {
  employeeId: string;
  name: string;
  department: Department;
  role: Role;
  occurredAt?: string;
}

export class AddEmployeeCommand extends LedgerCommand<AddEmployeeInput> {}

@CommandHandler(AddEmployeeCommand)
export class AddEmployeeHandler extends LedgerCommandHandler<AddEmployeeInput> {
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
