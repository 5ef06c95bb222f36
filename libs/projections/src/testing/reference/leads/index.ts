import type { LeadSummary } from '../../../leads/leads.projection';
import { LEADS_PAGING, type LeadsAnswer, type LeadsQuery } from '../../../leads/leads.query';
import { inPeriod } from '../../../shared/calendar';
import { documentProjectionOf, type EventHandlers } from '../../../shared/event-handlers';
import type { ReadModel } from '../../../shared/read-model';
import { containsText, listingPageOf } from '../sorted-page';

const leadsOf = (model: ReadModel) => model.collection<LeadSummary>('lead');

/** Each lead as its stream folds: the first contact sets the owner, the latest the company, a closing the stage. */
const LEADS_HANDLERS: EventHandlers<ReturnType<typeof leadsOf>> = {
  LeadContacted: (leads, event) => {
    const { leadId, repId, company } = event.data;
    const lead = leads.get(leadId);
    leads.put(leadId, {
      leadId,
      company,
      ownerId: lead?.ownerId ?? repId,
      stage: 'open',
      firstContactedAt: lead?.firstContactedAt ?? event.occurredAt,
      lastContactAt: event.occurredAt,
      contactCount: (lead?.contactCount ?? 0) + 1,
      closedAt: lead?.closedAt ?? null,
      clientId: lead?.clientId ?? null,
      lostReason: lead?.lostReason ?? null,
      revision: (lead?.revision ?? -1) + 1,
    });
  },
  LeadConverted: (leads, event) => close(leads, event.data.leadId, event.occurredAt, { stage: 'won', clientId: event.data.clientId }),
  LeadLost: (leads, event) => close(leads, event.data.leadId, event.occurredAt, { stage: 'lost', lostReason: event.data.reason }),
};

/** A closing changes a lead only once contacted, as the list ignores a lead nobody contacted. */
function close(
  leads: ReturnType<typeof leadsOf>,
  leadId: string,
  closedAt: string,
  outcome: Pick<LeadSummary, 'stage'> & Partial<Pick<LeadSummary, 'clientId' | 'lostReason'>>,
): void {
  const lead = leads.get(leadId);
  if (lead) leads.put(lead.leadId, { ...lead, ...outcome, closedAt, revision: lead.revision + 1 });
}

/** Every match, sorted, read on after the lead the cursor names. */
function query({ model }: { model: ReadModel }, query: LeadsQuery): LeadsAnswer {
  const matches = [...leadsOf(model).values()].filter(
    (lead) =>
      (query.ownerId === undefined || lead.ownerId === query.ownerId) &&
      (query.stage === undefined || lead.stage === query.stage) &&
      (query.firstContacted === undefined || inPeriod(lead.firstContactedAt, query.firstContacted)) &&
      (!query.search || containsText(lead.company, query.search)),
  );
  const { items, nextCursor, total } = listingPageOf(LEADS_PAGING, query, matches);
  return { leads: items, nextCursor, total };
}

export const leadsProjection = documentProjectionOf({
  name: 'leads',
  version: 1,
  handlers: LEADS_HANDLERS,
  view: leadsOf,
  query,
});
