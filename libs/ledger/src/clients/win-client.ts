import { clientDecider, crossStreamRules, leadDecider, streamIds, type UndatedCommand, type WinClient } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';
import { EVENT_STORE } from '../application/tokens';

export type WinClientInput = CommandInput<WinClient>;

export class WinClientCommand extends LedgerCommand<WinClientInput> {}

/**
 * A win touches two streams: the lead is marked converted and the client stream
 * starts with ClientWon, in one atomic append, each stream at the revision it was
 * decided on. So one lead is won once and one client is won once: a concurrent win
 * of the same client (or a change to the lead) refuses both, never leaving a lead
 * converted for a client it did not win. A lead converted by an earlier, interrupted
 * attempt (before the two were appended together) is healed by a retry: converting
 * it again into the same client appends nothing, and the win then goes through.
 */
@CommandHandler(WinClientCommand)
export class WinClientHandler extends LedgerCommandHandler<WinClientInput> {
  constructor(
    runner: StreamCommandRunner,
    reader: StreamReader,
    access: AccessPolicy,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super(runner, reader, access);
  }

  async execute({ input, context }: WinClientCommand): Promise<CommandAnswer> {
    const { clientId, leadId, repId, firstOrder } = input;
    const rep = await this.reader.employee(repId);
    // The lead's owner wins it (or a head of sales); checked on the lead as the conversion is decided.
    const leadOwnership = await this.access.requireWinningFor(context.actor, repId, rep);
    const { occurredAt } = input;
    const win: UndatedCommand<WinClient> = { type: 'WinClient', occurredAt, data: { clientId, leadId, repId, firstOrder } };
    const clientStream = { streamId: streamIds.client(clientId), decider: clientDecider, command: win, context, step: 'client' };

    // An existing client is either this very command retried (the runner answers its
    // first result) or a second win of the same client (the decider refuses it).
    if ((await this.store.streamRevision(clientStream.streamId)) !== undefined) return this.runner.execute(clientStream);

    orRefuse(crossStreamRules.winClient(win.data, rep));
    // The client's own refusals (a bad first order) come before the lead's.
    this.runner.check(clientDecider, win, clientDecider.initialState());
    const [, won] = await this.runner.runTogether([
      {
        streamId: streamIds.lead(leadId),
        decider: leadDecider,
        command: { type: 'ConvertLead', occurredAt, data: { leadId, clientId } },
        authorise: leadOwnership,
        context,
        step: 'lead',
        ifMatchApplies: false,
      },
      clientStream,
    ]);
    if (won === undefined) throw new Error(`${clientStream.streamId}: the win appended nothing`);
    return won;
  }
}
