import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToEmployees, EMPLOYEES_HANDLERS, EMPLOYEES_TABLES } from './employees.projection';
import { type EmployeesAnswer, type EmployeesQuery, queryEmployees } from './employees.query';

export * from './employees.projection';
export * from './employees.query';

/** The employee directory: each employee's name, department, role and status, filtered, searched and sorted by name or id. */
export const employeesProjection: TableProjection<EmployeesQuery, EmployeesAnswer> = {
  kind: 'tables',
  name: 'employees',
  version: 1,
  eventTypes: handledEventTypes(EMPLOYEES_HANDLERS),
  tables: EMPLOYEES_TABLES,
  apply: applyToEmployees,
  query: queryEmployees,
};
