import type { EscalateKeyAccount, HandOffClient, PlaceReorder, WinClient } from './client/client';
import { employeeRules, type EmployeeState } from './employee/employee';
import type { ContactLead } from './lead/lead';
import type { Result } from './shared/result';

/**
 * The rules a command has on streams other than the one it changes: written once
 * here and called by the command handlers (with the state they read from the store)
 * and by imports (with the state folded in memory from the rows before), so a rule
 * changed here holds for both. Each answers the command's data, completed where a
 * rule resolves part of it, or why the command is refused.
 */
export const crossStreamRules = {
  /** A lead is contacted by an active salesperson. */
  contactLead(data: ContactLead['data'], rep: EmployeeState): Result<ContactLead['data']> {
    return passing(employeeRules.requireSalesEmployee(rep, data.repId, 'repId'), data);
  },

  /** A client is won by an active salesperson. */
  winClient(data: WinClient['data'], rep: EmployeeState): Result<WinClient['data']> {
    return passing(employeeRules.requireSalesEmployee(rep, data.repId, 'repId'), data);
  },

  /** A reorder is taken by an active employee. */
  placeReorder(data: PlaceReorder['data'], taker: EmployeeState): Result<PlaceReorder['data']> {
    return passing(employeeRules.requireActiveEmployee(taker, data.takenBy, 'takenBy'), data);
  },

  /** A client is handed off to an active client-department employee. */
  handOffClient(data: HandOffClient['data'], target: EmployeeState): Result<HandOffClient['data']> {
    return passing(employeeRules.requireClientDepartmentEmployee(target, data.toManagerId, 'toManagerId'), data);
  },

  /** A key account goes to an eligible owner; the owner's department is recorded with it. */
  escalateKeyAccount(data: Omit<EscalateKeyAccount['data'], 'ownerDepartment'>, owner: EmployeeState): Result<EscalateKeyAccount['data']> {
    const eligible = employeeRules.requireKeyAccountOwner(owner, data.ownerId, 'ownerId');
    return eligible.ok ? { ok: true, value: { ...data, ownerDepartment: eligible.value.department! } } : eligible;
  },
};

const passing = <Data>(rule: Result<unknown>, data: Data): Result<Data> => (rule.ok ? { ok: true, value: data } : rule);
