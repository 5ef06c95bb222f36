import { clientDecider, DEPARTMENTS, type LoseClient, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';

export type LoseClientInput = CommandInput<LoseClient, 'competitor'>;

export class LoseClientCommand extends LedgerCommand<LoseClientInput> {}

@CommandHandler(LoseClientCommand)
export class LoseClientHandler extends LedgerCommandHandler<LoseClientInput> {
  async execute({ input, context }: LoseClientCommand): Promise<CommandAnswer> {
    await this.access.requireManaging(context.actor, DEPARTMENTS);
    const { clientId, reason } = input;
    return this.runner.execute({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: {
        type: 'LoseClient',
        occurredAt: input.occurredAt,
        data: { clientId, reason, competitor: input.competitor ?? null },
      },
      context,
    });
  }
}
