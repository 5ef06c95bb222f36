import type { LedgerEvent } from '@ledger/domain';

import type { ProjectedEvent } from '../shared/projection';
import { at, recordedLate } from '../testing/fold';
import { answerOf, storedProjection } from '../testing/tables';
import { pipelineProjection, type PipelineQuery } from '.';

const contact = (time: string, leadId: string, repId: string) =>
  at(time, 'LeadContacted', { leadId, repId, company: `${leadId} Ltd`, channel: 'call', outcome: 'talked', note: null });
const won = (time: string, leadId: string, repId: string) =>
  at(time, 'ClientWon', {
    clientId: `client-of-${leadId}`,
    leadId,
    repId,
    department: 'sales',
    firstOrder: { orderId: `o-${leadId}`, total: { amount: 1_000, currency: 'EUR' } },
  });
const lost = (time: string, leadId: string, reason: string) => at(time, 'LeadLost', { leadId, reason });
const joined = (time: string, employeeId: string, department: 'sales' | 'client') =>
  at(time, 'EmployeeJoined', { employeeId, name: employeeId, department, role: department === 'sales' ? 'rep' : 'manager' });

// Two sales reps and their leads; "ghost" contacted a lead without ever joining (an imported history).
const history = [
  joined('2023-12-01T09:00:00.000Z', 'rep-a', 'sales'),
  joined('2023-12-01T09:00:00.000Z', 'rep-b', 'sales'),
  contact('2024-01-05T10:00:00.000Z', 'L1', 'rep-a'),
  contact('2024-01-10T10:00:00.000Z', 'L2', 'rep-a'),
  contact('2024-01-20T10:00:00.000Z', 'L4', 'rep-b'),
  at('2024-01-25T10:00:00.000Z', 'LeadConverted', { leadId: 'L1', clientId: 'client-of-L1' }),
  won('2024-01-25T10:00:00.000Z', 'L1', 'rep-a'), // 20 days after first contact
  contact('2024-02-01T10:00:00.000Z', 'L3', 'rep-a'),
  lost('2024-02-02T10:00:00.000Z', 'L2', 'price'),
  contact('2024-02-03T10:00:00.000Z', 'L3', 'rep-a'), // a second contact: still one lead
  won('2024-02-10T10:00:00.000Z', 'L4', 'rep-b'), // 21 days
  contact('2024-02-15T10:00:00.000Z', 'L5', 'rep-b'),
  contact('2024-02-16T10:00:00.000Z', 'L6', 'rep-b'),
  lost('2024-02-20T10:00:00.000Z', 'L5', 'no budget'),
  lost('2024-02-25T10:00:00.000Z', 'L6', 'price'),
  contact('2024-02-26T10:00:00.000Z', 'L7', 'ghost'),
];

const january = { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' };
const february = { from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' };
const march = { from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' };
const none = { contacted: 0, open: 0, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} };

const pipeline = (
  query: PipelineQuery,
  events: readonly LedgerEvent[] | readonly ProjectedEvent[] = history,
  bounds: { asOf?: string; asKnownAt?: string; at?: string } = {},
) => answerOf(pipelineProjection, events, query, bounds);

describe('pipeline projection', () => {
  describe('given two reps with leads won, lost and open over January and February', () => {
    it('counts February per rep: contacted, open at the end, won, lost, conversion, median days to win and lost reasons', async () => {
      const answer = await pipeline({ period: february });
      expect(answer.groupBy).toBe('rep');
      expect(answer.rows).toEqual([
        { key: 'ghost', contacted: 1, open: 1, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
        // L3 contacted (twice) and open; L2 lost on 2 February.
        { key: 'rep-a', contacted: 1, open: 1, won: 0, lost: 1, conversion: 0, medianDaysToWin: null, lostReasons: { price: 1 } },
        // L4 won after 21 days; L5 and L6 lost.
        {
          key: 'rep-b',
          contacted: 2,
          open: 0,
          won: 1,
          lost: 2,
          conversion: 0.3333,
          medianDaysToWin: 21,
          lostReasons: { 'no budget': 1, price: 1 },
        },
      ]);
      expect(answer.total).toEqual({
        contacted: 4,
        open: 2,
        won: 1,
        lost: 3,
        conversion: 0.25,
        medianDaysToWin: 21,
        lostReasons: { 'no budget': 1, price: 2 },
      });
    });

    it('counts January: a lead lost after the period is still open at its end', async () => {
      const answer = await pipeline({ period: january });
      expect(answer.rows).toEqual([
        { key: 'rep-a', contacted: 2, open: 1, won: 1, lost: 0, conversion: 1, medianDaysToWin: 20, lostReasons: {} },
        { key: 'rep-b', contacted: 1, open: 1, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
      ]);
    });

    it('leaves out a group with nothing in the period, but counts its leads open at the end', async () => {
      const answer = await pipeline({ period: march });
      // L3 and L7 are still open; nothing else happened in March.
      expect(answer.rows).toEqual([
        { ...none, key: 'ghost', open: 1 },
        { ...none, key: 'rep-a', open: 1 },
      ]);
      expect(answer.total).toEqual({ ...none, open: 2 });
    });

    it('takes the median of several wins as the middle of the two middle values', async () => {
      expect((await pipeline({ period: {} })).total.medianDaysToWin).toBe(20.5);
    });

    it('groups by the owner’s department when asked, an unknown owner under "unknown"', async () => {
      const answer = await pipeline({ period: february, groupBy: 'department' });
      expect(answer.rows.map((row) => [row.key, row.contacted, row.won, row.lost])).toEqual([
        ['sales', 3, 1, 3],
        ['unknown', 1, 0, 0],
      ]);
    });

    it('filters by rep and by department', async () => {
      expect((await pipeline({ period: february, repId: 'rep-b' })).rows.map((row) => row.key)).toEqual(['rep-b']);
      expect((await pipeline({ period: february, repId: 'rep-b' })).total.lost).toBe(2);
      expect((await pipeline({ period: february, department: 'sales' })).total.contacted).toBe(3);
      expect(await pipeline({ period: february, department: 'client' })).toEqual({ groupBy: 'rep', rows: [], total: none });
    });
  });

  describe('as of a business time', () => {
    it('on 5 February sees L4 still open and L5 not yet contacted', async () => {
      const answer = await pipeline({ period: {} }, history, { asOf: '2024-02-05T00:00:00.000Z' });
      expect(answer.rows).toEqual([
        { key: 'rep-a', contacted: 3, open: 1, won: 1, lost: 1, conversion: 0.5, medianDaysToWin: 20, lostReasons: { price: 1 } },
        { key: 'rep-b', contacted: 1, open: 1, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
      ]);
    });

    it('at or after the last event, and as known at or after its record, answers as live', async () => {
      for (const query of [
        { period: february },
        { period: {}, groupBy: 'department' as const },
        { period: january, department: 'sales' as const },
      ]) {
        const live = await pipeline(query);
        expect(await pipeline(query, history, { asOf: '2024-02-26T10:00:00.000Z' })).toEqual(live);
        expect(await pipeline(query, history, { asOf: '2030-01-01T00:00:00.000Z', asKnownAt: '2024-02-26T10:00:00.000Z' })).toEqual(live);
      }
    });
  });

  it('keeps a win by another rep on the lead owner’s row, so conversion compares like with like', async () => {
    const events = [...history, contact('2024-03-01T10:00:00.000Z', 'L8', 'rep-a'), won('2024-03-02T10:00:00.000Z', 'L8', 'rep-b')];
    const answer = await pipeline({ period: { from: '2024-03-01T00:00:00.000Z' } }, events, { at: '2024-04-01T00:00:00.000Z' });
    expect(answer.rows.filter((row) => row.won > 0).map((row) => [row.key, row.won])).toEqual([['rep-a', 1]]);
  });

  describe('given a lead whose first contact in the log was not its earliest in business time', () => {
    // rep-a logged a contact on 10 March; rep-b's contact of 1 March was imported after it.
    const events = [
      ...history,
      contact('2024-03-10T10:00:00.000Z', 'L9', 'rep-a'),
      contact('2024-03-01T10:00:00.000Z', 'L9', 'rep-b'),
      at('2024-03-20T10:00:00.000Z', 'LeadConverted', { leadId: 'L9', clientId: 'client-of-L9' }),
      won('2024-03-20T10:00:00.000Z', 'L9', 'rep-a'),
    ];

    it('gives the lead to the first contact in the log, from its business time: 10 days to win, not 19', async () => {
      const answer = await pipeline({ period: march }, events);
      expect(answer.rows).toEqual([
        { ...none, key: 'ghost', open: 1 },
        { ...none, key: 'rep-a', contacted: 1, open: 1, won: 1, conversion: 1, medianDaysToWin: 10 },
      ]);
    });

    it('as of 5 March, before that first contact occurred, gives it to the imported contact’s rep', async () => {
      const answer = await pipeline({ period: march, repId: 'rep-b' }, events, { asOf: '2024-03-05T00:00:00.000Z' });
      expect(answer.rows).toEqual([{ ...none, key: 'rep-b', contacted: 1, open: 1 }]);
    });

    it('as of 25 March, counts the win from the earlier contact of the log, as live', async () => {
      const answer = await pipeline({ period: march, repId: 'rep-a' }, events, { asOf: '2024-03-25T00:00:00.000Z' });
      expect(answer.total).toEqual({ ...none, contacted: 1, open: 1, won: 1, conversion: 1, medianDaysToWin: 10 });
    });
  });

  describe('given a lead lost and later won again (an imported history), and a loss recorded late', () => {
    const events = [
      ...history,
      contact('2024-03-01T10:00:00.000Z', 'L10', 'rep-b'),
      lost('2024-03-05T10:00:00.000Z', 'L10', 'timing'),
      won('2024-03-11T10:00:00.000Z', 'L10', 'rep-b'),
      contact('2024-03-02T10:00:00.000Z', 'L11', 'rep-a'),
      lost('2024-03-04T10:00:00.000Z', 'L11', 'price'), // recorded on 15 March
    ];
    const late = recordedLate(events, { [events.length - 1]: '2024-03-15T00:00:00.000Z' });

    it('closes each lead by its last closing in the log', async () => {
      const answer = await pipeline({ period: march }, late);
      expect(answer.total).toEqual({
        ...none,
        contacted: 2,
        open: 2,
        won: 1,
        lost: 1,
        conversion: 0.5,
        medianDaysToWin: 10,
        lostReasons: { price: 1 },
      });
    });

    it('as of 8 March sees the loss, the win not yet', async () => {
      const answer = await pipeline({ period: march, repId: 'rep-b' }, late, { asOf: '2024-03-08T00:00:00.000Z' });
      expect(answer.total).toEqual({ ...none, contacted: 1, lost: 1, conversion: 0, lostReasons: { timing: 1 } });
    });

    it('as known on 12 March does not know the loss recorded on the 15th: the lead is still open', async () => {
      const answer = await pipeline({ period: march, repId: 'rep-a' }, late, { asKnownAt: '2024-03-12T00:00:00.000Z' });
      // L3 and L11.
      expect(answer.total).toEqual({ ...none, contacted: 1, open: 2 });
      const known = await pipeline({ period: march, repId: 'rep-a' }, late, { asKnownAt: '2024-03-15T00:00:00.000Z' });
      expect(known.total).toEqual({ ...none, contacted: 1, open: 1, lost: 1, conversion: 0, lostReasons: { price: 1 } });
    });
  });

  describe('given closings and joins logged before the contacts they would apply to', () => {
    const events = [
      ...history,
      lost('2024-03-01T10:00:00.000Z', 'L12', 'price'), // the lead does not exist yet: nothing to close
      contact('2024-03-02T10:00:00.000Z', 'L12', 'rep-c'),
      joined('2024-03-03T10:00:00.000Z', 'rep-c', 'sales'), // after rep-c's first contact
      contact('2024-03-04T10:00:00.000Z', 'L13', 'rep-c'),
      joined('2024-03-10T10:00:00.000Z', 'rep-d', 'client'), // joined in the log before its contact, in business time after it
      contact('2024-03-05T10:00:00.000Z', 'L14', 'rep-d'),
    ];

    it('ignores a closing logged before the lead’s first contact', async () => {
      const answer = await pipeline({ period: march, repId: 'rep-c' }, events);
      expect(answer.total).toEqual({ ...none, contacted: 2, open: 2 });
    });

    it('takes the owner’s department as of the first contact in the log: unknown before the owner joined', async () => {
      const answer = await pipeline({ period: march, groupBy: 'department' }, events);
      expect(answer.rows).toEqual([
        { ...none, key: 'client', contacted: 1, open: 1 },
        { ...none, key: 'sales', contacted: 1, open: 2 },
        { ...none, key: 'unknown', contacted: 1, open: 2 },
      ]);
    });

    it('as of a time before a join occurred, does not know the department it gave', async () => {
      const answer = await pipeline({ period: march, groupBy: 'department' }, events, { asOf: '2024-03-06T00:00:00.000Z' });
      expect(answer.rows).toEqual([
        { ...none, key: 'sales', contacted: 1, open: 2 },
        { ...none, key: 'unknown', contacted: 2, open: 3 },
      ]);
    });
  });

  it('answers more events stored after the first ones, live and as of before them', async () => {
    const stored = await storedProjection(pipelineProjection, history);
    try {
      await stored.apply([contact('2024-03-01T10:00:00.000Z', 'L3', 'rep-b'), lost('2024-03-03T10:00:00.000Z', 'L3', 'price')]);
      expect((await stored.ask({ period: march })).total).toEqual({ ...none, lost: 1, open: 1, conversion: 0, lostReasons: { price: 1 } });
      expect((await stored.ask({ period: march }, { asOf: '2024-03-02T00:00:00.000Z' })).total).toEqual({ ...none, open: 2 });
    } finally {
      await stored.close();
    }
  });
});
