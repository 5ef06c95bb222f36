import type { Department } from '@ledger/domain';

import { daysBetween } from '../../../shared/calendar';
import type { EventHandlers } from '../../../shared/event-handlers';
import { viewOf } from '../../../shared/read-model';

/** One lead as the pipeline sees it: open from its first contact until won or lost. */
export interface PipelineLead {
  readonly leadId: string;
  /** The rep of the first contact owns the lead; wins and losses count for that rep. */
  readonly ownerId: string;
  /** The owner's department when the lead was first contacted (null if the owner was unknown). */
  readonly department: Department | null;
  readonly company: string;
  readonly firstContactedAt: string;
  contacts: number;
  outcome?: 'won' | 'lost';
  closedAt?: string;
  /** Days from first contact to win, for a won lead. */
  daysToWin?: number;
  lostReason?: string;
  clientId?: string;
}

export interface PipelineEmployee {
  readonly department: Department;
}

export const pipelineDocuments = viewOf((model) => ({
  leads: model.collection<PipelineLead>('lead'),
  employees: model.collection<PipelineEmployee>('employee'),
}));

export const PIPELINE_DOCUMENT_HANDLERS: EventHandlers<ReturnType<typeof pipelineDocuments>> = {
  EmployeeJoined: ({ employees }, event) => {
    employees.put(event.data.employeeId, { department: event.data.department });
  },
  LeadContacted: ({ leads, employees }, event) => {
    const lead = leads.get(event.data.leadId);
    if (lead) {
      lead.contacts += 1;
      leads.put(lead.leadId, lead);
      return;
    }
    leads.put(event.data.leadId, {
      leadId: event.data.leadId,
      ownerId: event.data.repId,
      department: employees.get(event.data.repId)?.department ?? null,
      company: event.data.company,
      firstContactedAt: event.occurredAt,
      contacts: 1,
    });
  },
  LeadLost: ({ leads }, event) => {
    const lead = leads.get(event.data.leadId);
    if (!lead) return;
    Object.assign(lead, { outcome: 'lost', closedAt: event.occurredAt, lostReason: event.data.reason });
    leads.put(lead.leadId, lead);
  },
  ClientWon: ({ leads }, event) => {
    // The lead is won by its client's ClientWon (LeadConverted only guards against a second win).
    const lead = leads.get(event.data.leadId);
    if (!lead) return;
    Object.assign(lead, {
      outcome: 'won',
      closedAt: event.occurredAt,
      clientId: event.data.clientId,
      daysToWin: daysBetween(lead.firstContactedAt, event.occurredAt),
    });
    leads.put(lead.leadId, lead);
  },
};
