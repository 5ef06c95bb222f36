import { at, fold } from '../testing/fold';
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

// Two sales reps and their leads; "ghost" contacted a lead without ever joining (an imported history).
const history = [
  at('2023-12-01T09:00:00.000Z', 'EmployeeJoined', { employeeId: 'rep-a', name: 'Ana', department: 'sales', role: 'rep' }),
  at('2023-12-01T09:00:00.000Z', 'EmployeeJoined', { employeeId: 'rep-b', name: 'Ben', department: 'sales', role: 'rep' }),
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

function pipeline(query: PipelineQuery, upTo?: string) {
  const model = fold(pipelineProjection, history, upTo);
  return pipelineProjection.query({ model, at: upTo ?? '2024-06-01T00:00:00.000Z' }, query);
}

describe('pipeline projection', () => {
  describe('given two reps with leads won, lost and open over January and February', () => {
    it('counts February per rep: contacted, open at the end, won, lost, conversion, median days to win and lost reasons', () => {
      const answer = pipeline({ period: february });
      expect(answer.groupBy).toBe('rep');
      expect(answer.rows).toEqual([
        { key: 'ghost', contacted: 1, open: 1, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
        // L3 contacted (twice) and open; L2 lost on 2 February.
        { key: 'rep-a', contacted: 1, open: 1, won: 0, lost: 1, conversion: 0, medianDaysToWin: null, lostReasons: { price: 1 } },
        // L4 won after 21 days; L5 and L6 lost.
        { key: 'rep-b', contacted: 2, open: 0, won: 1, lost: 2, conversion: 0.3333, medianDaysToWin: 21, lostReasons: { 'no budget': 1, price: 1 } },
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

    it('counts January: a lead lost after the period is still open at its end', () => {
      const answer = pipeline({ period: january });
      expect(answer.rows).toEqual([
        { key: 'rep-a', contacted: 2, open: 1, won: 1, lost: 0, conversion: 1, medianDaysToWin: 20, lostReasons: {} },
        { key: 'rep-b', contacted: 1, open: 1, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
      ]);
    });

    it('takes the median of several wins as the middle of the two middle values', () => {
      expect(pipeline({ period: {} }).total.medianDaysToWin).toBe(20.5);
    });

    it('groups by the owner’s department when asked, an unknown owner under "unknown"', () => {
      const answer = pipeline({ period: february, groupBy: 'department' });
      expect(answer.rows.map((row) => [row.key, row.contacted, row.won, row.lost])).toEqual([
        ['sales', 3, 1, 3],
        ['unknown', 1, 0, 0],
      ]);
    });

    it('filters by rep and by department', () => {
      expect(pipeline({ period: february, repId: 'rep-b' }).rows.map((row) => row.key)).toEqual(['rep-b']);
      expect(pipeline({ period: february, repId: 'rep-b' }).total.lost).toBe(2);
      expect(pipeline({ period: february, department: 'sales' }).total.contacted).toBe(3);
      expect(pipeline({ period: february, department: 'client' })).toEqual({
        groupBy: 'rep',
        rows: [],
        total: { contacted: 0, open: 0, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
      });
    });
  });

  describe('as of a business time', () => {
    it('on 5 February sees L4 still open and L5 not yet contacted', () => {
      const answer = pipeline({ period: {} }, '2024-02-05T00:00:00.000Z');
      expect(answer.rows).toEqual([
        { key: 'rep-a', contacted: 3, open: 1, won: 1, lost: 1, conversion: 0.5, medianDaysToWin: 20, lostReasons: { price: 1 } },
        { key: 'rep-b', contacted: 1, open: 1, won: 0, lost: 0, conversion: null, medianDaysToWin: null, lostReasons: {} },
      ]);
    });
  });

  it('keeps a win by another rep on the lead owner’s row, so conversion compares like with like', () => {
    const model = fold(pipelineProjection, [...history, contact('2024-03-01T10:00:00.000Z', 'L8', 'rep-a'), won('2024-03-02T10:00:00.000Z', 'L8', 'rep-b')]);
    const march = pipelineProjection.query({ model, at: '2024-04-01T00:00:00.000Z' }, { period: { from: '2024-03-01T00:00:00.000Z' } });
    expect(march.rows.filter((row) => row.won > 0).map((row) => [row.key, row.won])).toEqual([['rep-a', 1]]);
  });
});
