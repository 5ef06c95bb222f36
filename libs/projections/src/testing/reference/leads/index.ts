import type { LeadSummary } from '../../../leads/leads.projection';
import {
  decodeLeadsCursor,
  DEFAULT_LEADS_ORDER,
  DEFAULT_LEADS_PAGE,
  encodeLeadsCursor,
  type LeadsAnswer,
  leadSortValue,
  type LeadsQuery,
  MAX_LEADS_PAGE,
} from '../../../leads/leads.query';
import { inPeriod } from '../../../shared/calendar';
import { applyWithView, type EventHandlers, handledEventTypes } from '../../../shared/event-handlers';
import { pageSize } from '../../../shared/listing';
import type { DocumentProjection } from '../../../shared/projection';
import type { ReadModel } from '../../../shared/read-model';
import { containsText, sortedPage } from '../sorted-page';

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
  LeadConverted: (leads, event) => {
    const lead = leads.get(event.data.leadId);
    if (lead)
      leads.put(lead.leadId, {
        ...lead,
        stage: 'won',
        closedAt: event.occurredAt,
        clientId: event.data.clientId,
        revision: lead.revision + 1,
      });
  },
  LeadLost: (leads, event) => {
    const lead = leads.get(event.data.leadId);
    if (lead)
      leads.put(lead.leadId, {
        ...lead,
        stage: 'lost',
        closedAt: event.occurredAt,
        lostReason: event.data.reason,
        revision: lead.revision + 1,
      });
  },
};

const apply = applyWithView(LEADS_HANDLERS, leadsOf);

/** Every match, sorted, read on after the lead the cursor names. */
function query({ model }: { model: ReadModel }, query: LeadsQuery): LeadsAnswer {
  const { key, direction } = query.orderBy ?? DEFAULT_LEADS_ORDER;
  const matches = [...leadsOf(model).values()].filter(
    (lead) =>
      (query.ownerId === undefined || lead.ownerId === query.ownerId) &&
      (query.stage === undefined || lead.stage === query.stage) &&
      (query.firstContacted === undefined || inPeriod(lead.firstContactedAt, query.firstContacted)) &&
      (!query.search || containsText(lead.company, query.search)),
  );
  const { page, more, total } = sortedPage(matches, (lead) => [leadSortValue(lead, key), lead.leadId], {
    direction,
    after: query.after === undefined ? undefined : decodeLeadsCursor(query, query.after),
    limit: pageSize(query.limit, { defaultSize: DEFAULT_LEADS_PAGE, maximum: MAX_LEADS_PAGE }),
  });
  const leads = page.map((lead) => ({ ...lead }));
  return { leads, nextCursor: more ? encodeLeadsCursor(query, leads.at(-1)!) : null, total };
}

export const leadsProjection: DocumentProjection<LeadsQuery, LeadsAnswer> = {
  name: 'leads',
  version: 1,
  eventTypes: handledEventTypes(LEADS_HANDLERS),
  apply,
  query,
};
