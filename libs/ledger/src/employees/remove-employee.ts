import { DEPARTMENTS, employeeDecider, type RemoveEmployee, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export type RemoveEmployeeInput = CommandInput<RemoveEmployee, 'reason'>;

export class RemoveEmployeeCommand extends LedgerCommand<RemoveEmployeeInput> {}

@CommandHandler(RemoveEmployeeCommand)
export class RemoveEmployeeHandler extends LedgerCommandHandler<RemoveEmployeeInput> {
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
