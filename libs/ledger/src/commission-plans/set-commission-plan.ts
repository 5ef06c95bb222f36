import { commissionPlanDecider, type Department, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';

export interface SetCommissionPlanInput {
  department: Department;
  rateBasisPoints: number;
  effectiveFrom: string;
  occurredAt?: string;
}

export class SetCommissionPlanCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: SetCommissionPlanInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetCommissionPlanCommand)
export class SetCommissionPlanHandler implements ICommandHandler<SetCommissionPlanCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly access: AccessPolicy,
  ) {}

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
