import { fold } from '../shared/decider';
import { specFor } from '../testing/given-when-then';
import { leadDecider, type LeadContacted, type LeadEvent } from './lead';

const spec = specFor(leadDecider);
const at = '2024-06-01T11:00:00.000Z';

const firstContact: LeadContacted = {
  type: 'LeadContacted',
  occurredAt: '2024-03-01T09:00:00.000Z',
  data: { leadId: 'acme', repId: 'rep-anna', company: 'ACME GmbH', channel: 'call', outcome: 'interested', note: 'wants a quote' },
};
const lost: LeadEvent = { type: 'LeadLost', occurredAt: '2024-03-10T09:00:00.000Z', data: { leadId: 'acme', reason: 'no budget' } };
const converted: LeadEvent = { type: 'LeadConverted', occurredAt: '2024-03-05T10:00:00.000Z', data: { leadId: 'acme', clientId: 'acme' } };

const contact = (overrides: Partial<{ repId: string; company: string | null; occurredAt: string }> = {}) =>
  ({
    type: 'ContactLead',
    occurredAt: overrides.occurredAt ?? at,
    data: { leadId: 'acme', repId: overrides.repId ?? 'rep-bo', company: overrides.company === undefined ? null : overrides.company, channel: 'email', outcome: 'follow-up', note: null },
  }) as const;

describe('lead', () => {
  describe('contacts', () => {
    it('the first contact opens the lead and names its company', () => {
      spec([])
        .when({ type: 'ContactLead', occurredAt: firstContact.occurredAt, data: { ...firstContact.data } })
        .then([firstContact]);
    });

    it('the first contact must name the company', () => {
      spec([]).when(contact()).thenFails('LEAD_COMPANY_REQUIRED', 'company');
    });

    it('later contacts may omit the company and keep the known one', () => {
      spec([firstContact])
        .when(contact())
        .then([{ type: 'LeadContacted', occurredAt: at, data: { leadId: 'acme', repId: 'rep-bo', company: 'ACME GmbH', channel: 'email', outcome: 'follow-up', note: null } }]);
    });

    it('a won or lost lead takes no more contacts', () => {
      spec([firstContact, converted]).when(contact()).thenFails('LEAD_CLOSED');
      spec([firstContact, lost]).when(contact()).thenFails('LEAD_CLOSED');
    });

    it('the rep of the first contact owns the lead', () => {
      const state = fold(leadDecider, [firstContact, { ...firstContact, occurredAt: at, data: { ...firstContact.data, repId: 'rep-bo' } }]);
      expect(state).toMatchObject({ stage: 'open', ownerId: 'rep-anna', company: 'ACME GmbH', firstContactedAt: firstContact.occurredAt });
      expect(state.contacts.map((c) => c.repId)).toEqual(['rep-anna', 'rep-bo']);
    });

    it('business time never runs backwards, nor lies far ahead', () => {
      spec([firstContact]).when(contact({ occurredAt: '2024-02-28T00:00:00.000Z' })).thenFails('OCCURRED_AT_BACKWARDS');
      spec([firstContact]).when(contact({ occurredAt: '2024-06-02T00:00:00.000Z' })).thenFails('OCCURRED_AT_IN_FUTURE');
    });
  });

  describe('losing a lead', () => {
    const lose = { type: 'LoseLead', occurredAt: lost.occurredAt, data: { leadId: 'acme', reason: 'no budget' } } as const;

    it('records the reason', () => {
      spec([firstContact]).when(lose).then([lost]);
      expect(fold(leadDecider, [firstContact, lost])).toMatchObject({ stage: 'lost', lostReason: 'no budget', closedAt: lost.occurredAt });
    });

    it('needs a contacted lead', () => {
      spec([]).when(lose).thenFails('LEAD_NOT_FOUND');
    });

    it('a lead is lost once, and a won lead is not lost', () => {
      spec([firstContact, lost]).when({ ...lose, occurredAt: at }).thenFails('LEAD_CLOSED');
      spec([firstContact, converted]).when({ ...lose, occurredAt: at }).thenFails('LEAD_CLOSED');
    });
  });

  describe('conversion into a client', () => {
    const convert = { type: 'ConvertLead', occurredAt: converted.occurredAt, data: { leadId: 'acme', clientId: 'acme' } } as const;

    it('marks the lead won as that client', () => {
      spec([firstContact]).when(convert).then([converted]);
      expect(fold(leadDecider, [firstContact, converted])).toMatchObject({ stage: 'won', clientId: 'acme', closedAt: converted.occurredAt });
    });

    it('needs a contacted lead', () => {
      spec([]).when(convert).thenFails('LEAD_NOT_CONTACTED', 'leadId');
    });

    it('converting again into the same client is a retry and appends nothing', () => {
      spec([firstContact, converted]).when({ ...convert, occurredAt: at }).then([]);
    });

    it('a lead is won once: not into another client, and not after it was lost', () => {
      spec([firstContact, converted]).when({ ...convert, occurredAt: at, data: { leadId: 'acme', clientId: 'other' } }).thenFails('LEAD_CLOSED', 'leadId');
      spec([firstContact, lost]).when({ ...convert, occurredAt: at }).thenFails('LEAD_CLOSED', 'leadId');
    });

    it('cannot be won before it was contacted', () => {
      spec([firstContact]).when({ ...convert, occurredAt: '2024-02-01T00:00:00.000Z' }).thenFails('OCCURRED_AT_BACKWARDS');
    });
  });
});
