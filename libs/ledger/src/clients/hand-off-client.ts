import { crossStreamRules, type HandOffClient } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import { type CommandInput, LedgerCommand } from '../application/ledger-command';
import { type ClientMove, ClientMoveHandler } from './client-move';

export type HandOffClientInput = CommandInput<HandOffClient>;

export class HandOffClientCommand extends LedgerCommand<HandOffClientInput> {}

/** A handoff: to the manager it names, whom the handoff's rule checks. */
export const HAND_OFF_CLIENT: ClientMove<HandOffClientInput, HandOffClient> = {
  type: 'HandOffClient',
  // Both sides of a handoff may move it: the sales head who lets the client go, the client head who takes it.
  movedBy: ['sales', 'client'],
  receiverOf: (input) => input.toManagerId,
  checked: ({ clientId, toManagerId, reason }, receiver) => crossStreamRules.handOffClient({ clientId, toManagerId, reason }, receiver),
};

@CommandHandler(HandOffClientCommand)
export class HandOffClientHandler extends ClientMoveHandler<HandOffClientInput, HandOffClient> {
  protected readonly move = HAND_OFF_CLIENT;
}
