import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { clientDecider, employeeRules, streamIds } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';
import { CLOCK, type Clock } from '../application/tokens';

export interface EscalateKeyAccountInput {
  clientId: string;
  ownerId: string;
  reason: string;
  occurredAt?: string;
}

export class EscalateKeyAccountCommand extends Command<CommandAnswer> {
  constructor(readonly input: EscalateKeyAccountInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(EscalateKeyAccountCommand)
export class EscalateKeyAccountHandler implements ICommandHandler<EscalateKeyAccountCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: EscalateKeyAccountCommand): Promise<CommandAnswer> {
    const { clientId, ownerId, reason } = input;
    const owner = orRefuse(employeeRules.requireKeyAccountOwner(await this.reader.employee(ownerId), ownerId, 'ownerId'));
    return (await this.runner.run({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: {
        type: 'EscalateKeyAccount',
        occurredAt: occurredAtOrNow(input.occurredAt, this.clock),
        data: { clientId, ownerId, ownerDepartment: owner.department!, reason },
      },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
