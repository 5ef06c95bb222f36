import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { clientDecider, employeeRules, streamIds } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';
import { CLOCK, type Clock } from '../application/tokens';

export interface HandOffClientInput {
  clientId: string;
  toManagerId: string;
  reason: string;
  occurredAt?: string;
}

export class HandOffClientCommand extends Command<CommandAnswer> {
  constructor(readonly input: HandOffClientInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(HandOffClientCommand)
export class HandOffClientHandler implements ICommandHandler<HandOffClientCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: HandOffClientCommand): Promise<CommandAnswer> {
    const { clientId, toManagerId, reason } = input;
    orRefuse(employeeRules.requireClientDepartmentEmployee(await this.reader.employee(toManagerId), toManagerId, 'toManagerId'));
    return (await this.runner.run({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: { type: 'HandOffClient', occurredAt: occurredAtOrNow(input.occurredAt, this.clock), data: { clientId, toManagerId, reason } },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
