import { SetCommissionPlanCommand } from '@ledger/ledger';
import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { SetCommissionPlanDto } from '../requests/commands';
import { CommandsOnly, withCommandRoutes } from './command-routes';
import { ApiSecured } from './openapi';

@Controller('v1/commission-plans')
@ApiTags('commission plans')
@ApiSecured()
export class CommissionPlansController extends withCommandRoutes(CommandsOnly, [
  { operation: 'setCommissionPlan', body: SetCommissionPlanDto, command: SetCommissionPlanCommand },
]) {}
