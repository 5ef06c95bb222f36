import { crossStreamRules, DEPARTMENTS, type EscalateKeyAccount } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import { type CommandInput, LedgerCommand } from '../application/ledger-command';
import { type ClientMove, ClientMoveHandler } from './client-move';

export type EscalateKeyAccountInput = Omit<CommandInput<EscalateKeyAccount>, 'ownerDepartment'>;

export class EscalateKeyAccountCommand extends LedgerCommand<EscalateKeyAccountInput> {}

/** An escalation: to the key-account owner it names, whom the escalation's rule checks; a manager of any department may ask it. */
export const ESCALATE_KEY_ACCOUNT: ClientMove<EscalateKeyAccountInput, EscalateKeyAccount> = {
  type: 'EscalateKeyAccount',
  movedBy: DEPARTMENTS,
  receiverOf: (input) => input.ownerId,
  checked: ({ clientId, ownerId, reason }, receiver) => crossStreamRules.escalateKeyAccount({ clientId, ownerId, reason }, receiver),
};

@CommandHandler(EscalateKeyAccountCommand)
export class EscalateKeyAccountHandler extends ClientMoveHandler<EscalateKeyAccountInput, EscalateKeyAccount> {
  protected readonly move = ESCALATE_KEY_ACCOUNT;
}
