import type { EmployeeSummary } from '../../../employees/employees.projection';
import { EMPLOYEES_PAGING, type EmployeesAnswer, type EmployeesQuery } from '../../../employees/employees.query';
import { documentProjectionOf, type EventHandlers } from '../../../shared/event-handlers';
import type { ReadModel } from '../../../shared/read-model';
import { containsText, listingPageOf } from '../sorted-page';

const employeesOf = (model: ReadModel) => model.collection<EmployeeSummary>('employee');

/** Each employee as their stream folds: a join starts afresh, a departure keeps what they joined as. */
const EMPLOYEES_HANDLERS: EventHandlers<ReturnType<typeof employeesOf>> = {
  EmployeeJoined: (employees, event) => {
    const { employeeId, name, department, role } = event.data;
    const revision = (employees.get(employeeId)?.revision ?? -1) + 1;
    employees.put(employeeId, {
      employeeId,
      name,
      department,
      role,
      status: 'active',
      joinedAt: event.occurredAt,
      leftAt: null,
      revision,
    });
  },
  EmployeeLeft: (employees, event) => {
    const employee = employees.get(event.data.employeeId);
    if (employee)
      employees.put(employee.employeeId, { ...employee, status: 'left', leftAt: event.occurredAt, revision: employee.revision + 1 });
  },
};

/** Every match, sorted, read on after the employee the cursor names. */
function query({ model }: { model: ReadModel }, query: EmployeesQuery): EmployeesAnswer {
  const matches = [...employeesOf(model).values()].filter(
    (employee) =>
      (query.department === undefined || employee.department === query.department) &&
      (query.role === undefined || employee.role === query.role) &&
      (query.status === undefined || employee.status === query.status) &&
      (!query.search || containsText(employee.name, query.search)),
  );
  const { items, nextCursor, total } = listingPageOf(EMPLOYEES_PAGING, query, matches);
  return { employees: items, nextCursor, total };
}

export const employeesProjection = documentProjectionOf({
  name: 'employees',
  version: 1,
  handlers: EMPLOYEES_HANDLERS,
  view: employeesOf,
  query,
});
