import {
  AddEmployeeCommand,
  type CommandAnswer,
  type CommandContext,
  GetEmployeeQuery,
  ListEmployeesQuery,
  RemoveEmployeeCommand,
} from '@ledger/ledger';
import { Body, Controller, Param, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { EmployeeDirectoryView, EmployeeView } from '../contract/employee';
import { historicalBounds } from '../requests/bounds';
import { AddEmployeeDto, RemoveEmployeeDto } from '../requests/commands';
import { ListEmployeesQueryDto } from '../requests/listings';
import { AsOfQueryDto, sortOf } from '../requests/queries';
import { CommandCtx } from './command-context.decorator';
import { ApiSecured } from './openapi';
import { CommandRoute, QueryRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';
import { withRevisionTag } from './revision-tag';

@Controller('v1/employees')
@ApiTags('employees')
@ApiSecured()
export class EmployeesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @CommandRoute('addEmployee')
  add(@Body() body: AddEmployeeDto, @CommandCtx() context: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new AddEmployeeCommand(body, context));
  }

  @CommandRoute('removeEmployee', ':employeeId/departure')
  remove(
    @Param('employeeId', ParseIdPipe) employeeId: string,
    @Body() body: RemoveEmployeeDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new RemoveEmployeeCommand({ ...body, employeeId }, context));
  }

  /** The employee directory, a page at a time (by name unless sorted otherwise); pass nextCursor as `after` to read on. */
  @QueryRoute('employees', EmployeeDirectoryView)
  list(@Query() query: ListEmployeesQueryDto): Promise<EmployeeDirectoryView> {
    const { department, role, status, search, sort, after, limit } = query;
    return this.queries.execute(
      new ListEmployeesQuery({ department, role, status, search, orderBy: sortOf(sort), after, limit }, historicalBounds(query)),
    );
  }

  @QueryRoute('employee', EmployeeView, ':employeeId', { revisionTag: true })
  async get(
    @Param('employeeId', ParseIdPipe) employeeId: string,
    @Query() query: AsOfQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EmployeeView> {
    return withRevisionTag(response, await this.queries.execute(new GetEmployeeQuery(employeeId, historicalBounds(query))));
  }
}
