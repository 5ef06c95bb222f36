import {
  type ClientSortKey,
  DEFAULT_EMPLOYEES_PAGE,
  DEFAULT_LEADS_PAGE,
  type EmployeeSortKey,
  type LeadSortKey,
  MAX_EMPLOYEES_PAGE,
  MAX_LEADS_PAGE,
  type SortDirection,
} from '@ledger/projections';
import { applyDecorators, type Type } from '@nestjs/common';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type as TransformTo } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';

import { ClientSortKeyEnum, EmployeeSortKeyEnum, LeadSortKeyEnum, SortDirectionEnum } from '../contract/enums';
import { EnumField, IntField } from '../contract/fields';
import { EmployeesSearchField, LeadsSearchField, NoFields, withEmployeesFilter, withLeadsFilter } from '../requests/listings';
import { AsOfQueryDto, ListCursorField } from '../requests/queries';

// The GraphQL arguments of the lists that are connections: a filter input, a
// search, an order input, and Relay's forward paging (`first`, `after`).

/** An optional input object argument, validated whole. */
export const OptionalInputArg = (type: () => Type, description?: string) =>
  applyDecorators(
    Field(type, { nullable: true, ...(description ? { description } : {}) }),
    IsOptional(),
    ValidateNested(),
    TransformTo(type),
  );

const SortDirectionField = () => EnumField(SortDirectionEnum, { optional: true, description: 'Default asc.' });

@InputType('ClientsOrder', { description: 'How the client directory is sorted; the client id breaks ties.' })
export class ClientsOrderInput {
  @EnumField(ClientSortKeyEnum) key!: ClientSortKey;
  @SortDirectionField() direction?: SortDirection;
}

@InputType('EmployeesOrder', { description: 'How the employee directory is sorted; the employee id breaks ties.' })
export class EmployeesOrderInput {
  @EnumField(EmployeeSortKeyEnum) key!: EmployeeSortKey;
  @SortDirectionField() direction?: SortDirection;
}

@InputType('LeadsOrder', { description: 'How the lead list is sorted; the lead id breaks ties.' })
export class LeadsOrderInput {
  @EnumField(LeadSortKeyEnum) key!: LeadSortKey;
  @SortDirectionField() direction?: SortDirection;
}

/** An order input as the list's order (ascending unless asked). */
export const orderOf = <Key extends string>(order: { key: Key; direction?: SortDirection } | undefined) =>
  order === undefined ? undefined : { key: order.key, direction: order.direction ?? 'asc' };

@InputType('EmployeesFilter', { description: 'Which employees the directory lists; every given filter must match.' })
export class EmployeesFilterInput extends withEmployeesFilter(NoFields) {}

@InputType('LeadsFilter', { description: 'Which leads the list holds; every given filter must match.' })
export class LeadsFilterInput extends withLeadsFilter(NoFields) {}

/** A list read as of a time, paged Relay's way (forward): `first` items (at most `maximum`) after the cursor `after`. */
function PagedListArgs(maximum: number, defaultSize: number) {
  @ArgsType()
  class PagedList extends AsOfQueryDto {
    @IntField({ optional: true, minimum: 1, maximum, description: `Items per page (default ${defaultSize}).` }) first?: number;
    @ListCursorField() after?: string;
  }
  return PagedList;
}

@ArgsType()
export class EmployeesArgs extends PagedListArgs(MAX_EMPLOYEES_PAGE, DEFAULT_EMPLOYEES_PAGE) {
  @OptionalInputArg(() => EmployeesFilterInput) filter?: EmployeesFilterInput;
  @EmployeesSearchField() search?: string;
  @OptionalInputArg(() => EmployeesOrderInput, 'Default by name, ascending.') orderBy?: EmployeesOrderInput;
}

@ArgsType()
export class LeadsArgs extends PagedListArgs(MAX_LEADS_PAGE, DEFAULT_LEADS_PAGE) {
  @OptionalInputArg(() => LeadsFilterInput) filter?: LeadsFilterInput;
  @LeadsSearchField() search?: string;
  @OptionalInputArg(() => LeadsOrderInput, 'Default newest first contact first.') orderBy?: LeadsOrderInput;
}
