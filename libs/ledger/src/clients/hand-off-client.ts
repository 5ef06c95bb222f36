import { clientDecider, crossStreamRules, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';

export interface HandOffClientInput {
  clientId: string;
  toManagerId: string;
  reason: string;
  occurredAt?: string;
}

export class HandOffClientCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: HandOffClientInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(HandOffClientCommand)
export class HandOffClientHandler implements ICommandHandler<HandOffClientCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: HandOffClientCommand): Promise<CommandAnswer> {
    const { clientId, toManagerId, reason } = input;
    // Both sides of a handoff may move it: the sales head who lets the client go, the client head who takes it.
    await this.access.requireManaging(context.actor, ['sales', 'client']);
    const data = orRefuse(crossStreamRules.handOffClient({ clientId, toManagerId, reason }, await this.reader.employee(toManagerId)));
    return this.runner.execute({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: { type: 'HandOffClient', occurredAt: input.occurredAt, data },
      context,
    });
  }
}
