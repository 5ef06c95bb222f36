import type { Department } from '@ledger/domain';
import { at, fold, recorded } from '../testing/fold';
import { revenueProjection, type RevenueQuery } from '.';

const money = (amount: number, currency = 'EUR') => ({ amount, currency });
const plan = (setAt: string, department: Department, rateBasisPoints: number, effectiveFrom: string) =>
  at(setAt, 'CommissionPlanSet', { department, rateBasisPoints, effectiveFrom });
const won = (time: string, clientId: string, repId: string, total: { amount: number; currency: string }) =>
  at(time, 'ClientWon', { clientId, leadId: `lead-${clientId}`, repId, department: 'sales', firstOrder: { orderId: `${clientId}-1`, total } });
const reorder = (time: string, clientId: string, orderId: string, total: { amount: number; currency: string }, takenBy: string, creditedDepartment: Department) =>
  at(time, 'ReorderPlaced', { clientId, orderId, total, takenBy, creditedDepartment, creditedOwnerId: takenBy });

// Sales earns 10 % until 15 March, then 8 %; the client department 3 %; key accounts has no plan (yet).
const history = [
  plan('2023-12-01T00:00:00.000Z', 'sales', 1_000, '2024-01-01T00:00:00.000Z'),
  plan('2023-12-01T00:00:00.000Z', 'client', 300, '2024-01-01T00:00:00.000Z'),
  plan('2024-03-01T00:00:00.000Z', 'sales', 800, '2024-03-15T00:00:00.000Z'),
  won('2024-03-10T10:00:00.000Z', 'c1', 'rep-a', money(10_005)), // 1,000.5 → 1,000 (half to even)
  reorder('2024-03-20T10:00:00.000Z', 'c1', 'c1-2', money(20_000), 'rep-a', 'sales'), // still owned by sales: 8 % → 1,600
  at('2024-03-25T10:00:00.000Z', 'ClientHandedToClientDepartment', {
    clientId: 'c1',
    fromDepartment: 'sales',
    fromOwnerId: 'rep-a',
    toDepartment: 'client',
    toManagerId: 'mgr-1',
    reason: 'three reorders',
  }),
  reorder('2024-03-28T10:00:00.000Z', 'c1', 'c1-3', money(30_000), 'mgr-1', 'client'), // now the client department's: 3 % → 900
  won('2024-03-16T10:00:00.000Z', 'c2', 'rep-b', money(5_000, 'GBP')), // 8 % → 400
  at('2024-04-02T10:00:00.000Z', 'KeyAccountEscalated', {
    clientId: 'c1',
    fromDepartment: 'client',
    fromOwnerId: 'mgr-1',
    ownerId: 'ka-1',
    ownerDepartment: 'key_accounts',
    reason: 'big fish',
  }),
  reorder('2024-04-05T10:00:00.000Z', 'c1', 'c1-4', money(40_000), 'ka-1', 'key_accounts'),
];

const march = { from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' };
const april = { from: '2024-04-01T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' };

function revenue(query: RevenueQuery, events = history, upTo?: string) {
  return revenueProjection.query({ model: fold(revenueProjection, events, upTo), at: upTo ?? '2024-06-01T00:00:00.000Z' }, query);
}

describe('revenue projection', () => {
  describe('given a client won, reordering, handed to the client department and escalated, and a sales plan changing mid-March', () => {
    it('credits March per department and currency: new and repeat revenue, commission under the plan in force at each order', () => {
      expect(revenue({ period: march }).rows).toEqual([
        { month: '2024-03', key: 'client', currency: 'EUR', newRevenue: 0, repeatRevenue: 30_000, commission: 900, orders: 1 },
        { month: '2024-03', key: 'sales', currency: 'EUR', newRevenue: 10_005, repeatRevenue: 20_000, commission: 2_600, orders: 2 },
        { month: '2024-03', key: 'sales', currency: 'GBP', newRevenue: 5_000, repeatRevenue: 0, commission: 400, orders: 1 },
      ]);
    });

    it('credits per employee: the winning rep for first orders, the taker for reorders', () => {
      const answer = revenue({ period: march, groupBy: 'rep' });
      expect(answer.groupBy).toBe('rep');
      expect(answer.rows.map(({ key, currency, newRevenue, repeatRevenue, commission }) => [key, currency, newRevenue, repeatRevenue, commission])).toEqual([
        ['mgr-1', 'EUR', 0, 30_000, 900],
        ['rep-a', 'EUR', 10_005, 20_000, 2_600],
        ['rep-b', 'GBP', 5_000, 0, 400],
      ]);
    });

    it('gives the sales to client revenue ratio per month and currency, never across currencies', () => {
      expect(revenue({ period: march }).salesToClientRatio).toEqual([
        { month: '2024-03', currency: 'EUR', salesRevenue: 30_005, clientRevenue: 30_000, ratio: 1.0002 },
        { month: '2024-03', currency: 'GBP', salesRevenue: 5_000, clientRevenue: 0, ratio: null },
      ]);
    });

    it('credits key accounts after the escalation, with no commission while the department has no plan', () => {
      expect(revenue({ period: april }).rows).toEqual([
        { month: '2024-04', key: 'key_accounts', currency: 'EUR', newRevenue: 0, repeatRevenue: 40_000, commission: 0, orders: 1 },
      ]);
    });

    it('filters by department', () => {
      expect(revenue({ period: {}, department: 'client' }).rows.map((row) => [row.month, row.key])).toEqual([['2024-03', 'client']]);
    });
  });

  describe('a plan recorded late for a period already past', () => {
    const late = [...history, plan('2024-04-10T00:00:00.000Z', 'key_accounts', 500, '2024-04-01T00:00:00.000Z')];

    it('applies to the orders of its period once it is known', () => {
      expect(revenue({ period: april }, late).rows[0]!.commission).toBe(2_000);
    });

    it('does not apply as of a moment before it was set', () => {
      expect(revenue({ period: april }, late, '2024-04-09T00:00:00.000Z').rows[0]!.commission).toBe(0);
    });
  });

  describe('one live model asked again and again (whole days are summed once and remembered)', () => {
    const live = () => {
      const model = fold(revenueProjection, history);
      const ask = (query: RevenueQuery) => revenueProjection.query({ model, at: '2024-06-01T00:00:00.000Z' }, query);
      const apply = (...events: ReturnType<typeof at>[]) => {
        for (const event of recorded(events)) revenueProjection.apply(model, { ...event, position: event.position + 1_000 });
      };
      return { ask, apply };
    };

    it('counts an order a remembered day gets later, and a plan recorded later for that day', () => {
      const { ask, apply } = live();
      expect(ask({ period: march }).rows.find((row) => row.key === 'client')).toMatchObject({ repeatRevenue: 30_000, commission: 900, orders: 1 });
      apply(reorder('2024-03-28T15:00:00.000Z', 'c1', 'c1-3b', money(10_000), 'mgr-1', 'client'));
      expect(ask({ period: march }).rows.find((row) => row.key === 'client')).toMatchObject({ repeatRevenue: 40_000, commission: 1_200, orders: 2 });
      apply(plan('2024-04-10T00:00:00.000Z', 'client', 500, '2024-03-28T12:00:00.000Z'));
      // 30,000 at 3 % before noon, 10,000 at 5 % after.
      expect(ask({ period: march }).rows.find((row) => row.key === 'client')).toMatchObject({ repeatRevenue: 40_000, commission: 1_400, orders: 2 });
    });

    it('counts only the orders of a day that the period cuts, whatever was remembered for the whole day', () => {
      const { ask } = live();
      expect(ask({ period: march }).rows.find((row) => row.key === 'client')).toMatchObject({ orders: 1 });
      expect(ask({ period: { from: '2024-03-28T10:30:00.000Z', to: '2024-04-01T00:00:00.000Z' } }).rows).toEqual([]);
      expect(ask({ period: { from: '2024-03-28T10:00:00.000Z', to: '2024-03-28T10:00:00.001Z' } }).rows).toEqual([
        { month: '2024-03', key: 'client', currency: 'EUR', newRevenue: 0, repeatRevenue: 30_000, commission: 900, orders: 1 },
      ]);
    });
  });
});
