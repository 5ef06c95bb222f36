import type { Department, Role } from '@ledger/domain';
import type { EmployeeDirectoryView as LedgerEmployeeDirectoryView, EmployeeView as LedgerEmployeeView } from '@ledger/ledger';
import type { EmployeeSummary } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { NodeInterface } from '../graphql/node';
import { connectionTypes } from './connection';
import { DepartmentEnum, EmployeeRoleEnum, EmployeeStatusEnum } from './enums';
import { EnumField, IdField, IntField, NestedListField, TextField, ZonedTimeField } from './fields';
import { ListingPageView } from './listing';

@ObjectType('Employee', {
  implements: () => [NodeInterface],
  description: 'Someone of the sales organisation: their department and role as their own stream tells it.',
})
export class EmployeeView implements LedgerEmployeeView, EmployeeSummary {
  @IdField() employeeId!: string;
  @TextField() name!: string;
  @EnumField(DepartmentEnum) department!: Department;
  @EnumField(EmployeeRoleEnum) role!: Role;
  @EnumField(EmployeeStatusEnum) status!: 'active' | 'left';
  @ZonedTimeField({ description: 'When they joined (their latest joining, should they have left and come back).' }) joinedAt!: string;
  @ZonedTimeField({ nullable: true, description: 'When they left since; null while here.' }) leftAt!: string | null;
  @IntField({ minimum: 0 }) revision!: number;
}

/** GET /v1/employees: a page of the employee directory. */
export class EmployeeDirectoryView extends ListingPageView implements LedgerEmployeeDirectoryView {
  @NestedListField(() => EmployeeView) employees!: EmployeeView[];
}

export const EmployeeConnection = connectionTypes(EmployeeView, 'Employee', 'A page of the employee directory (Relay connection).');
