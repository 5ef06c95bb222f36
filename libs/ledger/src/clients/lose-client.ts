import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { clientDecider, streamIds } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { CLOCK, type Clock } from '../application/tokens';

export interface LoseClientInput {
  clientId: string;
  reason: string;
  competitor?: string | null;
  occurredAt?: string;
}

export class LoseClientCommand extends Command<CommandAnswer> {
  constructor(readonly input: LoseClientInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(LoseClientCommand)
export class LoseClientHandler implements ICommandHandler<LoseClientCommand> {
  constructor(private readonly runner: StreamCommandRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ input, context }: LoseClientCommand): Promise<CommandAnswer> {
    const { clientId, reason } = input;
    return (await this.runner.run({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: {
        type: 'LoseClient',
        occurredAt: occurredAtOrNow(input.occurredAt, this.clock),
        data: { clientId, reason, competitor: input.competitor ?? null },
      },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
