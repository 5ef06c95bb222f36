import type { DomainCommand, UndatedCommand } from '@ledger/domain';
import { Injectable } from '@nestjs/common';
import { Command, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from './command-context';
import { StreamCommandRunner } from './stream-command-runner';
import { StreamReader } from './stream-reader';

/**
 * What a transport gives for a domain command: its data (the fields named optional may be left out, meaning
 * null) and, optionally, its business time (left out, the moment it is decided).
 */
export type CommandInput<Command extends DomainCommand, Optional extends keyof Command['data'] = never> = Omit<Command['data'], Optional> &
  Partial<Pick<Command['data'], Optional>> & { occurredAt?: string };

/** The command whose data is the transport's input as given (no field optional): all of it but its business time. */
export function commandAsGiven<Command extends DomainCommand>(
  type: Command['type'],
  { occurredAt, ...data }: CommandInput<Command>,
): UndatedCommand<Command> {
  return { type, occurredAt, data } as UndatedCommand<Command>;
}

/**
 * A command as a transport sends it: its body, and what the transport knows besides. Each command has a
 * subclass of its own, because the command bus finds a command's handler by its class.
 */
export abstract class LedgerCommand<Input> extends Command<CommandAnswer> {
  constructor(
    readonly input: Input,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Handles a ledger command: asks the access policy who may, reads the streams its cross-stream rules ask
 * about, and has the runner decide and append (the command bus calls `execute`).
 */
@Injectable()
export abstract class LedgerCommandHandler<Input> implements ICommandHandler<LedgerCommand<Input>> {
  constructor(
    protected readonly runner: StreamCommandRunner,
    protected readonly reader: StreamReader,
    protected readonly access: AccessPolicy,
  ) {}

  abstract execute(command: LedgerCommand<Input>): Promise<CommandAnswer>;
}
