import { CommandAnswerView } from '../contract/command-answer';
import { ApiTags } from '@nestjs/swagger';
import { ApiCommand, ApiSecured } from './openapi';
import { Operation } from '../auth/access.decorators';
import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AddEmployeeCommand, RemoveEmployeeCommand, type CommandAnswer, type CommandContext } from '@ledger/ledger';
import { CommandCtx } from './command-context.decorator';
import { AddEmployeeDto, RemoveEmployeeDto } from '../requests/commands';
import { ParseIdPipe } from './parse-id.pipe';
import { IdempotencyInterceptor } from './idempotency.interceptor';

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
