import type { Department, Role } from '@ledger/domain';
import {
  DEFAULT_EMPLOYEES_PAGE,
  DEFAULT_LEADS_PAGE,
  EMPLOYEE_SORT_KEYS,
  LEAD_SORT_KEYS,
  MAX_EMPLOYEES_PAGE,
  MAX_LEADS_PAGE,
} from '@ledger/projections';
import { InputType } from '@nestjs/graphql';

import { DepartmentEnum, EmployeeRoleEnum, EmployeeStatusEnum, LeadStageEnum } from '../contract/enums';
import { EnumField, IdField, ReportBoundField, SortField } from '../contract/fields';
import { IsNotBeforeFrom } from '../contract/validators';
import { AsOfQueryDto, ListCursorField, PageSizeField, SearchField } from './queries';

/** A class the filters are declared on (TypeScript's mixin rule asks for `any[]` arguments). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Base = new (...args: any[]) => object;

/** Nothing to extend: the GraphQL filter inputs hold the filters alone. */
export class NoFields {}

// The employee directory's and the lead list's filters, declared once: the
// REST list query extends them beside its other parameters, and the GraphQL
// filter input is them alone.

/** The employee directory's filters, on top of `base`. */
export function withEmployeesFilter<B extends Base>(base: B) {
  @InputType({ isAbstract: true })
  class EmployeesFilterFields extends base {
    @EnumField(DepartmentEnum, { optional: true, description: 'Only employees of this department.' }) department?: Department;
    @EnumField(EmployeeRoleEnum, { optional: true, description: 'Only employees in this role.' }) role?: Role;
    @EnumField(EmployeeStatusEnum, { optional: true, description: 'Only employees still here (`active`) or gone (`left`).' })
    status?: 'active' | 'left';
  }
  return EmployeesFilterFields;
}

/** The lead list's filters, on top of `base`. */
export function withLeadsFilter<B extends Base>(base: B) {
  @InputType({ isAbstract: true })
  class LeadsFilterFields extends base {
    @IdField({ optional: true, description: 'Only leads this rep owns (made the first contact of).' }) ownerId?: string;
    @EnumField(LeadStageEnum, { optional: true, description: 'Only leads at this stage.' }) stage?: 'open' | 'won' | 'lost';
    @ReportBoundField({
      optional: true,
      description: 'Only leads first contacted from then on: a UTC day (2024-01-01) or a zoned time, inclusive.',
    })
    firstContactedFrom?: string;
    @ReportBoundField({
      optional: true,
      description: 'Only leads first contacted before then: a UTC day counts whole; a zoned time is exclusive.',
    })
    @IsNotBeforeFrom('firstContactedFrom')
    firstContactedTo?: string;
  }
  return LeadsFilterFields;
}

export const EmployeesSearchField = () => SearchField('the name');
export const EmployeesPageSizeField = () =>
  PageSizeField('Employees', { defaultSize: DEFAULT_EMPLOYEES_PAGE, maximum: MAX_EMPLOYEES_PAGE });
export const LeadsSearchField = () => SearchField('the company');
export const LeadsPageSizeField = () => PageSizeField('Leads', { defaultSize: DEFAULT_LEADS_PAGE, maximum: MAX_LEADS_PAGE });

/** GET /v1/employees: the employee directory, filtered, searched and sorted. */
export class ListEmployeesQueryDto extends withEmployeesFilter(AsOfQueryDto) {
  @EmployeesSearchField() search?: string;
  @SortField(EMPLOYEE_SORT_KEYS, { optional: true, description: 'A sort key, `-` before it for descending (default name).' }) sort?: string;
  @ListCursorField() after?: string;
  @EmployeesPageSizeField() limit?: number;
}

/** GET /v1/leads: the leads, filtered, searched and sorted. */
export class ListLeadsQueryDto extends withLeadsFilter(AsOfQueryDto) {
  @LeadsSearchField() search?: string;
  @SortField(LEAD_SORT_KEYS, { optional: true, description: 'A sort key, `-` before it for descending (default -firstContactedAt).' })
  sort?: string;
  @ListCursorField() after?: string;
  @LeadsPageSizeField() limit?: number;
}
