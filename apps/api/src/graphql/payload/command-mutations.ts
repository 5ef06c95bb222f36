import type { CommandAnswer, CommandContext, Operation as OperationName } from '@ledger/ledger';
import { Inject, type Type } from '@nestjs/common';
import type { Command } from '@nestjs/cqrs';
import { Context, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { Arguments, type CommandOptionsInput } from '../args';
import { GraphqlCommandRunner } from '../command-runner';
import { CommandMutation } from './command-mutation';
import type { CommandPayload, CommandTarget } from './command-payload';

type LedgerCommandClass = new (input: never, context: CommandContext) => Command<CommandAnswer>;

/**
 * A mutation that runs one command: its arguments (`args`, an ArgsType), and
 * either `on`, the id argument naming the one object it changes, or `target`,
 * the objects its input names (for the payload).
 */
export interface CommandMutationSpec {
  readonly operation: OperationName;
  readonly description: string;
  readonly args: Type;
  readonly command: LedgerCommandClass;
  readonly on?: keyof CommandTarget;
  readonly target?: (input: never) => CommandTarget;
}

type MutationArgs = Readonly<Partial<Record<keyof CommandTarget, string>>> & {
  readonly input?: object;
  readonly options?: CommandOptionsInput;
};

/** The one body of every command mutation: the command on the input (with the id argument), run as GraphQL runs commands. */
function mutationHandler({ operation, command, on, target }: CommandMutationSpec) {
  return {
    [operation](this: { commands: GraphqlCommandRunner }, args: MutationArgs, request: GraphqlRequestContext): Promise<CommandPayload> {
      if (on !== undefined) return this.commands.runOn(operation, on, args as never, request, command);
      const { input, options } = args;
      return this.commands.run(
        operation,
        { input },
        request,
        options,
        (context) => new command(input as never, context),
        target?.(input as never),
      );
    },
  }[operation];
}

/** A resolver of the command mutations of a table, each a method named after its operation. */
export function commandMutations(mutations: readonly CommandMutationSpec[]): Type {
  class CommandMutations {
    constructor(readonly commands: GraphqlCommandRunner) {}
  }
  Inject(GraphqlCommandRunner)(CommandMutations, undefined as never, 0);
  const prototype = CommandMutations.prototype;
  for (const mutation of mutations) {
    const { operation, args } = mutation;
    Object.defineProperty(prototype, operation, { value: mutationHandler(mutation), writable: true, configurable: true });
    Arguments()(prototype, operation, 0);
    Context()(prototype, operation, 1);
    // What TypeScript records of a decorated method: the schema and the validation pipe read the arguments' class from it.
    Reflect.defineMetadata('design:paramtypes', [args, Object], prototype, operation);
    Reflect.defineMetadata('design:returntype', Promise, prototype, operation);
    CommandMutation(operation, mutation.description)(prototype, operation, Object.getOwnPropertyDescriptor(prototype, operation)!);
  }
  Resolver()(CommandMutations);
  return CommandMutations;
}
