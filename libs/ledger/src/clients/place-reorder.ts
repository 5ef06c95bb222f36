import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { clientDecider, employeeRules, streamIds, type Money } from '@ledger/domain';
import { occurredAtOrNow } from '../application/business-time';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';
import { CLOCK, type Clock } from '../application/tokens';

export interface PlaceReorderInput {
  clientId: string;
  orderId: string;
  total: Money;
  takenBy: string;
  occurredAt?: string;
}

export class PlaceReorderCommand extends Command<CommandAnswer> {
  constructor(readonly input: PlaceReorderInput, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(PlaceReorderCommand)
export class PlaceReorderHandler implements ICommandHandler<PlaceReorderCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input, context }: PlaceReorderCommand): Promise<CommandAnswer> {
    const { clientId, orderId, total, takenBy } = input;
    orRefuse(employeeRules.requireActiveEmployee(await this.reader.employee(takenBy), takenBy, 'takenBy'));
    return (await this.runner.run({
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: { type: 'PlaceReorder', occurredAt: occurredAtOrNow(input.occurredAt, this.clock), data: { clientId, orderId, total, takenBy } },
      context,
      checkExpectedRevision: true,
    }))!;
  }
}
