import { GetEmployeeQuery, ListEmployeesQuery } from '@ledger/ledger';
import { Injectable, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';

import { EmployeeDirectoryView, EmployeeView } from '../contract/employee';
import { historicalBounds } from '../requests/bounds';
import { EMPLOYEE_COMMANDS } from '../requests/command-catalogue';
import { ListEmployeesQueryDto } from '../requests/listings';
import { AsOfQueryDto, sortOf } from '../requests/queries';
import { withCommandRoutes } from './command-routes';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';

/** The employee routes that read; the command routes come first (see EmployeesController). */
@Injectable()
class EmployeeReads {
  constructor(
    readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** The employee directory, a page at a time (by name unless sorted otherwise); pass nextCursor as `after` to read on. */
  @QueryRoute('employees', EmployeeDirectoryView)
  list(@Query() query: ListEmployeesQueryDto): Promise<EmployeeDirectoryView> {
    const { department, role, status, search, sort, after, limit } = query;
    return this.queries.execute(
      new ListEmployeesQuery({ department, role, status, search, orderBy: sortOf(sort), after, limit }, historicalBounds(query)),
    );
  }

  @QueryRoute('employee', EmployeeView, ':employeeId', { revisionTag: true })
  get(@Param('employeeId', ParseIdPipe) employeeId: string, @Query() query: AsOfQueryDto): Promise<EmployeeView> {
    return this.queries.execute(new GetEmployeeQuery(employeeId, historicalBounds(query)));
  }
}

@SecuredController('v1/employees', 'employees')
export class EmployeesController extends withCommandRoutes(EmployeeReads, EMPLOYEE_COMMANDS) {}
