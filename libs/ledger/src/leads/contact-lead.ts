import { type ContactLead, crossStreamRules, leadDecider, streamIds } from '@ledger/domain';
import { CommandHandler } from '@nestjs/cqrs';

import type { CommandAnswer } from '../application/command-context';
import { type CommandInput, LedgerCommand, LedgerCommandHandler } from '../application/ledger-command';
import { orRefuse } from '../application/or-refuse';

export type ContactLeadInput = CommandInput<ContactLead, 'company' | 'note'>;

export class ContactLeadCommand extends LedgerCommand<ContactLeadInput> {}

@CommandHandler(ContactLeadCommand)
export class ContactLeadHandler extends LedgerCommandHandler<ContactLeadInput> {
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
