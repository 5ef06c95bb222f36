import type { DomainCommand, DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { failure } from '../shared/failure';
import type { ContactChannel } from '../shared/organisation';
import { ok, refuse, type Result } from '../shared/result';
import { streamDecider, type StreamTime } from '../shared/stream-decider';

export type LeadContacted = DomainEvent<
  'LeadContacted',
  { leadId: string; repId: string; company: string; channel: ContactChannel; outcome: string; note: string | null }
>;
export type LeadLost = DomainEvent<'LeadLost', { leadId: string; reason: string }>;
/** The lead became a client; written before the client's ClientWon so one lead is won once. */
export type LeadConverted = DomainEvent<'LeadConverted', { leadId: string; clientId: string }>;
export type LeadEvent = LeadContacted | LeadLost | LeadConverted;

export type ContactLead = DomainCommand<
  'ContactLead',
  { leadId: string; repId: string; company: string | null; channel: ContactChannel; outcome: string; note: string | null }
>;
export type LoseLead = DomainCommand<'LoseLead', LeadLost['data']>;
export type ConvertLead = DomainCommand<'ConvertLead', LeadConverted['data']>;
export type LeadCommand = ContactLead | LoseLead | ConvertLead;

export type LeadStage = 'none' | 'open' | 'won' | 'lost';

export interface LeadContact {
  readonly repId: string;
  readonly channel: ContactChannel;
  readonly outcome: string;
  readonly note: string | null;
  readonly occurredAt: string;
}

export interface LeadState extends StreamTime {
  readonly stage: LeadStage;
  readonly leadId?: string;
  readonly company?: string;
  /** The rep who made the first contact owns the lead. */
  readonly ownerId?: string;
  readonly contacts: readonly LeadContact[];
  readonly firstContactedAt?: string;
  readonly closedAt?: string;
  readonly lostReason?: string;
  readonly clientId?: string;
}

export const leadDecider = streamDecider<LeadCommand, LeadEvent, LeadState>({
  initialState: () => ({ stage: 'none', contacts: [] }),

  decide(command: LeadCommand, state: LeadState, occurredAt: string): Result<LeadEvent[]> {
    switch (command.type) {
      case 'ContactLead': {
        const { company, ...contact } = command.data;
        if (state.stage === 'won' || state.stage === 'lost') return refuse(leadClosed(state));
        const knownCompany = company ?? state.company;
        if (!knownCompany) {
          return refuse(failure('LEAD_COMPANY_REQUIRED', 'the first contact of a lead names its company', 'company'));
        }
        return ok([{ type: 'LeadContacted', occurredAt, data: { ...contact, company: knownCompany } }]);
      }
      case 'LoseLead':
        if (state.stage === 'none') return refuse(failure('LEAD_NOT_FOUND', `lead ${command.data.leadId} has not been contacted`));
        if (state.stage !== 'open') return refuse(leadClosed(state));
        return ok([{ type: 'LeadLost', occurredAt, data: { ...command.data } }]);
      case 'ConvertLead':
        if (state.stage === 'none') {
          return refuse(failure('LEAD_NOT_CONTACTED', `lead ${command.data.leadId} has never been contacted`, 'leadId'));
        }
        // Converting again into the same client is a retry of the same win, not a second win.
        if (state.stage === 'won' && state.clientId === command.data.clientId) return ok([]);
        if (state.stage !== 'open') return refuse(leadClosed(state, 'leadId'));
        return ok([{ type: 'LeadConverted', occurredAt, data: { ...command.data } }]);
      default:
        return assertNever(command);
    }
  },

  evolve(state: LeadState, event: LeadEvent): LeadState {
    switch (event.type) {
      case 'LeadContacted': {
        const { leadId, repId, company, channel, outcome, note } = event.data;
        return {
          ...state,
          stage: 'open',
          leadId,
          company,
          ownerId: state.ownerId ?? repId,
          firstContactedAt: state.firstContactedAt ?? event.occurredAt,
          contacts: [...state.contacts, { repId, channel, outcome, note, occurredAt: event.occurredAt }],
        };
      }
      case 'LeadLost':
        return { ...state, stage: 'lost', lostReason: event.data.reason, closedAt: event.occurredAt };
      case 'LeadConverted':
        return { ...state, stage: 'won', clientId: event.data.clientId, closedAt: event.occurredAt };
      default:
        return assertNever(event);
    }
  },
});

const leadClosed = (state: LeadState, field?: string) =>
  failure(
    'LEAD_CLOSED',
    state.stage === 'won'
      ? `lead ${state.leadId} was already won as client ${state.clientId}`
      : `lead ${state.leadId} was lost (${state.lostReason})`,
    field,
  );
