import { COMMISSION_PLAN_COMMANDS } from '../requests/command-catalogue';
import { CommandsOnly, withCommandRoutes } from './command-routes';
import { SecuredController } from './openapi';

@SecuredController('v1/commission-plans', 'commission plans')
export class CommissionPlansController extends withCommandRoutes(CommandsOnly, COMMISSION_PLAN_COMMANDS) {}
