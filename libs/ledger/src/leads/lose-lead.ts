import { leadDecider, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';

export interface LoseLeadInput {
  leadId: string;
  reason: string;
  occurredAt?: string;
}

export class LoseLeadCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: LoseLeadInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LoseLeadCommand)
export class LoseLeadHandler implements ICommandHandler<LoseLeadCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: LoseLeadCommand): Promise<CommandAnswer> {
    // Closing a lead is its owner's call (or a head of sales'); a lead nobody contacted is the domain's to refuse.
    return this.runner.execute({
      authorise: await this.access.leadWork(context.actor),
      streamId: streamIds.lead(input.leadId),
      decider: leadDecider,
      command: { type: 'LoseLead', occurredAt: input.occurredAt, data: { leadId: input.leadId, reason: input.reason } },
      context,
    });
  }
}
