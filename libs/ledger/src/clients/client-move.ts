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
 * What makes a client move its own: its command, who may ask it, who receives the client, and the cross-stream rule
 * that checks the receiver and completes the move. The move's handler and an import row both take them from here.
 */
export interface ClientMove<Input extends ClientMoveInput, Move extends HandOffClient | EscalateKeyAccount> {
  readonly type: Move['type'];
  /** Managers of these departments may move the client. */
  readonly movedBy: readonly Department[];
  /** The employee who receives the client. */
  readonly receiverOf: (input: Input) => string;
  /** The move's data, completed by its cross-stream rule; or why the receiver cannot take the client. */
  readonly checked: (input: Input, receiver: EmployeeState) => Result<Move['data']>;
}

/**
 * Moves a client to a new owner: a manager of one of `movedBy` (or a policy) may, and the move's cross-stream
 * rule checks the receiver, as their own stream tells it, and completes the move. Each move says its own rule.
 */
export abstract class ClientMoveHandler<
  Input extends ClientMoveInput,
  Move extends HandOffClient | EscalateKeyAccount,
> extends LedgerCommandHandler<Input> {
  protected abstract readonly move: ClientMove<Input, Move>;

  async execute({ input, context }: LedgerCommand<Input>): Promise<CommandAnswer> {
    const { type, movedBy, receiverOf, checked } = this.move;
    await this.access.requireManaging(context.actor, movedBy);
    const data = orRefuse(checked(input, await this.reader.employee(receiverOf(input))));
    // The type and data come from the same Move; TypeScript cannot follow a generic pair into the command union.
    const command = { type, occurredAt: input.occurredAt, data } as UndatedCommand<Move>;
    return this.runner.execute({ streamId: streamIds.client(input.clientId), decider: clientDecider, command, context });
  }
}
