import type { Department, Role } from '@ledger/domain';
import type { TableSpec } from '@ledger/event-store';

import { text } from '../shared/columns';
import { factTimesOf, subjectFacts } from '../shared/event-columns';
import { applyWith, type EventHandlers } from '../shared/event-handlers';
import { searchKey } from '../shared/listing';
import type { RowWriter } from '../shared/row-buffer';

/** One employee in the directory, as their stream leaves them after the events within the bounds. */
export interface EmployeeSummary {
  readonly employeeId: string;
  readonly name: string;
  readonly department: Department;
  readonly role: Role;
  readonly status: 'active' | 'left';
  /** Business time of their latest EmployeeJoined (a rejoin starts afresh). */
  readonly joinedAt: string;
  /** Business time of their departure since then; null while here. */
  readonly leftAt: string | null;
  /** Their stream's revision: its events within the bounds, less one. */
  readonly revision: number;
}

/**
 * The directory as SQL: one fact per event of an employee's stream. A company
 * has hundreds of people, not millions, so every answer (live or historical)
 * takes each employee's latest join and latest event within the bounds.
 */
export const EMPLOYEES_TABLES: readonly TableSpec[] = [
  subjectFacts({
    name: 'changes',
    description: 'Every EmployeeJoined and EmployeeLeft, one row per event, never changed.',
    subject: text('employee_id', 'The employee.'),
    columns: [
      text('kind', '`joined` (EmployeeJoined) or `left` (EmployeeLeft).'),
      text('name', 'The name they joined under; null for a departure.'),
      text('name_key', 'The name in lower case, as a search and a sort by name compare it; null for a departure.'),
      text('department', 'The department they joined; null for a departure.'),
      text('role', 'The role they joined in; null for a departure.'),
    ],
  }),
];

export const EMPLOYEES_HANDLERS: EventHandlers<RowWriter> = {
  EmployeeJoined: (rows, event) => {
    const { employeeId, name, department, role } = event.data;
    rows.upsert('changes', {
      employee_id: employeeId,
      ...factTimesOf(event),
      kind: 'joined',
      name,
      name_key: searchKey(name),
      department,
      role,
    });
  },
  EmployeeLeft: (rows, event) => {
    const { employeeId } = event.data;
    rows.upsert('changes', {
      employee_id: employeeId,
      ...factTimesOf(event),
      kind: 'left',
      name: null,
      name_key: null,
      department: null,
      role: null,
    });
  },
};

export const applyToEmployees = applyWith(EMPLOYEES_HANDLERS);
