import { AddEmployeeCommand, RemoveEmployeeCommand, SetCommissionPlanCommand } from '@ledger/ledger';

import type { AddEmployeeDto } from '../../requests/commands';
import { AddEmployeeArgs, RemoveEmployeeArgs, SetCommissionPlanArgs } from '../args';
import { commandMutations } from '../payload/command-mutations';

/** Who works where, and the commission plans of the departments. */
export const OrganisationResolver = commandMutations([
  {
    operation: 'addEmployee',
    description: 'An employee joins a department in a role (EmployeeJoined).',
    args: AddEmployeeArgs,
    command: AddEmployeeCommand,
    target: ({ employeeId }: AddEmployeeDto) => ({ employeeId }),
  },
  {
    operation: 'removeEmployee',
    description: 'An employee leaves (EmployeeLeft).',
    args: RemoveEmployeeArgs,
    command: RemoveEmployeeCommand,
    on: 'employeeId',
  },
  {
    operation: 'setCommissionPlan',
    description: "A department's commission rate from a date on (CommissionPlanSet).",
    args: SetCommissionPlanArgs,
    command: SetCommissionPlanCommand,
  },
]);
