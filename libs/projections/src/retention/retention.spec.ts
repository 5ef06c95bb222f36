import { clientDecider, fold as foldStream, type ClientEvent } from '@ledger/domain';
import { at, fold } from '../testing/fold';
import { retentionProjection, type RetentionQuery } from '.';

const money = (amount: number, currency = 'EUR') => ({ amount, currency });
const won = (time: string, clientId: string, total: { amount: number; currency: string }) =>
  at(time, 'ClientWon', { clientId, leadId: `lead-${clientId}`, repId: 'rep-a', department: 'sales', firstOrder: { orderId: `${clientId}-1`, total } });
const reorder = (time: string, clientId: string, orderId: string, total: { amount: number; currency: string }) =>
  at(time, 'ReorderPlaced', { clientId, orderId, total, takenBy: 'rep-a', creditedDepartment: 'sales', creditedOwnerId: 'rep-a' });

const history = [
  won('2024-01-10T10:00:00.000Z', 'c1', money(1_000)),
  won('2024-01-20T10:00:00.000Z', 'c2', money(2_000)),
  won('2024-02-03T10:00:00.000Z', 'c3', money(700, 'GBP')),
  reorder('2024-02-05T10:00:00.000Z', 'c1', 'c1-2', money(500)),
  reorder('2024-02-20T10:00:00.000Z', 'c3', 'c3-2', money(100, 'GBP')), // in its own cohort month
  at('2024-03-10T10:00:00.000Z', 'ClientLost', { clientId: 'c2', reason: 'moved to a competitor', competitor: 'Rival AG' }),
  reorder('2024-03-15T10:00:00.000Z', 'c3', 'c3-3', money(200, 'GBP')),
  reorder('2024-04-01T10:00:00.000Z', 'c1', 'c1-3', money(300)),
];

const endOfApril = '2024-04-30T00:00:00.000Z';

function retention(query: RetentionQuery, asOf = endOfApril, events = history) {
  return retentionProjection.query({ model: fold(retentionProjection, events, asOf), at: asOf }, query);
}

describe('retention projection', () => {
  describe('given three clients won in January and February, with reorders and one lost', () => {
    it('gives each monthly cohort its clients, retained clients and revenue per month offset up to the answer’s month', () => {
      const answer = retention({ period: {} });
      expect(answer.throughMonth).toBe('2024-04');
      expect(answer.cohorts).toEqual([
        {
          cohort: '2024-01',
          clients: 2,
          retained: [2, 1, 0, 1],
          retainedPct: [100, 50, 0, 50],
          revenue: { EUR: [3_000, 500, 0, 300] },
          revenueRetainedPct: { EUR: [100, 16.7, 0, 10] },
          churned: 1,
          atRisk: 0,
        },
        {
          cohort: '2024-02',
          clients: 1,
          retained: [1, 1, 0],
          retainedPct: [100, 100, 0],
          revenue: { GBP: [800, 200, 0] },
          revenueRetainedPct: { GBP: [100, 25, 0] },
          churned: 0,
          atRisk: 0,
        },
      ]);
      expect(answer.atRiskTotal).toBe(0);
    });

    it('lists clients without an order for the given number of days as at risk, the lost ones as churned instead', () => {
      // c3's last order was on 15 March (45.6 days before), c1's on 1 April (28.6 days); c2 is lost.
      const answer = retention({ period: {}, atRiskDays: 30 });
      expect(answer.atRiskDays).toBe(30);
      expect(answer.clientsAtRisk).toEqual([{ clientId: 'c3', lastOrderAt: '2024-03-15T10:00:00.000Z', daysWithoutOrder: 45 }]);
      expect(answer.cohorts.map((cohort) => [cohort.cohort, cohort.atRisk, cohort.churned])).toEqual([
        ['2024-01', 0, 1],
        ['2024-02', 1, 0],
      ]);
    });

    it('defaults to 90 days for at risk', () => {
      const answer = retention({ period: {} }, '2024-07-01T00:00:00.000Z');
      expect(answer.atRiskDays).toBe(90);
      expect(answer.clientsAtRisk.map((client) => client.clientId)).toEqual(['c3', 'c1']);
    });

    it('keeps only the cohorts of clients won in the period', () => {
      const answer = retention({ period: { from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' } });
      expect(answer.cohorts.map((cohort) => cohort.cohort)).toEqual(['2024-02']);
    });

    it('as of 1 March knows neither the loss nor the later orders', () => {
      const answer = retention({ period: {} }, '2024-03-01T00:00:00.000Z');
      expect(answer.throughMonth).toBe('2024-03');
      expect(answer.cohorts[0]).toMatchObject({ cohort: '2024-01', retained: [2, 1, 0], revenue: { EUR: [3_000, 500, 0] }, churned: 0 });
      expect(answer.cohorts[1]).toMatchObject({ cohort: '2024-02', retained: [1, 0], revenue: { GBP: [800, 0] } });
    });
  });

  it('never sees an order from a lost client: the ledger refuses it', () => {
    const c2Stream = history.filter((event) => event.type !== 'EmployeeJoined' && 'clientId' in event.data && event.data.clientId === 'c2') as ClientEvent[];
    const state = foldStream(clientDecider, c2Stream);
    const decision = clientDecider.decide(
      { type: 'PlaceReorder', occurredAt: '2024-03-20T10:00:00.000Z', data: { clientId: 'c2', orderId: 'c2-2', total: money(900), takenBy: 'rep-a' } },
      state,
      { now: new Date(endOfApril), maxClockSkewMs: 0 },
    );
    expect(decision).toMatchObject({ ok: false, failure: { code: 'CLIENT_LOST' } });
    expect(retention({ period: {} }).cohorts[0]!.revenue).toEqual({ EUR: [3_000, 500, 0, 300] });
  });
});
