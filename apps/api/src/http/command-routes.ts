import type { CommandAnswer, CommandContext } from '@ledger/ledger';
import { Body, Injectable, Param, type Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';

import type { LedgerCommandSpec } from '../requests/command-catalogue';
import { CommandCtx } from './command-context.decorator';
import { CommandRoute } from './operation-routes';
import { ParseIdPipe } from './parse-id.pipe';

/** What a controller's reads hold for its command routes. */
interface WithCommandBus {
  readonly commands: CommandBus;
}

/** The base of a controller that only runs commands. */
@Injectable()
export class CommandsOnly implements WithCommandBus {
  constructor(readonly commands: CommandBus) {}
}

/** The one handler of every command route: the body (with the path's id), run on the bus with the caller's context. */
function commandHandler({ operation, command, on }: LedgerCommandSpec) {
  return {
    [operation](this: WithCommandBus, ...args: unknown[]): Promise<CommandAnswer> {
      const [id, body, context] = on === undefined ? [undefined, ...args] : args;
      const input = on === undefined ? body : { ...(body as object), [on.id]: id };
      return this.commands.execute(new command(input as never, context as CommandContext));
    },
  }[operation];
}

/**
 * A controller's base: its command routes, declared as a table, each a
 * method named after its operation, then the routes of `reads` (so they are
 * routed and documented in that order).
 */
export function withCommandRoutes<Reads extends Type<WithCommandBus>>(reads: Reads, commands: readonly LedgerCommandSpec[]): Reads {
  const CommandRoutes = class extends reads {};
  const prototype = CommandRoutes.prototype as object;
  for (const spec of commands) {
    const { operation, body, on } = spec;
    Object.defineProperty(prototype, operation, { value: commandHandler(spec), writable: true, configurable: true });
    const parameters = on === undefined ? [Body(), CommandCtx()] : [Param(on.id, ParseIdPipe), Body(), CommandCtx()];
    parameters.forEach((parameter, index) => parameter(prototype, operation, index));
    // What TypeScript records of a decorated method: swagger and the validation pipe read the body's class from it.
    Reflect.defineMetadata('design:paramtypes', on === undefined ? [body, Object] : [String, body, Object], prototype, operation);
    Reflect.defineMetadata('design:returntype', Promise, prototype, operation);
    CommandRoute(operation, on && `:${on.id}/${on.below}`)(prototype, operation, Object.getOwnPropertyDescriptor(prototype, operation)!);
  }
  return CommandRoutes;
}
