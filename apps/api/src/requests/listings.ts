import type { Department, Role } from '@ledger/domain';
import {
  DEFAULT_EMPLOYEES_PAGE,
  DEFAULT_LEADS_PAGE,
  EMPLOYEE_SORT_KEYS,
  LEAD_SORT_KEYS,
  MAX_EMPLOYEES_PAGE,
  MAX_LEADS_PAGE,
} from '@ledger/projections';

import { DepartmentEnum, EmployeeRoleEnum, EmployeeStatusEnum, LeadStageEnum } from '../contract/enums';
import { EnumField, IdField, ReportBoundField, SortField } from '../contract/fields';
import { IsNotBeforeFrom } from '../contract/validators';
import { AsOfQueryDto, ListCursorField, PageSizeField, SearchField } from './queries';

// The employee directory's and the lead list's filters, declared once for the REST query string and the GraphQL filter inputs.

export const EmployeeDepartmentFilterField = () =>
  EnumField(DepartmentEnum, { optional: true, description: 'Only employees of this department.' });
export const EmployeeRoleFilterField = () => EnumField(EmployeeRoleEnum, { optional: true, description: 'Only employees in this role.' });
export const EmployeeStatusFilterField = () =>
  EnumField(EmployeeStatusEnum, { optional: true, description: 'Only employees still here (`active`) or gone (`left`).' });
export const EmployeesSearchField = () => SearchField('the name');
export const EmployeesPageSizeField = () =>
  PageSizeField('Employees', { defaultSize: DEFAULT_EMPLOYEES_PAGE, maximum: MAX_EMPLOYEES_PAGE });

export const LeadOwnerFilterField = () => IdField({ optional: true, description: 'Only leads this rep owns (made the first contact of).' });
export const LeadStageFilterField = () => EnumField(LeadStageEnum, { optional: true, description: 'Only leads at this stage.' });
export const FirstContactedFromField = () =>
  ReportBoundField({
    optional: true,
    description: 'Only leads first contacted from then on: a UTC day (2024-01-01) or a zoned time, inclusive.',
  });
export const FirstContactedToField = () =>
  ReportBoundField({
    optional: true,
    description: 'Only leads first contacted before then: a UTC day counts whole; a zoned time is exclusive.',
  });
export const LeadsSearchField = () => SearchField('the company');
export const LeadsPageSizeField = () => PageSizeField('Leads', { defaultSize: DEFAULT_LEADS_PAGE, maximum: MAX_LEADS_PAGE });

/** GET /v1/employees: the employee directory, filtered, searched and sorted. */
export class ListEmployeesQueryDto extends AsOfQueryDto {
  @EmployeeDepartmentFilterField() department?: Department;
  @EmployeeRoleFilterField() role?: Role;
  @EmployeeStatusFilterField() status?: 'active' | 'left';
  @EmployeesSearchField() search?: string;
  @SortField(EMPLOYEE_SORT_KEYS, { optional: true, description: 'A sort key, `-` before it for descending (default name).' }) sort?: string;
  @ListCursorField() after?: string;
  @EmployeesPageSizeField() limit?: number;
}

/** GET /v1/leads: the leads, filtered, searched and sorted. */
export class ListLeadsQueryDto extends AsOfQueryDto {
  @LeadOwnerFilterField() ownerId?: string;
  @LeadStageFilterField() stage?: 'open' | 'won' | 'lost';
  @FirstContactedFromField() firstContactedFrom?: string;
  @FirstContactedToField()
  @IsNotBeforeFrom('firstContactedFrom')
  firstContactedTo?: string;
  @LeadsSearchField() search?: string;
  @SortField(LEAD_SORT_KEYS, { optional: true, description: 'A sort key, `-` before it for descending (default -firstContactedAt).' })
  sort?: string;
  @ListCursorField() after?: string;
  @LeadsPageSizeField() limit?: number;
}
