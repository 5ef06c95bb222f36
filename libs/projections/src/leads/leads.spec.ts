import { InvalidCursorError, type LeadsAnswer, leadsProjection } from '..';
import { at, recordedLate } from '../testing/fold';
import { storedForSpecs } from '../testing/tables';

const contact = (time: string, leadId: string, repId: string, company: string) =>
  at(time, 'LeadContacted', { leadId, repId, company, channel: 'call', outcome: 'talked', note: null });

// l-1 (Anna) is renamed on its second contact and won; l-2 (Bert) is lost, the loss recorded a month late;
// l-3 (Anna) stays open; l-4 (Bert) is contacted in April.
const history = [
  contact('2024-01-10T09:00:00.000Z', 'l-1', 'anna', 'Acme'),
  contact('2024-01-20T09:00:00.000Z', 'l-2', 'bert', 'Globex'),
  contact('2024-02-01T09:00:00.000Z', 'l-1', 'bert', 'ACME GmbH'),
  contact('2024-02-05T09:00:00.000Z', 'l-3', 'anna', 'Initech'),
  at('2024-02-10T09:00:00.000Z', 'LeadConverted', { leadId: 'l-1', clientId: 'c-1' }),
  at('2024-03-01T09:00:00.000Z', 'LeadLost', { leadId: 'l-2', reason: 'no budget' }),
  contact('2024-04-01T09:00:00.000Z', 'l-4', 'bert', 'acme labs'),
];
const events = recordedLate(history, { 5: '2024-04-01T00:00:00.000Z' });

const { ask } = storedForSpecs(leadsProjection, events);
const idsOf = (answer: LeadsAnswer) => answer.leads.map((lead) => lead.leadId);

describe('leads projection', () => {
  it('lists the newest first contact first, each lead as its stream leaves it', async () => {
    const answer = await ask({});
    expect(idsOf(answer)).toEqual(['l-4', 'l-3', 'l-2', 'l-1']);
    expect(answer.leads[3]).toEqual({
      leadId: 'l-1',
      company: 'ACME GmbH',
      ownerId: 'anna',
      stage: 'won',
      firstContactedAt: '2024-01-10T09:00:00.000Z',
      lastContactAt: '2024-02-01T09:00:00.000Z',
      contactCount: 2,
      closedAt: '2024-02-10T09:00:00.000Z',
      clientId: 'c-1',
      lostReason: null,
      revision: 2,
    });
  });

  it('filters by owner, stage and first contact, and searches the company', async () => {
    expect(idsOf(await ask({ ownerId: 'anna' }))).toEqual(['l-3', 'l-1']);
    expect(idsOf(await ask({ stage: 'lost' }))).toEqual(['l-2']);
    expect(idsOf(await ask({ firstContacted: { from: '2024-01-15T00:00:00.000Z', to: '2024-04-01T09:00:00.000Z' } }))).toEqual([
      'l-3',
      'l-2',
    ]);
    expect(await ask({ search: 'ACME' })).toMatchObject({ total: 2, leads: [{ leadId: 'l-4' }, { leadId: 'l-1' }] });
  });

  it('sorts by company and by latest contact, both ways', async () => {
    expect(idsOf(await ask({ orderBy: { key: 'company', direction: 'asc' } }))).toEqual(['l-1', 'l-4', 'l-2', 'l-3']);
    expect(idsOf(await ask({ orderBy: { key: 'lastContactAt', direction: 'desc' } }))).toEqual(['l-4', 'l-3', 'l-1', 'l-2']);
  });

  it('as of 5 February: l-1 open under its first company, l-2 open, l-4 unknown', async () => {
    const answer = await ask({ orderBy: { key: 'company', direction: 'asc' } }, { asOf: '2024-02-05T00:00:00.000Z' });
    expect(answer.leads.map(({ leadId, company, stage, contactCount }) => [leadId, company, stage, contactCount])).toEqual([
      ['l-1', 'ACME GmbH', 'open', 2],
      ['l-2', 'Globex', 'open', 1],
    ]);
  });

  it('as known on 15 March: the loss of 1 March was not recorded yet', async () => {
    expect((await ask({ stage: 'lost' }, { asKnownAt: '2024-03-15T00:00:00.000Z' })).total).toBe(0);
    expect(await ask({ stage: 'lost' }, { asKnownAt: '2024-04-01T00:00:00.000Z' })).toMatchObject({
      leads: [{ leadId: 'l-2', lostReason: 'no budget', revision: 1 }],
    });
  });

  it('pages with cursors to the end and refuses a cursor of another search', async () => {
    const first = await ask({ limit: 3 });
    const rest = await ask({ limit: 3, after: first.nextCursor! });
    expect([idsOf(first), idsOf(rest), rest.nextCursor]).toEqual([['l-4', 'l-3', 'l-2'], ['l-1'], null]);
    await expect(ask({ search: 'acme', after: first.nextCursor! })).rejects.toThrow(InvalidCursorError);
  });
});
