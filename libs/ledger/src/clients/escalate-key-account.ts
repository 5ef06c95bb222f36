import { crossStreamRules, DEPARTMENTS, type EmployeeState, type EscalateKeyAccount, type Result } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import { type CommandInput, LedgerCommand } from '../application/ledger-command';
import { ClientMoveHandler } from './client-move';

export type EscalateKeyAccountInput = Omit<CommandInput<EscalateKeyAccount>, 'ownerDepartment'>;

export class EscalateKeyAccountCommand extends LedgerCommand<EscalateKeyAccountInput> {}

@CommandHandler(EscalateKeyAccountCommand)
export class EscalateKeyAccountHandler extends ClientMoveHandler<EscalateKeyAccountInput, EscalateKeyAccount> {
  protected readonly type = 'EscalateKeyAccount';
  protected readonly movedBy = DEPARTMENTS;

  protected receiverOf(input: EscalateKeyAccountInput): string {
    return input.ownerId;
  }

  protected checked({ clientId, ownerId, reason }: EscalateKeyAccountInput, receiver: EmployeeState): Result<EscalateKeyAccount['data']> {
    return crossStreamRules.escalateKeyAccount({ clientId, ownerId, reason }, receiver);
  }
}
