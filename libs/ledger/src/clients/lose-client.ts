import { clientDecider, DEPARTMENTS, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { StreamCommandRunner } from '../application/stream-command-runner';

export interface LoseClientInput {
  clientId: string;
  reason: string;
  competitor?: string | null;
  occurredAt?: string;
}

export class LoseClientCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: LoseClientInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LoseClientCommand)
export class LoseClientHandler implements ICommandHandler<LoseClientCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly access: AccessPolicy,
  ) {}

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
