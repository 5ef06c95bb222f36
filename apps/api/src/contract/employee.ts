import type { Department, Role } from '@ledger/domain';
import type { EmployeeView as LedgerEmployeeView } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';

import { NodeInterface } from '../graphql/node';
import { DepartmentEnum, EmployeeRoleEnum, EmployeeStatusEnum } from './enums';
import { EnumField, IdField, IntField, TextField } from './fields';

@ObjectType('Employee', {
  implements: () => [NodeInterface],
  description: 'Someone of the sales organisation: their department and role as their own stream tells it.',
})
export class EmployeeView implements LedgerEmployeeView {
  @IdField() employeeId!: string;
  @TextField() name!: string;
  @EnumField(DepartmentEnum) department!: Department;
  @EnumField(EmployeeRoleEnum) role!: Role;
  @EnumField(EmployeeStatusEnum) status!: 'active' | 'left';
  @IntField({ minimum: 0 }) revision!: number;
}
