import {
  type EmployeeView as LedgerEmployeeView,
  GetEmployeeQuery,
  GetViewerQuery,
  ListEmployeesQuery,
  type ViewerView as LedgerViewerView,
} from '@ledger/ledger';
import { DEFAULT_EMPLOYEES_PAGE, EMPLOYEES_PAGING, type EmployeesQuery } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { type Connection, connectionOf } from '../../contract/connection';
import { EmployeeConnection, EmployeeView } from '../../contract/employee';
import { ViewerView } from '../../contract/viewer';
import { historicalBounds } from '../../requests/bounds';
import { AsOfQueryDto } from '../../requests/queries';
import { Arguments, EmployeeArgs } from '../args';
import { pageComplexity, streamComplexity } from '../limits';
import { EmployeesArgs, orderOf } from '../listing-args';
import { globalIdOf } from '../node';
import { OperationQuery } from '../operation-query';

@Resolver(() => EmployeeView)
export class EmployeesResolver {
  constructor(private readonly queries: QueryBus) {}

  @OperationQuery('employee', () => EmployeeView, {
    complexity: streamComplexity,
    description:
      'An employee: name, department, role, whether still here; as of a business time if asked (EMPLOYEE_NOT_FOUND before joining).',
  })
  employee(@Arguments() { employeeId, ...at }: EmployeeArgs): Promise<LedgerEmployeeView> {
    return this.queries.execute(new GetEmployeeQuery(employeeId, historicalBounds(at)));
  }

  @OperationQuery('employees', () => EmployeeConnection, {
    complexity: pageComplexity(DEFAULT_EMPLOYEES_PAGE, { fromReadModel: true }),
    description: 'The employee directory, filtered, searched and sorted (by name by default); as of a business time if asked.',
  })
  async employees(
    @Arguments() { filter, search, orderBy, first = DEFAULT_EMPLOYEES_PAGE, after, ...at }: EmployeesArgs,
  ): Promise<Connection<LedgerEmployeeView>> {
    const query: EmployeesQuery = { ...filter, search, orderBy: orderOf(orderBy), after, limit: first };
    const page = await this.queries.execute(new ListEmployeesQuery(query, historicalBounds(at)));
    return connectionOf(page.employees, (employee) => EMPLOYEES_PAGING.encode(query, employee), page.nextCursor !== null, page.total);
  }

  @OperationQuery('viewer', () => ViewerView, {
    description: 'The caller: the id and role of their credentials, and their employee record if they have one.',
  })
  viewer(@Arguments() at: AsOfQueryDto, @Context() request: GraphqlRequestContext): Promise<LedgerViewerView> {
    const { id, role } = request.principal!;
    return this.queries.execute(new GetViewerQuery(id, role, historicalBounds(at)));
  }

  @ResolveField(() => ID)
  id(@Parent() employee: LedgerEmployeeView): string {
    return globalIdOf('Employee', employee.employeeId);
  }
}
