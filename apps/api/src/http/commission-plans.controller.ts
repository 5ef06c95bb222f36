import { type CommandAnswer, type CommandContext, SetCommissionPlanCommand } from '@ledger/ledger';
import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { SetCommissionPlanDto } from '../requests/commands';
import { CommandCtx } from './command-context.decorator';
import { ApiSecured } from './openapi';
import { CommandRoute } from './operation-routes';

@Controller('v1/commission-plans')
@ApiTags('commission plans')
@ApiSecured()
export class CommissionPlansController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute('setCommissionPlan')
  set(@Body() body: SetCommissionPlanDto, @CommandCtx() context: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new SetCommissionPlanCommand(body, context));
  }
}
