import { commissionPlanDecider, type SetCommissionPlan, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { commandAsGiven, type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export type SetCommissionPlanInput = CommandInput<SetCommissionPlan>;

export class SetCommissionPlanCommand extends LedgerCommand<SetCommissionPlanInput> {}

@CommandHandler(SetCommissionPlanCommand)
export class SetCommissionPlanHandler extends LedgerCommandHandler<SetCommissionPlanInput> {
  async execute({ input, context }: SetCommissionPlanCommand): Promise<CommandAnswer> {
    await this.access.requireManaging(context.actor, [input.department], 'department');
    return this.runner.execute({
      streamId: streamIds.commissionPlan(input.department),
      decider: commissionPlanDecider,
      command: commandAsGiven<SetCommissionPlan>('SetCommissionPlan', input),
      context,
    });
  }
}
