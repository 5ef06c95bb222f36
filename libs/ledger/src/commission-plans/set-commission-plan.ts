import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { commissionPlanDecider, streamIds, type Department } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { CLOCK, type Clock } from '../application/tokens';

export interface SetCommissionPlanInput {
  department: Department;
  rateBasisPoints: number;
  effectiveFrom: string;
  occurredAt?: string;
}

export class SetCommissionPlanCommand extends Command<CommandAnswer> {
  constructor(readonly input: SetCommissionPlanInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(SetCommissionPlanCommand)
export class SetCommissionPlanHandler implements ICommandHandler<SetCommissionPlanCommand> {
  constructor(private readonly runner: StreamCommandRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ input, context }: SetCommissionPlanCommand): Promise<CommandAnswer> {
    const { occurredAt, ...data } = input;
    return (await this.runner.run({
      streamId: streamIds.commissionPlan(input.department),
      decider: commissionPlanDecider,
      command: { type: 'SetCommissionPlan', occurredAt: occurredAtOrNow(occurredAt, this.clock), data },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
