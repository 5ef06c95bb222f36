import { clientDecider, crossStreamRules, type PlaceReorder, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';
import { orRefuse } from '../application/or-refuse';

export type PlaceReorderInput = CommandInput<PlaceReorder>;

export class PlaceReorderCommand extends LedgerCommand<PlaceReorderInput> {}

@CommandHandler(PlaceReorderCommand)
export class PlaceReorderHandler extends LedgerCommandHandler<PlaceReorderInput> {
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
