import { Inject, type Type } from '@nestjs/common';
import { Context, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import type { CommandTarget, LedgerCommandSpec } from '../../requests/command-catalogue';
import { Arguments, commandArgsOf, type CommandOptionsInput } from '../args';
import { GraphqlCommandRunner } from '../command-runner';
import { CommandMutation } from './command-mutation';
import type { CommandPayload } from './command-payload';

type MutationArgs = Readonly<Partial<Record<keyof CommandTarget, string>>> & {
  readonly input?: object;
  readonly options?: CommandOptionsInput;
};

/** The one body of every command mutation: the command on its input (with the id argument), run as GraphQL runs commands. */
function mutationHandler({ operation, command, on, target }: LedgerCommandSpec) {
  return {
    [operation](this: { commands: GraphqlCommandRunner }, args: MutationArgs, request: GraphqlRequestContext): Promise<CommandPayload> {
      if (on !== undefined) return this.commands.runOn(operation, on.id, args as never, request, command);
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

/** A resolver of the mutations of these commands, each a method named after its operation. */
export function commandMutations(commands: readonly LedgerCommandSpec[]): Type {
  class CommandMutations {
    constructor(readonly commands: GraphqlCommandRunner) {}
  }
  Inject(GraphqlCommandRunner)(CommandMutations, undefined as never, 0);
  const prototype = CommandMutations.prototype;
  for (const spec of commands) {
    const { operation } = spec;
    Object.defineProperty(prototype, operation, { value: mutationHandler(spec), writable: true, configurable: true });
    Arguments()(prototype, operation, 0);
    Context()(prototype, operation, 1);
    // What TypeScript records of a decorated method: the schema and the validation pipe read the arguments' class from it.
    Reflect.defineMetadata('design:paramtypes', [commandArgsOf(spec), Object], prototype, operation);
    Reflect.defineMetadata('design:returntype', Promise, prototype, operation);
    CommandMutation(operation, spec.description)(prototype, operation, Object.getOwnPropertyDescriptor(prototype, operation)!);
  }
  Resolver()(CommandMutations);
  return CommandMutations;
}
