import { COMMISSION_PLAN_COMMANDS, EMPLOYEE_COMMANDS } from '../../requests/command-catalogue';
import { commandMutations } from '../payload/command-mutations';

/** Who works where, and the commission plans of the departments. */
export const OrganisationResolver = commandMutations([...EMPLOYEE_COMMANDS, ...COMMISSION_PLAN_COMMANDS]);
