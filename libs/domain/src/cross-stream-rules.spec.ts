import type { PlaceReorder } from './client/client';
import { crossStreamRules } from './cross-stream-rules';
import { employeeDecider, type EmployeeState } from './employee/employee';
import { datedCommand, fold, type UndatedCommand } from './shared/decider';
import type { Department } from './shared/organisation';

const employee = (department: Department): EmployeeState =>
  fold(employeeDecider, [
    { type: 'EmployeeJoined', occurredAt: '2024-01-01T08:00:00.000Z', data: { employeeId: 'x', name: 'X', department, role: 'rep' } },
  ]);
const nobody = employeeDecider.initialState();

describe('crossStreamRules: what a command needs of other streams, for commands and imports alike', () => {
  it('a lead is contacted, and a client won, only by an active salesperson', () => {
    const contact = { leadId: 'l', repId: 'x', company: null, channel: 'call' as const, outcome: 'ok', note: null };
    expect(crossStreamRules.contactLead(contact, employee('sales'))).toEqual({ ok: true, value: contact });
    expect(crossStreamRules.contactLead(contact, nobody)).toMatchObject({
      ok: false,
      failure: { code: 'EMPLOYEE_UNKNOWN', field: 'repId' },
    });
    const win = { clientId: 'c', leadId: 'l', repId: 'x', firstOrder: { orderId: 'o', total: { amount: 1, currency: 'EUR' } } };
    expect(crossStreamRules.winClient(win, employee('client'))).toMatchObject({
      ok: false,
      failure: { code: 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT', message: 'employee x works in client, not sales' },
    });
  });

  it('a reorder is taken by an active employee; a handoff goes to the client department', () => {
    expect(
      crossStreamRules.placeReorder({ clientId: 'c', orderId: 'o', total: { amount: 1, currency: 'EUR' }, takenBy: 'x' }, nobody),
    ).toMatchObject({ ok: false, failure: { field: 'takenBy' } });
    expect(crossStreamRules.handOffClient({ clientId: 'c', toManagerId: 'x', reason: 'r' }, employee('sales'))).toMatchObject({
      ok: false,
      failure: { code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT' },
    });
  });

  it('a key account goes to an eligible owner, whose department it records', () => {
    expect(crossStreamRules.escalateKeyAccount({ clientId: 'c', ownerId: 'x', reason: 'r' }, employee('key_accounts'))).toEqual({
      ok: true,
      value: { clientId: 'c', ownerId: 'x', reason: 'r', ownerDepartment: 'key_accounts' },
    });
    expect(crossStreamRules.escalateKeyAccount({ clientId: 'c', ownerId: 'x', reason: 'r' }, employee('sales'))).toMatchObject({
      ok: false,
      failure: { code: 'KEY_ACCOUNT_OWNER_INELIGIBLE' },
    });
  });
});

describe('datedCommand', () => {
  const reorder: UndatedCommand<PlaceReorder> = {
    type: 'PlaceReorder',
    data: { clientId: 'c', orderId: 'o', total: { amount: 1, currency: 'EUR' }, takenBy: 'x' },
  };
  const now = new Date('2024-06-01T12:00:00.000Z');

  it('keeps a business time the command carries, and gives one without it the moment of decision', () => {
    expect(datedCommand<PlaceReorder>({ ...reorder, occurredAt: '2024-05-01T00:00:00Z' }, now).occurredAt).toBe('2024-05-01T00:00:00Z');
    expect(datedCommand<PlaceReorder>(reorder, now)).toEqual({ ...reorder, occurredAt: '2024-06-01T12:00:00.000Z' });
  });
});
