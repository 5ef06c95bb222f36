import type { Department, Role } from '@ledger/domain';
import type { ReadModelReader } from '@ledger/event-store';

import { containsSql, type ListingOrder, listingPaging, searchKey } from '../shared/listing';
import { listingPage } from '../shared/listing-page';
import type { AnswerContext } from '../shared/projection';
import { withinBounds } from '../shared/sql-bounds';
import { sql, type SqlFragment } from '../shared/sql-fragment';
import type { EmployeeSummary } from './employees.projection';

export const DEFAULT_EMPLOYEES_PAGE = 50;
export const MAX_EMPLOYEES_PAGE = 500;

/** What the directory sorts by; the employee id breaks ties. */
export const EMPLOYEE_SORT_KEYS = ['name', 'employeeId'] as const;
export type EmployeeSortKey = (typeof EMPLOYEE_SORT_KEYS)[number];
export type EmployeesOrder = ListingOrder<EmployeeSortKey>;
export const DEFAULT_EMPLOYEES_ORDER: EmployeesOrder = { key: 'name', direction: 'asc' };

export interface EmployeesQuery {
  readonly department?: Department;
  readonly role?: Role;
  readonly status?: 'active' | 'left';
  /** Case-insensitive, within the name; empty searches nothing. */
  readonly search?: string;
  /** Default by name, ascending. */
  readonly orderBy?: EmployeesOrder;
  /** The nextCursor of the previous page (opaque); absent for the first page. */
  readonly after?: string;
  /** Employees per page: 1 to 500, default 50 (out-of-range values are clamped). */
  readonly limit?: number;
}

export interface EmployeesAnswer {
  readonly employees: EmployeeSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  /** Employees matching the filters and the search, on every page. */
  readonly total: number;
}

const SORT_COLUMNS: Readonly<Record<EmployeeSortKey, string>> = { name: 'name_key', employeeId: 'employee_id' };

/** An employee's value for the sort key, as the SQL sorts it. */
export const employeeSortValue = (employee: EmployeeSummary, key: EmployeeSortKey): string =>
  key === 'name' ? searchKey(employee.name) : employee.employeeId;

export const EMPLOYEES_PAGING = listingPaging<EmployeesQuery, EmployeeSummary, EmployeeSortKey>({
  name: 'employees',
  defaultOrder: DEFAULT_EMPLOYEES_ORDER,
  pageSizes: { defaultSize: DEFAULT_EMPLOYEES_PAGE, maximum: MAX_EMPLOYEES_PAGE },
  // What a cursor of the directory is tied to, beside the sort: another filter or search refuses it.
  tiedTo: (query) => [query.department ?? null, query.role ?? null, query.status ?? null, query.search || null],
  sortValue: employeeSortValue,
  idOf: (employee) => employee.employeeId,
});

interface EmployeeRow {
  employee_id: string;
  name: string;
  department: Department;
  role: Role;
  status: 'active' | 'left';
  joined_at: string;
  left_at: string | null;
  events: number;
}

/**
 * Each employee as their latest join and their latest event within the bounds
 * leave them (live: no bounds), the way their stream folds: a departure keeps
 * the name, department and role they joined with.
 */
function listedEmployees(context: AnswerContext): SqlFragment {
  const within = withinBounds(context, 'f.occurred_at', 'f.recorded_at');
  return sql`SELECT j.employee_id, j.name, j.name_key, j.department, j.role, j.occurred_at AS joined_at,
      CASE WHEN l.kind = 'left' THEN 'left' ELSE 'active' END AS status,
      CASE WHEN l.kind = 'left' THEN l.occurred_at ELSE NULL END AS left_at, latest.events
    FROM (SELECT f.employee_id, MAX(f.position) AS position FROM {changes} f WHERE f.kind = 'joined' AND ${within} GROUP BY f.employee_id) joined
    JOIN (SELECT f.employee_id, MAX(f.position) AS position, COUNT(*) AS events FROM {changes} f WHERE ${within} GROUP BY f.employee_id) latest
      ON latest.employee_id = joined.employee_id
    JOIN {changes} j ON j.employee_id = joined.employee_id AND j.position = joined.position
    JOIN {changes} l ON l.employee_id = latest.employee_id AND l.position = latest.position`;
}

function filtersOf(query: EmployeesQuery): SqlFragment[] {
  const filters: SqlFragment[] = [];
  if (query.department !== undefined) filters.push(sql`department = ${query.department}`);
  if (query.role !== undefined) filters.push(sql`role = ${query.role}`);
  if (query.status !== undefined) filters.push(sql`status = ${query.status}`);
  if (query.search) filters.push(containsSql('name_key', query.search));
  return filters;
}

/** A page of the employee directory, filtered, searched and sorted (by name by default). */
export async function queryEmployees(db: ReadModelReader, query: EmployeesQuery, context: AnswerContext): Promise<EmployeesAnswer> {
  const { items, nextCursor, total } = await listingPage(db, EMPLOYEES_PAGING, query, {
    listed: listedEmployees(context),
    filters: filtersOf(query),
    sortColumns: SORT_COLUMNS,
    idColumn: 'employee_id',
    itemOf: (row: EmployeeRow): EmployeeSummary => ({
      employeeId: row.employee_id,
      name: row.name,
      department: row.department,
      role: row.role,
      status: row.status,
      joinedAt: row.joined_at,
      leftAt: row.left_at,
      revision: Number(row.events) - 1,
    }),
  });
  return { employees: items, nextCursor, total };
}
