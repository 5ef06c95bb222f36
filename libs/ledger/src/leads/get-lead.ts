import { type LeadContact, leadDecider, streamIds } from '@ledger/domain';
import type { HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { describeBounds, StreamReader } from '../application/stream-reader';

export interface LeadView {
  leadId: string;
  stage: 'open' | 'won' | 'lost';
  company: string;
  ownerId: string;
  contacts: LeadContact[];
  firstContactedAt: string;
  lastContactAt: string;
  contactCount: number;
  closedAt: string | null;
  lostReason: string | null;
  clientId: string | null;
  revision: number;
}

export class GetLeadQuery extends Query<LeadView> {
  constructor(
    readonly leadId: string,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetLeadQuery)
export class GetLeadHandler implements IQueryHandler<GetLeadQuery> {
  constructor(private readonly reader: StreamReader) {}

  async execute({ leadId, at }: GetLeadQuery): Promise<LeadView> {
    const { state, revision } = await this.reader.load(leadDecider, streamIds.lead(leadId), at);
    if (state.stage === 'none') {
      throw new LedgerError({
        code: 'LEAD_NOT_FOUND',
        message: `lead ${leadId} ${at.asOf || at.asKnownAt ? `had not been contacted ${describeBounds(at)}` : 'has not been contacted'}`,
      });
    }
    return {
      leadId,
      stage: state.stage,
      company: state.company!,
      ownerId: state.ownerId!,
      contacts: [...state.contacts],
      firstContactedAt: state.firstContactedAt!,
      lastContactAt: state.contacts.at(-1)!.occurredAt,
      contactCount: state.contacts.length,
      closedAt: state.closedAt ?? null,
      lostReason: state.lostReason ?? null,
      clientId: state.clientId ?? null,
      revision: revision!,
    };
  }
}
