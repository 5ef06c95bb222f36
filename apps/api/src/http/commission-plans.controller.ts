import { CommandAnswerView } from '../contract/command-answer';
import { ApiTags } from '@nestjs/swagger';
import { ApiCommand, ApiSecured } from './openapi';
import { Operation } from '../auth/access.decorators';
import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SetCommissionPlanCommand, type CommandAnswer, type CommandContext } from '@ledger/ledger';
import { CommandCtx } from './command-context.decorator';
import { SetCommissionPlanDto } from '../requests/commands';
import { IdempotencyInterceptor } from './idempotency.interceptor';

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
