import { clientDecider, crossStreamRules, type Money, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';

export interface PlaceReorderInput {
  clientId: string;
  orderId: string;
  total: Money;
  takenBy: string;
  occurredAt?: string;
}

export class PlaceReorderCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: PlaceReorderInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PlaceReorderCommand)
export class PlaceReorderHandler implements ICommandHandler<PlaceReorderCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: PlaceReorderCommand): Promise<CommandAnswer> {
    const { clientId, orderId, total, takenBy } = input;
    const taker = await this.reader.employee(takenBy);
    // A reorder is taken by the department looking after the client, checked on the client as it is decided.
    const lookingAfter = await this.access.requireTakingReorder(context.actor, takenBy, taker);
    const data = orRefuse(crossStreamRules.placeReorder({ clientId, orderId, total, takenBy }, taker));
    return this.runner.execute({
      authorise: lookingAfter,
      streamId: streamIds.client(clientId),
      decider: clientDecider,
      command: { type: 'PlaceReorder', occurredAt: input.occurredAt, data },
      context,
    });
  }
}
