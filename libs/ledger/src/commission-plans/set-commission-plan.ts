import { commissionPlanDecider, type SetCommissionPlan, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export type SetCommissionPlanInput = CommandInput<SetCommissionPlan>;

export class SetCommissionPlanCommand extends LedgerCommand<SetCommissionPlanInput> {}

@CommandHandler(SetCommissionPlanCommand)
export class SetCommissionPlanHandler extends LedgerCommandHandler<SetCommissionPlanInput> {
  async execute({ input, context }: SetCommissionPlanCommand): Promise<CommandAnswer> {
    await this.access.requireManaging(context.actor, [input.department], 'department');
    const { occurredAt, ...data } = input;
    return this.runner.execute({
      streamId: streamIds.commissionPlan(input.department),
      decider: commissionPlanDecider,
      command: { type: 'SetCommissionPlan', occurredAt, data },
      context,
    });
  }
}
