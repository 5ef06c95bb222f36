import { crossStreamRules, type EmployeeState, type HandOffClient, type Result } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import { type CommandInput, LedgerCommand } from '../application/ledger-command';
import { ClientMoveHandler } from './client-move';

export type HandOffClientInput = CommandInput<HandOffClient>;

export class HandOffClientCommand extends LedgerCommand<HandOffClientInput> {}

@CommandHandler(HandOffClientCommand)
export class HandOffClientHandler extends ClientMoveHandler<HandOffClientInput, HandOffClient> {
  protected readonly type = 'HandOffClient';
  // Both sides of a handoff may move it: the sales head who lets the client go, the client head who takes it.
  protected readonly movedBy = ['sales', 'client'] as const;

  protected receiverOf(input: HandOffClientInput): string {
    return input.toManagerId;
  }

  protected checked({ clientId, toManagerId, reason }: HandOffClientInput, receiver: EmployeeState): Result<HandOffClient['data']> {
    return crossStreamRules.handOffClient({ clientId, toManagerId, reason }, receiver);
  }
}
