import { fold } from '../shared/decider';
import { eventOf } from '../testing/events';
import { commandOf, itFoldsTheStates, SPEC_AT as at, specFor } from '../testing/given-when-then';
import {
  type ContactLead,
  type ConvertLead,
  type LeadCommand,
  type LeadContacted,
  leadDecider,
  type LeadEvent,
  type LoseLead,
} from './lead';

const given = specFor(leadDecider);

const annaCalled = eventOf('LeadContacted', '2024-03-01T09:00:00.000Z', {
  leadId: 'acme',
  repId: 'rep-anna',
  company: 'ACME GmbH',
  channel: 'call',
  outcome: 'interested',
  note: 'wants a quote',
});
const boEmailed = eventOf('LeadContacted', '2024-03-02T09:00:00.000Z', {
  leadId: 'acme',
  repId: 'rep-bo',
  company: 'ACME GmbH',
  channel: 'email',
  outcome: 'quote sent',
  note: null,
});
const converted = eventOf('LeadConverted', '2024-03-05T10:00:00.000Z', { leadId: 'acme', clientId: 'client-acme' });
const lost = eventOf('LeadLost', '2024-03-10T09:00:00.000Z', { leadId: 'acme', reason: 'no budget' });

const contact = (company: string | null, occurredAt = at, repId = 'rep-bo') =>
  commandOf<ContactLead>('ContactLead', occurredAt, { leadId: 'acme', repId, company, channel: 'email', outcome: 'follow-up', note: null });
const contacted = (company: string, occurredAt = at, repId = 'rep-bo'): LeadContacted =>
  eventOf('LeadContacted', occurredAt, { leadId: 'acme', repId, company, channel: 'email', outcome: 'follow-up', note: null });
const lose = (occurredAt = at) => commandOf<LoseLead>('LoseLead', occurredAt, { leadId: 'acme', reason: 'no budget' });
const convert = (clientId = 'client-acme', occurredAt = at) =>
  commandOf<ConvertLead>('ConvertLead', occurredAt, { leadId: 'acme', clientId });

describe('lead', () => {
  describe('contacting a lead', () => {
    it('the first contact opens the lead and names its company', () => {
      given([])
        .when({ type: 'ContactLead', occurredAt: annaCalled.occurredAt, data: { ...annaCalled.data } })
        .then([annaCalled]);
    });

    it('the first contact must name the company', () => {
      given([]).when(contact(null)).thenFails('LEAD_COMPANY_REQUIRED', 'company');
      given([]).when(contact('')).thenFails('LEAD_COMPANY_REQUIRED', 'company');
    });

    it('a later contact may omit the company, and the known company is kept', () => {
      given([annaCalled])
        .when(contact(null))
        .then([contacted('ACME GmbH')]);
      expect(fold(leadDecider, [annaCalled, contacted('ACME GmbH')]).company).toBe('ACME GmbH');
    });

    it('a later contact may name the company again', () => {
      given([annaCalled])
        .when(contact('ACME GmbH'))
        .then([contacted('ACME GmbH')]);
    });

    it('the rep who made the first contact owns the lead, whoever contacts it later', () => {
      const state = fold(leadDecider, [annaCalled, boEmailed]);
      expect(state.ownerId).toBe('rep-anna');
      expect(state.firstContactedAt).toBe(annaCalled.occurredAt);
    });
  });

  describe('losing a lead', () => {
    it('an open lead is lost for a reason', () => {
      given([annaCalled]).when(lose(lost.occurredAt)).then([lost]);
    });

    it('a lead never contacted cannot be lost: LEAD_NOT_FOUND', () => {
      given([]).when(lose()).thenFails('LEAD_NOT_FOUND');
    });
  });

  describe('converting a lead into a client', () => {
    it('an open lead is won as a client', () => {
      given([annaCalled, boEmailed]).when(convert('client-acme', converted.occurredAt)).then([converted]);
    });

    it('a lead never contacted cannot be converted: LEAD_NOT_CONTACTED', () => {
      given([]).when(convert()).thenFails('LEAD_NOT_CONTACTED', 'leadId');
    });

    it('converting again into the same client is a retry of the same win and appends nothing', () => {
      given([annaCalled, converted]).when(convert('client-acme', converted.occurredAt)).then([]);
      given([annaCalled, converted]).when(convert('client-acme')).then([]);
    });
  });

  // A lead won or lost is closed: it takes no further command (but a retry of its win, above).
  it.each<[string, LeadEvent, LeadCommand, string | undefined]>([
    ['a won lead takes no more contacts', converted, contact(null), undefined],
    ['a lost lead takes no more contacts', lost, contact('ACME GmbH'), undefined],
    ['a lead is lost once', lost, lose(), undefined],
    ['a won lead is not lost', converted, lose(), undefined],
    ['a won lead is not converted into another client', converted, convert('client-globex'), 'leadId'],
    ['a lost lead is not converted', lost, convert('client-acme'), 'leadId'],
  ])('%s: LEAD_CLOSED', (_story, closed, command, field) => {
    given([annaCalled, closed]).when(command).thenFails('LEAD_CLOSED', field);
  });

  describe('business time on the lead stream', () => {
    it('may equal the time of the latest event', () => {
      given([annaCalled])
        .when(contact(null, annaCalled.occurredAt))
        .then([contacted('ACME GmbH', annaCalled.occurredAt)]);
    });

    it('is normalised to ISO UTC', () => {
      given([annaCalled])
        .when(contact(null, '2024-06-01T13:00:00+02:00'))
        .then([contacted('ACME GmbH', at)]);
    });

    it('never runs backwards: not for a contact, a loss or a conversion', () => {
      given([annaCalled]).when(contact(null, '2024-02-28T00:00:00.000Z')).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
      given([annaCalled]).when(lose('2024-02-28T00:00:00.000Z')).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
      given([annaCalled]).when(convert('client-acme', '2024-02-28T00:00:00.000Z')).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
    });

    it('does not lie beyond the allowed clock skew', () => {
      given([]).when(contact('ACME GmbH', '2024-06-01T12:05:00.001Z')).thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
      given([annaCalled]).when(convert('client-acme', '2024-06-02T00:00:00.000Z')).thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
    });
  });

  describe('the state a reader folds', () => {
    itFoldsTheStates(leadDecider, [
      { story: 'a lead nobody contacted is in no stage', given: [], is: { stage: 'none', contacts: [] } },
      {
        story: 'a contacted lead is open, with every contact in order',
        given: [annaCalled, boEmailed],
        is: {
          stage: 'open',
          leadId: 'acme',
          company: 'ACME GmbH',
          ownerId: 'rep-anna',
          firstContactedAt: annaCalled.occurredAt,
          contacts: [
            { repId: 'rep-anna', channel: 'call', outcome: 'interested', note: 'wants a quote', occurredAt: annaCalled.occurredAt },
            { repId: 'rep-bo', channel: 'email', outcome: 'quote sent', note: null, occurredAt: boEmailed.occurredAt },
          ],
          latestOccurredAt: boEmailed.occurredAt,
        },
      },
      {
        story: 'a converted lead is won as its client, closed at the conversion',
        given: [annaCalled, converted],
        has: {
          stage: 'won',
          clientId: 'client-acme',
          ownerId: 'rep-anna',
          closedAt: converted.occurredAt,
          latestOccurredAt: converted.occurredAt,
        },
      },
      {
        story: 'a lost lead keeps its reason, closed at the loss',
        given: [annaCalled, lost],
        has: { stage: 'lost', lostReason: 'no budget', closedAt: lost.occurredAt, latestOccurredAt: lost.occurredAt },
      },
    ]);
  });
});
