import { fold } from '../shared/decider';
import { specFor } from '../testing/given-when-then';
import { employeeDecider, employeeRules, type EmployeeEvent, type EmployeeState } from './employee';

const spec = specFor(employeeDecider);
const at = '2024-06-01T11:00:00.000Z';
const joined: EmployeeEvent = { type: 'EmployeeJoined', occurredAt: '2024-01-02T08:00:00.000Z', data: { employeeId: 'anna', name: 'Anna', department: 'sales', role: 'rep' } };
const left: EmployeeEvent = { type: 'EmployeeLeft', occurredAt: '2024-05-01T08:00:00.000Z', data: { employeeId: 'anna', reason: 'moved abroad' } };
const add = { type: 'AddEmployee', occurredAt: joined.occurredAt, data: joined.data } as const;
const remove = { type: 'RemoveEmployee', occurredAt: at, data: { employeeId: 'anna', reason: null } } as const;

describe('employee', () => {
  it('joins a department in a role', () => {
    spec([]).when(add).then([joined]);
    expect(fold(employeeDecider, [joined])).toMatchObject({ status: 'active', department: 'sales', role: 'rep' });
  });

  it('is not added twice while active', () => {
    spec([joined]).when({ ...add, occurredAt: at }).thenFails('EMPLOYEE_ALREADY_ACTIVE', 'employeeId');
  });

  it('may rejoin after leaving, in another department', () => {
    const rejoin = { ...add, occurredAt: at, data: { ...joined.data, department: 'client' as const, role: 'manager' as const } };
    spec([joined, left]).when(rejoin).then([{ type: 'EmployeeJoined', occurredAt: at, data: rejoin.data }]);
  });

  it('leaves once, and only when active', () => {
    spec([joined]).when(remove).then([{ type: 'EmployeeLeft', occurredAt: at, data: { employeeId: 'anna', reason: null } }]);
    spec([joined, left]).when(remove).thenFails('EMPLOYEE_NOT_FOUND');
    spec([]).when(remove).thenFails('EMPLOYEE_NOT_FOUND');
  });

  it('keeps business time moving forward', () => {
    spec([joined]).when({ ...remove, occurredAt: '2023-12-31T00:00:00.000Z' }).thenFails('OCCURRED_AT_BACKWARDS');
  });
});

describe('rules that span streams', () => {
  const active = (department: EmployeeState['department']): EmployeeState => ({ status: 'active', employeeId: 'e', department, role: 'manager' });
  const gone: EmployeeState = { ...active('sales'), status: 'left' };
  const unknown: EmployeeState = { status: 'unknown' };
  const codeOf = (result: { ok: boolean; failure?: { code: string; field?: string } }) => (result.ok ? 'ok' : `${result.failure!.code}@${result.failure!.field}`);

  it('a rep who contacts or wins must be an active sales employee', () => {
    expect(codeOf(employeeRules.requireSalesEmployee(active('sales'), 'e', 'repId'))).toBe('ok');
    expect(codeOf(employeeRules.requireSalesEmployee(active('client'), 'e', 'repId'))).toBe('EMPLOYEE_NOT_IN_SALES_DEPARTMENT@repId');
    expect(codeOf(employeeRules.requireSalesEmployee(gone, 'e', 'repId'))).toBe('EMPLOYEE_UNKNOWN@repId');
    expect(codeOf(employeeRules.requireSalesEmployee(unknown, 'e', 'repId'))).toBe('EMPLOYEE_UNKNOWN@repId');
  });

  it('a handoff receiver must be an active client-department employee', () => {
    expect(codeOf(employeeRules.requireClientDepartmentEmployee(active('client'), 'e', 'toManagerId'))).toBe('ok');
    expect(codeOf(employeeRules.requireClientDepartmentEmployee(active('sales'), 'e', 'toManagerId'))).toBe('EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT@toManagerId');
    expect(codeOf(employeeRules.requireClientDepartmentEmployee(active('key_accounts'), 'e', 'toManagerId'))).toBe('EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT@toManagerId');
    expect(codeOf(employeeRules.requireClientDepartmentEmployee(gone, 'e', 'toManagerId'))).toBe('EMPLOYEE_UNKNOWN@toManagerId');
  });

  it('a key-account owner works in key accounts or the client department', () => {
    expect(codeOf(employeeRules.requireKeyAccountOwner(active('key_accounts'), 'e', 'ownerId'))).toBe('ok');
    expect(codeOf(employeeRules.requireKeyAccountOwner(active('client'), 'e', 'ownerId'))).toBe('ok');
    expect(codeOf(employeeRules.requireKeyAccountOwner(active('sales'), 'e', 'ownerId'))).toBe('KEY_ACCOUNT_OWNER_INELIGIBLE@ownerId');
    expect(codeOf(employeeRules.requireKeyAccountOwner(unknown, 'e', 'ownerId'))).toBe('EMPLOYEE_UNKNOWN@ownerId');
  });

  it('whoever takes an order must be an active employee', () => {
    expect(codeOf(employeeRules.requireActiveEmployee(active('client'), 'e', 'takenBy'))).toBe('ok');
    expect(codeOf(employeeRules.requireActiveEmployee(gone, 'e', 'takenBy'))).toBe('EMPLOYEE_UNKNOWN@takenBy');
  });
});
