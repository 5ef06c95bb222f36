import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { COMMISSION_PLAN_COMMANDS } from '../requests/command-catalogue';
import { CommandsOnly, withCommandRoutes } from './command-routes';
import { ApiSecured } from './openapi';

@Controller('v1/commission-plans')
@ApiTags('commission plans')
@ApiSecured()
export class CommissionPlansController extends withCommandRoutes(CommandsOnly, COMMISSION_PLAN_COMMANDS) {}
