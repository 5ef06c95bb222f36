import { createHash } from 'node:crypto';

import { canonicalJson } from '@ledger/event-store';
import { type CommandAnswer, type CommandContext, IdempotencyService } from '@ledger/ledger';
import { Injectable } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';

import type { GraphqlRequestContext } from '../auth/access.guard';
import { commandContextOf } from '../requests/command-options';
import { RequestValidationError } from '../requests/validation';
import type { CommandOptionsInput } from './args';
import { CommandPayload, type CommandTarget } from './payload/command-payload';

/** A mutation's arguments on one object: its id, its input (perhaps optional) and the options. */
type OnArgs<K extends string, I> = Readonly<Record<K, string>> & { readonly input?: I; readonly options?: CommandOptionsInput };

/** The option each REST header stands for, so a refused option is named as the GraphQL client sent it. */
const OPTION_OF_HEADER: Record<string, keyof CommandOptionsInput> = {
  'Idempotency-Key': 'idempotencyKey',
  'X-Correlation-Id': 'correlationId',
  'If-Match': 'expectedRevision',
};

/**
 * What a mutation does besides naming its command: the command context from
 * the caller and the options (as REST takes it from headers), and the
 * idempotency key honoured as over REST: the same key and input answer the
 * first answer and append nothing; the same key with other input is
 * IDEMPOTENCY_KEY_REUSED. Keys live in the ledger's own store, so this holds
 * across restarts; REST and GraphQL requests never match each other.
 */
@Injectable()
export class GraphqlCommandRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * `input` is what identifies the request: the mutation's arguments but its
   * options. `command` builds the bus command once the context is known;
   * `target` names the objects it writes, which the payload shows.
   */
  async run(
    mutation: string,
    input: object,
    request: GraphqlRequestContext,
    options: CommandOptionsInput | undefined,
    command: (context: CommandContext) => Command<CommandAnswer>,
    target: CommandTarget = {},
  ): Promise<CommandPayload> {
    return CommandPayload.accepted(await this.answer(mutation, input, request, options, command), target);
  }

  /**
   * A mutation on the one object its id argument names (`clientId`, `leadId`,
   * `employeeId`): the command takes the input with that id, and the payload
   * shows that object.
   */
  runOn<K extends keyof CommandTarget, I extends object>(
    mutation: string,
    idName: K,
    args: OnArgs<K, I>,
    request: GraphqlRequestContext,
    command: new (input: I & Record<K, string>, context: CommandContext) => Command<CommandAnswer>,
  ): Promise<CommandPayload> {
    const { input, options } = args;
    const id: string = args[idName];
    const target = { [idName]: id } as Record<K, string>;
    return this.run(
      mutation,
      { ...target, input },
      request,
      options,
      (context) => new command({ ...input, ...target } as I & Record<K, string>, context),
      target,
    );
  }

  private async answer(
    mutation: string,
    input: object,
    request: GraphqlRequestContext,
    options: CommandOptionsInput | undefined,
    command: (context: CommandContext) => Command<CommandAnswer>,
  ): Promise<CommandAnswer> {
    const context = commandContextFor(request, options);
    if (context.idempotencyKey === undefined) return this.commands.execute(command(context));
    const fingerprint = createHash('sha256')
      .update(`graphql ${mutation}\n${canonicalJson(input)}`)
      .digest('hex');
    const { body } = await this.idempotency.execute(context.idempotencyKey, fingerprint, async () => ({
      // The stored status is REST's concern; a GraphQL answer is the body alone.
      status: 200,
      body: await this.commands.execute(command(context)),
    }));
    return body as CommandAnswer;
  }
}

function commandContextFor(request: GraphqlRequestContext, options: CommandOptionsInput | undefined): CommandContext {
  try {
    return commandContextOf(request.principal, {
      correlationId: options?.correlationId ?? request.correlationId,
      idempotencyKey: options?.idempotencyKey,
      ifMatch: options?.expectedRevision === undefined ? undefined : String(options.expectedRevision),
    });
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    throw new RequestValidationError(
      error.errors.map((fieldError) => {
        const { field, message } = fieldError;
        const option = OPTION_OF_HEADER[field];
        if (option === undefined || options?.[option] === undefined) return fieldError;
        return { ...fieldError, field: `options.${option}`, path: `options.${option}`, message: message.replace(field, option) };
      }),
    );
  }
}
