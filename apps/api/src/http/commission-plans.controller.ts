import { type CommandAnswer, type CommandContext, SetCommissionPlanCommand } from '@ledger/ledger';
import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { Operation } from '../auth/access.decorators';
import { CommandAnswerView } from '../contract/command-answer';
import { SetCommissionPlanDto } from '../requests/commands';
import { CommandCtx } from './command-context.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { ApiCommand, ApiSecured } from './openapi';

@Controller('v1/commission-plans')
@UseInterceptors(IdempotencyInterceptor)
@ApiTags('commission plans')
@ApiSecured()
export class CommissionPlansController {
  constructor(private readonly commands: CommandBus) {}

  @ApiCommand(CommandAnswerView)
  @Operation('setCommissionPlan')
  @Post()
  @HttpCode(201)
  set(@Body() body: SetCommissionPlanDto, @CommandCtx() context: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new SetCommissionPlanCommand(body, context));
  }
}
