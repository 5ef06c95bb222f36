import type { AccessRole, ViewerView as LedgerViewerView } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';

import { EmployeeView } from './employee';
import { AccessRoleEnum } from './enums';
import { EnumField, IdField, NestedField } from './fields';

@ObjectType('Viewer', { description: 'The caller: who their credentials say they are, and their employee record if they have one.' })
export class ViewerView implements LedgerViewerView {
  @IdField({ description: "The credentials' subject: a token's `sub`, an API key's actor." }) id!: string;
  @EnumField(AccessRoleEnum) role!: AccessRole;
  @NestedField(() => EmployeeView, {
    nullable: true,
    description: 'The employee of that id, as the ledger records them; null for a caller who is none (analysts and admins often are not).',
  })
  employee!: EmployeeView | null;
}
