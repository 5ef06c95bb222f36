import { type LeadContact, leadDecider, streamIds } from '@ledger/domain';
import { QueryHandler } from '@nestjs/cqrs';

import { type StreamBounds, StreamQuery, type StreamReader, StreamViewHandler } from '../application/stream-reader';

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

/** A lead as its stream tells it within the bounds; undefined before it was first contacted. */
export async function leadOf(reader: StreamReader, leadId: string, at: StreamBounds): Promise<LeadView | undefined> {
  const { state, revision } = await reader.load(leadDecider, streamIds.lead(leadId), at);
  if (state.stage === 'none') return undefined;
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

/** A lead as its stream tells it; `id` is the lead's id. */
export class GetLeadQuery extends StreamQuery<LeadView> {}

@QueryHandler(GetLeadQuery)
export class GetLeadHandler extends StreamViewHandler<LeadView> {
  protected readonly read = { notFound: 'LEAD_NOT_FOUND', noun: 'lead', started: 'contacted', view: leadOf } as const;
}
