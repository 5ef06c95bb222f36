import { AddEmployeeCommand, type CommandAnswer, type CommandContext, RemoveEmployeeCommand } from '@ledger/ledger';
import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { Operation } from '../auth/access.decorators';
import { CommandAnswerView } from '../contract/command-answer';
import { AddEmployeeDto, RemoveEmployeeDto } from '../requests/commands';
import { CommandCtx } from './command-context.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { ApiCommand, ApiSecured } from './openapi';
import { ParseIdPipe } from './parse-id.pipe';

@Controller('v1/employees')
@UseInterceptors(IdempotencyInterceptor)
@ApiTags('employees')
@ApiSecured()
export class EmployeesController {
  constructor(private readonly commands: CommandBus) {}

  @ApiCommand(CommandAnswerView)
  @Operation('addEmployee')
  @Post()
  @HttpCode(201)
  add(@Body() body: AddEmployeeDto, @CommandCtx() context: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new AddEmployeeCommand(body, context));
  }

  @ApiCommand(CommandAnswerView)
  @Operation('removeEmployee')
  @Post(':employeeId/departure')
  @HttpCode(201)
  remove(
    @Param('employeeId', ParseIdPipe) employeeId: string,
    @Body() body: RemoveEmployeeDto,
    @CommandCtx() context: CommandContext,
  ): Promise<CommandAnswer> {
    return this.commands.execute(new RemoveEmployeeCommand({ ...body, employeeId }, context));
  }
}
