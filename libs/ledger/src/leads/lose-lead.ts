import { leadDecider, type LoseLead, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export type LoseLeadInput = CommandInput<LoseLead>;

export class LoseLeadCommand extends LedgerCommand<LoseLeadInput> {}

@CommandHandler(LoseLeadCommand)
export class LoseLeadHandler extends LedgerCommandHandler<LoseLeadInput> {
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
