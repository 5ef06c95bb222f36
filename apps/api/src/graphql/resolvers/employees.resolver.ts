import { type EmployeeView as LedgerEmployeeView, GetEmployeeQuery } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import { ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { EmployeeView } from '../../contract/employee';
import { historicalBounds } from '../../requests/bounds';
import { Arguments, EmployeeArgs } from '../args';
import { streamComplexity } from '../limits';
import { globalIdOf } from '../node';

@Resolver(() => EmployeeView)
export class EmployeesResolver {
  constructor(private readonly queries: QueryBus) {}

  @Operation('employee')
  @Query(() => EmployeeView, {
    nullable: true,
    complexity: streamComplexity,
    description:
      'An employee: name, department, role, whether still here; as of a business time if asked (EMPLOYEE_NOT_FOUND before joining).',
  })
  employee(@Arguments() { employeeId, ...at }: EmployeeArgs): Promise<LedgerEmployeeView> {
    return this.queries.execute(new GetEmployeeQuery(employeeId, historicalBounds(at)));
  }

  @ResolveField(() => ID)
  id(@Parent() employee: LedgerEmployeeView): string {
    return globalIdOf('Employee', employee.employeeId);
  }
}
