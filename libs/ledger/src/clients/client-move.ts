import {
  clientDecider,
  type Department,
  type EmployeeState,
  type EscalateKeyAccount,
  type HandOffClient,
  type Result,
  streamIds,
  type UndatedCommand,
} from '@ledger/domain';

import type { CommandAnswer } from '../application/command-context';
import { type LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';
import { orRefuse } from '../application/or-refuse';

/** A move of a client to a new owner (a handoff, an escalation), as a manager or a policy asks it. */
export interface ClientMoveInput {
  clientId: string;
  reason: string;
  occurredAt?: string;
}

/**
 * Moves a client to a new owner: a manager of one of `movedBy` (or a policy) may, and the move's cross-stream
 * rule checks the receiver, as their own stream tells it, and completes the move. Each move says its own rule.
 */
export abstract class ClientMoveHandler<
  Input extends ClientMoveInput,
  Move extends HandOffClient | EscalateKeyAccount,
> extends LedgerCommandHandler<Input> {
  protected abstract readonly type: Move['type'];
  /** Managers of these departments may move the client. */
  protected abstract readonly movedBy: readonly Department[];

  /** The employee who receives the client. */
  protected abstract receiverOf(input: Input): string;

  /** The move's data, completed by its cross-stream rule; or why the receiver cannot take the client. */
  protected abstract checked(input: Input, receiver: EmployeeState): Result<Move['data']>;

  async execute({ input, context }: LedgerCommand<Input>): Promise<CommandAnswer> {
    await this.access.requireManaging(context.actor, this.movedBy);
    const data = orRefuse(this.checked(input, await this.reader.employee(this.receiverOf(input))));
    // The type and data come from the same Move; TypeScript cannot follow a generic pair into the command union.
    const command = { type: this.type, occurredAt: input.occurredAt, data } as UndatedCommand<Move>;
    return this.runner.execute({ streamId: streamIds.client(input.clientId), decider: clientDecider, command, context });
  }
}
