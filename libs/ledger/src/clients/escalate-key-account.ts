import { clientDecider, crossStreamRules, DEPARTMENTS, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';

export interface EscalateKeyAccountInput {
  clientId: string;
  ownerId: string;
  reason: string;
  occurredAt?: string;
}

export class EscalateKeyAccountCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: EscalateKeyAccountInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EscalateKeyAccountCommand)
export class EscalateKeyAccountHandler implements ICommandHandler<EscalateKeyAccountCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: EscalateKeyAccountCommand): Promise<CommandAnswer> {
    const { clientId, ownerId, reason } = input;
    await this.access.requireManaging(context.actor, DEPARTMENTS);
    const data = orRefuse(crossStreamRules.escalateKeyAccount({ clientId, ownerId, reason }, await this.reader.employee(ownerId)));
    return this.runner.execute({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: { type: 'EscalateKeyAccount', occurredAt: input.occurredAt, data },
      context,
    });
  }
}
