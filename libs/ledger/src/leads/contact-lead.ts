import { type ContactChannel, crossStreamRules, leadDecider, streamIds } from '@ledger/domain';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { AccessPolicy } from '../access/access-policy';
import type { CommandAnswer, CommandContext } from '../application/command-context';
import { orRefuse } from '../application/or-refuse';
import { StreamCommandRunner } from '../application/stream-command-runner';
import { StreamReader } from '../application/stream-reader';

export interface ContactLeadInput {
  leadId: string;
  repId: string;
  company?: string | null;
  channel: ContactChannel;
  outcome: string;
  note?: string | null;
  occurredAt?: string;
}

export class ContactLeadCommand extends Command<CommandAnswer> {
  constructor(
    readonly input: ContactLeadInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ContactLeadCommand)
export class ContactLeadHandler implements ICommandHandler<ContactLeadCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly reader: StreamReader,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ input, context }: ContactLeadCommand): Promise<CommandAnswer> {
    const rep = await this.reader.employee(input.repId);
    await this.access.requireActingFor(context.actor, input.repId, 'repId', rep);
    const { leadId, repId, channel, outcome } = input;
    const data = orRefuse(
      crossStreamRules.contactLead({ leadId, repId, company: input.company ?? null, channel, outcome, note: input.note ?? null }, rep),
    );
    return this.runner.execute({
      streamId: streamIds.lead(leadId),
      decider: leadDecider,
      command: { type: 'ContactLead', occurredAt: input.occurredAt, data },
      context,
    });
  }
}
