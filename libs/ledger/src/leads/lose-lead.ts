import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { leadDecider, streamIds } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { CLOCK, type Clock } from '../application/tokens';

export interface LoseLeadInput {
  leadId: string;
  reason: string;
  occurredAt?: string;
}

export class LoseLeadCommand extends Command<CommandAnswer> {
  constructor(readonly input: LoseLeadInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(LoseLeadCommand)
export class LoseLeadHandler implements ICommandHandler<LoseLeadCommand> {
  constructor(private readonly runner: StreamCommandRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ input, context }: LoseLeadCommand): Promise<CommandAnswer> {
    return (await this.runner.run({
      streamId: streamIds.lead(input.leadId),
      decider: leadDecider,
      command: { type: 'LoseLead', occurredAt: occurredAtOrNow(input.occurredAt, this.clock), data: { leadId: input.leadId, reason: input.reason } },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
