import type { DomainCommand, DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { failure } from '../shared/failure';
import type { Department, Role } from '../shared/organisation';
import { ok, refuse, type Result } from '../shared/result';
import { streamDecider, type StreamTime } from '../shared/stream-decider';

export type EmployeeJoined = DomainEvent<'EmployeeJoined', { employeeId: string; name: string; department: Department; role: Role }>;
export type EmployeeLeft = DomainEvent<'EmployeeLeft', { employeeId: string; reason: string | null }>;
export type EmployeeEvent = EmployeeJoined | EmployeeLeft;

export type AddEmployee = DomainCommand<'AddEmployee', EmployeeJoined['data']>;
export type RemoveEmployee = DomainCommand<'RemoveEmployee', EmployeeLeft['data']>;
export type EmployeeCommand = AddEmployee | RemoveEmployee;

export interface EmployeeState extends StreamTime {
  readonly status: 'unknown' | 'active' | 'left';
  readonly employeeId?: string;
  readonly name?: string;
  readonly department?: Department;
  readonly role?: Role;
}

export const employeeDecider = streamDecider<EmployeeCommand, EmployeeEvent, EmployeeState>({
  initialState: () => ({ status: 'unknown' }),

  decide(command: EmployeeCommand, state: EmployeeState, occurredAt: string): Result<EmployeeEvent[]> {
    switch (command.type) {
      case 'AddEmployee':
        if (state.status === 'active') {
          return refuse(failure('EMPLOYEE_ALREADY_ACTIVE', `employee ${command.data.employeeId} is already active`, 'employeeId'));
        }
        return ok([{ type: 'EmployeeJoined', occurredAt, data: { ...command.data } }]);
      case 'RemoveEmployee':
        if (state.status !== 'active') {
          return refuse(failure('EMPLOYEE_NOT_FOUND', `employee ${command.data.employeeId} is not an active employee`));
        }
        return ok([{ type: 'EmployeeLeft', occurredAt, data: { ...command.data } }]);
      default:
        return assertNever(command);
    }
  },

  evolve(state: EmployeeState, event: EmployeeEvent): EmployeeState {
    switch (event.type) {
      case 'EmployeeJoined':
        return { status: 'active', ...event.data };
      case 'EmployeeLeft':
        return { ...state, status: 'left' };
      default:
        return assertNever(event);
    }
  },
});

/**
 * Rules that span streams: the application layer folds the employee's own stream
 * and asks these before deciding on a lead or client.
 */
export const employeeRules = {
  requireSalesEmployee(employee: EmployeeState, employeeId: string, field: string): Result<EmployeeState> {
    if (employee.status !== 'active') return refuse(unknownEmployee(employeeId, field));
    if (employee.department !== 'sales') {
      return refuse(
        failure('EMPLOYEE_NOT_IN_SALES_DEPARTMENT', `employee ${employeeId} works in ${employee.department}, not sales`, field),
      );
    }
    return ok(employee);
  },

  requireClientDepartmentEmployee(employee: EmployeeState, employeeId: string, field: string): Result<EmployeeState> {
    if (employee.status !== 'active') return refuse(unknownEmployee(employeeId, field));
    if (employee.department !== 'client') {
      return refuse(
        failure(
          'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT',
          `employee ${employeeId} works in ${employee.department}, not the client department`,
          field,
        ),
      );
    }
    return ok(employee);
  },

  /** Key accounts go to the key accounts department or to designated client-department staff. */
  requireKeyAccountOwner(employee: EmployeeState, employeeId: string, field: string): Result<EmployeeState> {
    if (employee.status !== 'active') return refuse(unknownEmployee(employeeId, field));
    if (employee.department !== 'key_accounts' && employee.department !== 'client') {
      return refuse(
        failure(
          'KEY_ACCOUNT_OWNER_INELIGIBLE',
          `employee ${employeeId} works in ${employee.department}; a key account owner works in key_accounts or client`,
          field,
        ),
      );
    }
    return ok(employee);
  },

  requireActiveEmployee(employee: EmployeeState, employeeId: string, field: string): Result<EmployeeState> {
    return employee.status === 'active' ? ok(employee) : refuse(unknownEmployee(employeeId, field));
  },
};

const unknownEmployee = (employeeId: string, field: string) =>
  failure('EMPLOYEE_UNKNOWN', `${field} ${employeeId} is not an active employee`, field);
