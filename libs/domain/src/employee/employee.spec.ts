import { fold } from '../shared/decider';
import type { Department } from '../shared/organisation';
import { employeeJoined, eventOf } from '../testing/events';
import { commandOf, itFoldsTheStates, SPEC_AT as at, specFor } from '../testing/given-when-then';
import { type AddEmployee, employeeDecider, type EmployeeJoined, employeeRules, type EmployeeState, type RemoveEmployee } from './employee';

const given = specFor(employeeDecider);

const annaJoined = employeeJoined('anna', 'sales', 'rep', '2024-01-02T08:00:00.000Z', 'Anna');
const annaLeft = eventOf('EmployeeLeft', '2024-05-01T08:00:00.000Z', { employeeId: 'anna', reason: 'moved abroad' });

const addAnna = (occurredAt = at, data: AddEmployee['data'] = annaJoined.data) => commandOf<AddEmployee>('AddEmployee', occurredAt, data);
const removeAnna = (occurredAt = at, reason: string | null = null) =>
  commandOf<RemoveEmployee>('RemoveEmployee', occurredAt, { employeeId: 'anna', reason });

describe('employee', () => {
  describe('adding an employee', () => {
    it('a new employee joins a department in a role', () => {
      given([]).when(addAnna(annaJoined.occurredAt)).then([annaJoined]);
    });

    it('the join is stamped with the normalised business time of the command', () => {
      given([])
        .when(addAnna('2024-06-01T13:00:00+02:00'))
        .then([{ ...annaJoined, occurredAt: at }]);
    });

    it('an active employee is not added twice', () => {
      given([annaJoined]).when(addAnna()).thenFails('EMPLOYEE_ALREADY_ACTIVE', 'employeeId');
    });

    it('an employee who left may rejoin, in another department and role', () => {
      const rejoin = addAnna(at, { employeeId: 'anna', name: 'Anna', department: 'client', role: 'manager' });
      given([annaJoined, annaLeft])
        .when(rejoin)
        .then([
          { type: 'EmployeeJoined', occurredAt: at, data: { employeeId: 'anna', name: 'Anna', department: 'client', role: 'manager' } },
        ]);
    });

    it('an employee who rejoined is active again and is not added a third time', () => {
      const rejoined: EmployeeJoined = { ...annaJoined, occurredAt: '2024-05-15T08:00:00.000Z' };
      given([annaJoined, annaLeft, rejoined]).when(addAnna()).thenFails('EMPLOYEE_ALREADY_ACTIVE', 'employeeId');
    });
  });

  describe('removing an employee', () => {
    it('an active employee leaves, with or without a reason', () => {
      given([annaJoined])
        .when(removeAnna())
        .then([{ type: 'EmployeeLeft', occurredAt: at, data: { employeeId: 'anna', reason: null } }]);
      given([annaJoined]).when(removeAnna(annaLeft.occurredAt, 'moved abroad')).then([annaLeft]);
    });

    it('an employee who was never added cannot leave', () => {
      given([]).when(removeAnna()).thenFails('EMPLOYEE_NOT_FOUND');
    });

    it('an employee leaves once', () => {
      given([annaJoined, annaLeft]).when(removeAnna()).thenFails('EMPLOYEE_NOT_FOUND');
    });
  });

  describe('business time on the employee stream', () => {
    it('may equal the time of the latest event', () => {
      given([annaJoined])
        .when(removeAnna(annaJoined.occurredAt))
        .then([{ type: 'EmployeeLeft', occurredAt: annaJoined.occurredAt, data: { employeeId: 'anna', reason: null } }]);
    });

    it('never runs backwards', () => {
      given([annaJoined]).when(removeAnna('2023-12-31T00:00:00.000Z')).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
      given([annaJoined, annaLeft]).when(addAnna('2024-04-30T00:00:00.000Z')).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
    });

    it('does not lie beyond the allowed clock skew', () => {
      given([]).when(addAnna('2024-06-01T12:06:00.000Z')).thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
      given([annaJoined]).when(removeAnna('2025-01-01T00:00:00.000Z')).thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
    });

    it('is a time', () => {
      given([]).when(addAnna('next monday')).thenFails('OCCURRED_AT_INVALID', 'occurredAt');
    });
  });

  describe('the state a reader folds', () => {
    const rejoined = eventOf('EmployeeJoined', at, { employeeId: 'anna', name: 'Anna B.', department: 'key_accounts', role: 'head' });
    itFoldsTheStates(employeeDecider, [
      { story: 'nobody is unknown', given: [], is: { status: 'unknown' } },
      {
        story: 'a joined employee is active in their department and role',
        given: [annaJoined],
        is: {
          status: 'active',
          employeeId: 'anna',
          name: 'Anna',
          department: 'sales',
          role: 'rep',
          latestOccurredAt: annaJoined.occurredAt,
        },
      },
      {
        story: 'an employee who left keeps their last department but is no longer active',
        given: [annaJoined, annaLeft],
        has: { status: 'left', department: 'sales', latestOccurredAt: annaLeft.occurredAt },
      },
      {
        story: 'a rejoined employee takes the new department and role',
        given: [annaJoined, annaLeft, rejoined],
        is: { status: 'active', employeeId: 'anna', name: 'Anna B.', department: 'key_accounts', role: 'head', latestOccurredAt: at },
      },
    ]);
  });
});

describe('employee rules that span streams', () => {
  const active = (department: Department): EmployeeState =>
    fold(employeeDecider, [{ ...annaJoined, data: { ...annaJoined.data, department } }]);
  const gone: EmployeeState = fold(employeeDecider, [annaJoined, annaLeft]);
  const unknown: EmployeeState = fold(employeeDecider, []);

  const failureOf = (result: ReturnType<typeof employeeRules.requireActiveEmployee>) => (result.ok ? undefined : result.failure);
  /** Anna, having worked in the department, left. */
  const goneFrom = (department: Department): EmployeeState =>
    fold(employeeDecider, [{ ...annaJoined, data: { ...annaJoined.data, department } }, annaLeft]);
  const expectUnknown = (result: ReturnType<typeof employeeRules.requireActiveEmployee>, field: string) =>
    expect(failureOf(result)).toMatchObject({ code: 'EMPLOYEE_UNKNOWN', field });

  // The rules that name the departments an employee must be active in, each refusing the others with its own code.
  describe.each([
    {
      story: 'a rep who contacts a lead or wins a client is an active sales employee',
      rule: 'requireSalesEmployee',
      field: 'repId',
      accepts: ['sales'],
      refuses: ['client', 'key_accounts'],
      code: 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT',
    },
    {
      story: 'a handoff goes to an active client-department employee',
      rule: 'requireClientDepartmentEmployee',
      field: 'toManagerId',
      accepts: ['client'],
      refuses: ['sales', 'key_accounts'],
      code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT',
    },
    {
      story: 'a key-account owner works in key accounts or the client department',
      rule: 'requireKeyAccountOwner',
      field: 'ownerId',
      accepts: ['key_accounts', 'client'],
      refuses: ['sales'],
      code: 'KEY_ACCOUNT_OWNER_INELIGIBLE',
    },
  ] as const)('$story', ({ rule, field, accepts, refuses, code }) => {
    const check = (employee: EmployeeState, employeeId: string) => employeeRules[rule](employee, employeeId, field);

    it.each(accepts)('accepts an active %s employee and hands back their state', (department) => {
      expect(check(active(department), 'anna')).toEqual({ ok: true, value: active(department) });
    });

    it.each(refuses)(`refuses an active %s employee with ${code}`, (department) => {
      expect(failureOf(check(active(department), 'anna'))).toEqual({ code, message: expect.stringContaining(department), field });
    });

    it('refuses one who left, or one never added, with EMPLOYEE_UNKNOWN', () => {
      expectUnknown(check(goneFrom(accepts[0]), 'anna'), field);
      expectUnknown(check(unknown, 'nobody'), field);
    });
  });

  describe('whoever takes an order is an active employee of any department', () => {
    it.each(['sales', 'client', 'key_accounts'] as const)('accepts an active %s employee', (department) => {
      expect(employeeRules.requireActiveEmployee(active(department), 'anna', 'takenBy')).toEqual({ ok: true, value: active(department) });
    });

    it('refuses an employee who left, or one never added, with EMPLOYEE_UNKNOWN naming the field and the id', () => {
      expect(failureOf(employeeRules.requireActiveEmployee(gone, 'anna', 'takenBy'))).toEqual({
        code: 'EMPLOYEE_UNKNOWN',
        message: expect.stringContaining('anna'),
        field: 'takenBy',
      });
      expectUnknown(employeeRules.requireActiveEmployee(unknown, 'nobody', 'takenBy'), 'takenBy');
    });
  });
});
