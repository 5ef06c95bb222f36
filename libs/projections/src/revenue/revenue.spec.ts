import type { Department, LedgerEvent } from '@ledger/domain';

import type { AnswerContext, ProjectedEvent, TableProjection } from '../shared/projection';
import { clientWon, money, reorderPlaced } from '../testing/client-events';
import { at, recorded } from '../testing/fold';
import { answerOf, storedProjection } from '../testing/tables';
import { REVENUE_SETTLE_ONE_IN, type RevenueAnswer, revenueApplier, revenueProjection, type RevenueQuery } from '.';

const plan = (setAt: string, department: Department, rateBasisPoints: number, effectiveFrom: string) =>
  at(setAt, 'CommissionPlanSet', { department, rateBasisPoints, effectiveFrom });
/** An event the ledger stored later than it occurred. */
const late = (event: LedgerEvent, recordedAt: string) => ({ event, recordedAt });

/** The events as recorded in this order, each stored when it occurred unless said otherwise. */
function log(entries: ReadonlyArray<LedgerEvent | { event: LedgerEvent; recordedAt: string }>): ProjectedEvent[] {
  const events = recorded(entries.map((entry) => ('event' in entry ? entry.event : entry)));
  return events.map((event, index) => {
    const entry = entries[index]!;
    return 'event' in entry ? { ...event, recordedAt: entry.recordedAt } : event;
  });
}

// Sales earns 10 % until 15 March, then 8 %; the client department 3 %; key accounts has no plan (yet).
const history = [
  plan('2023-12-01T00:00:00.000Z', 'sales', 1_000, '2024-01-01T00:00:00.000Z'),
  plan('2023-12-01T00:00:00.000Z', 'client', 300, '2024-01-01T00:00:00.000Z'),
  plan('2024-03-01T00:00:00.000Z', 'sales', 800, '2024-03-15T00:00:00.000Z'),
  clientWon('2024-03-10T10:00:00.000Z', 'c1', 'rep-a', money(10_005)), // 1,000.5 → 1,000 (half to even)
  reorderPlaced('2024-03-20T10:00:00.000Z', 'c1', 'c1-2', money(20_000), 'rep-a', 'sales'), // still owned by sales: 8 % → 1,600
  at('2024-03-25T10:00:00.000Z', 'ClientHandedToClientDepartment', {
    clientId: 'c1',
    fromDepartment: 'sales',
    fromOwnerId: 'rep-a',
    toDepartment: 'client',
    toManagerId: 'mgr-1',
    reason: 'three reorders',
  }),
  reorderPlaced('2024-03-28T10:00:00.000Z', 'c1', 'c1-3', money(30_000), 'mgr-1', 'client'), // now the client department's: 3 % → 900
  clientWon('2024-03-16T10:00:00.000Z', 'c2', 'rep-b', money(5_000, 'GBP')), // 8 % → 400
  at('2024-04-02T10:00:00.000Z', 'KeyAccountEscalated', {
    clientId: 'c1',
    fromDepartment: 'client',
    fromOwnerId: 'mgr-1',
    ownerId: 'ka-1',
    ownerDepartment: 'key_accounts',
    reason: 'big fish',
  }),
  reorderPlaced('2024-04-05T10:00:00.000Z', 'c1', 'c1-4', money(40_000), 'ka-1', 'key_accounts'),
];

const march = { from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' };
const april = { from: '2024-04-01T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' };
type Bounds = Omit<AnswerContext, 'at'>;

// Commission reaches the rollups in batches; settled after every order, the answers must be the same.
describe.each([
  [`settling commission after about one order in ${REVENUE_SETTLE_ONE_IN}`, revenueProjection],
  ['settling commission after every order', { ...revenueProjection, apply: revenueApplier(1) }],
] as Array<[string, TableProjection<RevenueQuery, RevenueAnswer>]>)('revenue projection, %s', (_, projection) => {
  const revenue = (query: RevenueQuery, bounds: Bounds = {}, events: readonly LedgerEvent[] | readonly ProjectedEvent[] = history) =>
    answerOf(projection, events, query, bounds);
  const commissionOf = async (answer: Promise<RevenueAnswer>, key: string) =>
    (await answer).rows.find((row) => row.key === key)?.commission;

  describe('given a client won, reordering, handed to the client department and escalated, and a sales plan changing mid-March', () => {
    it('credits March per department and currency: new and repeat revenue, commission under the plan in force at each order', async () => {
      expect((await revenue({ period: march })).rows).toEqual([
        { month: '2024-03', key: 'client', currency: 'EUR', newRevenue: '0', repeatRevenue: '30000', commission: '900', orders: 1 },
        { month: '2024-03', key: 'sales', currency: 'EUR', newRevenue: '10005', repeatRevenue: '20000', commission: '2600', orders: 2 },
        { month: '2024-03', key: 'sales', currency: 'GBP', newRevenue: '5000', repeatRevenue: '0', commission: '400', orders: 1 },
      ]);
    });

    it('credits per employee: the winning rep for first orders, the taker for reorders', async () => {
      const answer = await revenue({ period: march, groupBy: 'rep' });
      expect(answer.groupBy).toBe('rep');
      expect(
        answer.rows.map(({ key, currency, newRevenue, repeatRevenue, commission }) => [
          key,
          currency,
          newRevenue,
          repeatRevenue,
          commission,
        ]),
      ).toEqual([
        ['mgr-1', 'EUR', '0', '30000', '900'],
        ['rep-a', 'EUR', '10005', '20000', '2600'],
        ['rep-b', 'GBP', '5000', '0', '400'],
      ]);
    });

    it('per employee as of a moment mid-month, counts the orders of the month up to it', async () => {
      const answer = await revenue({ period: {}, groupBy: 'rep' }, { asOf: '2024-03-20T10:00:00.000Z' });
      expect(answer.rows).toEqual([
        { month: '2024-03', key: 'rep-a', currency: 'EUR', newRevenue: '10005', repeatRevenue: '20000', commission: '2600', orders: 2 },
        { month: '2024-03', key: 'rep-b', currency: 'GBP', newRevenue: '5000', repeatRevenue: '0', commission: '400', orders: 1 },
      ]);
    });

    it('gives the sales to client revenue ratio per month and currency, never across currencies', async () => {
      expect((await revenue({ period: march })).salesToClientRatio).toEqual([
        { month: '2024-03', currency: 'EUR', salesRevenue: '30005', clientRevenue: '30000', ratio: 1.0002 },
        { month: '2024-03', currency: 'GBP', salesRevenue: '5000', clientRevenue: '0', ratio: null },
      ]);
    });

    it('credits key accounts after the escalation, with no commission while the department has no plan', async () => {
      expect((await revenue({ period: april })).rows).toEqual([
        { month: '2024-04', key: 'key_accounts', currency: 'EUR', newRevenue: '0', repeatRevenue: '40000', commission: '0', orders: 1 },
      ]);
    });

    it('filters by department', async () => {
      expect((await revenue({ period: {}, department: 'client' })).rows.map((row) => [row.month, row.key])).toEqual([
        ['2024-03', 'client'],
      ]);
    });

    it('filters rows by department, per employee too, but counts every department in the ratio', async () => {
      const answer = await revenue({ period: {}, department: 'sales', groupBy: 'rep' });
      expect(answer.rows.map((row) => [row.month, row.key, row.currency, row.commission])).toEqual([
        ['2024-03', 'rep-a', 'EUR', '2600'],
        ['2024-03', 'rep-b', 'GBP', '400'],
      ]);
      expect(answer.salesToClientRatio.map((ratio) => [ratio.month, ratio.currency, ratio.clientRevenue])).toEqual([
        ['2024-03', 'EUR', '30000'],
        ['2024-03', 'GBP', '0'],
        ['2024-04', 'EUR', '0'],
      ]);
    });

    it('counts only the orders of a day that the period cuts: from inclusive, to exclusive', async () => {
      expect((await revenue({ period: { from: '2024-03-28T10:00:00.001Z', to: '2024-04-01T00:00:00.000Z' } })).rows).toEqual([]);
      expect(
        (await revenue({ period: { from: '2024-03-20T00:00:00.000Z', to: '2024-03-28T10:00:00.000Z' } })).rows.map((row) => [
          row.key,
          row.orders,
        ]),
      ).toEqual([['sales', 1]]);
    });

    it('as of a moment in a day counts the orders of that day up to it', async () => {
      expect(await commissionOf(revenue({ period: {} }, { asOf: '2024-03-28T10:00:00.000Z' }), 'client')).toBe('900');
      expect(await commissionOf(revenue({ period: {} }, { asOf: '2024-03-28T09:59:59.999Z' }), 'client')).toBeUndefined();
    });
  });

  describe('a plan recorded late for a period already past', () => {
    const withLatePlan = [...history, plan('2024-04-10T00:00:00.000Z', 'key_accounts', 500, '2024-04-01T00:00:00.000Z')];

    it('applies to the orders of its period once it is known', async () => {
      expect((await revenue({ period: april }, {}, withLatePlan)).rows[0]!.commission).toBe('2000');
    });

    it('does not apply as of a moment before it was set', async () => {
      expect((await revenue({ period: april }, { asOf: '2024-04-09T00:00:00.000Z' }, withLatePlan)).rows[0]!.commission).toBe('0');
    });

    it('does not apply to a whole month past as of a moment before it was set, nor as known before it was recorded', async () => {
      // Set on 20 May for April: as of 15 May, April is a whole month behind, and still without commission.
      const setInMay = [...history, plan('2024-05-20T00:00:00.000Z', 'key_accounts', 500, '2024-04-01T00:00:00.000Z')];
      expect(await commissionOf(revenue({ period: {} }, { asOf: '2024-05-15T00:00:00.000Z' }, setInMay), 'key_accounts')).toBe('0');
      expect(await commissionOf(revenue({ period: {} }, { asOf: '2024-05-20T00:00:00.000Z' }, setInMay), 'key_accounts')).toBe('2000');
      // Set on 10 April, recorded on 20 May.
      const recordedInMay = log([
        ...history,
        late(plan('2024-04-10T00:00:00.000Z', 'key_accounts', 500, '2024-04-01T00:00:00.000Z'), '2024-05-20T00:00:00.000Z'),
      ]);
      expect(await commissionOf(revenue({ period: {} }, { asKnownAt: '2024-05-15T00:00:00.000Z' }, recordedInMay), 'key_accounts')).toBe(
        '0',
      );
      expect(await commissionOf(revenue({ period: {} }, { asKnownAt: '2024-05-20T00:00:00.000Z' }, recordedInMay), 'key_accounts')).toBe(
        '2000',
      );
      expect(
        await commissionOf(
          revenue({ period: {} }, { asOf: '2024-06-01T00:00:00.000Z', asKnownAt: '2024-05-15T00:00:00.000Z' }, recordedInMay),
          'key_accounts',
        ),
      ).toBe('0');
    });
  });

  describe('an order recorded late into a month already past', () => {
    // A sales reorder of 5 March, recorded on 20 April.
    const events = log([
      ...history,
      late(reorderPlaced('2024-03-05T09:00:00.000Z', 'c1', 'c1-0', money(1_000), 'rep-a', 'sales'), '2024-04-20T00:00:00.000Z'),
    ]);
    const salesInEuro = async (bounds: Bounds) =>
      (await revenue({ period: march }, bounds, events)).rows.find((row) => row.key === 'sales' && row.currency === 'EUR');

    it('counts in its month once recorded, with commission under the plan in force then', async () => {
      expect(await salesInEuro({})).toMatchObject({ repeatRevenue: '21000', commission: '2700', orders: 3 });
    });

    it('is not known before it was recorded, though the month had passed', async () => {
      expect(await salesInEuro({ asKnownAt: '2024-04-19T23:59:59.999Z' })).toMatchObject({
        repeatRevenue: '20000',
        commission: '2600',
        orders: 2,
      });
      expect(await salesInEuro({ asKnownAt: '2024-04-20T00:00:00.000Z' })).toMatchObject({
        repeatRevenue: '21000',
        commission: '2700',
        orders: 3,
      });
      expect(await salesInEuro({ asOf: '2024-05-01T00:00:00.000Z', asKnownAt: '2024-04-19T00:00:00.000Z' })).toMatchObject({ orders: 2 });
    });
  });

  describe('one live model asked again and again', () => {
    it('counts an order a day gets later, and a plan recorded later for that day', async () => {
      const live = await storedProjection(projection, history);
      try {
        const client = async () => (await live.ask({ period: march })).rows.find((row) => row.key === 'client');
        expect(await client()).toMatchObject({ repeatRevenue: '30000', commission: '900', orders: 1 });
        await live.apply([reorderPlaced('2024-03-28T15:00:00.000Z', 'c1', 'c1-3b', money(10_000), 'mgr-1', 'client')]);
        expect(await client()).toMatchObject({ repeatRevenue: '40000', commission: '1200', orders: 2 });
        await live.apply([plan('2024-04-10T00:00:00.000Z', 'client', 500, '2024-03-28T12:00:00.000Z')]);
        // 30,000 at 3 % before noon, 10,000 at 5 % after.
        expect(await client()).toMatchObject({ repeatRevenue: '40000', commission: '1400', orders: 2 });
        // Not as of before the plan was set.
        expect(
          (await live.ask({ period: march }, { asOf: '2024-04-09T00:00:00.000Z' })).rows.find((row) => row.key === 'client'),
        ).toMatchObject({ commission: '1200' });
      } finally {
        await live.close();
      }
    });

    it('counts only the orders of a day that the period cuts, whatever the rollups hold for the whole day', async () => {
      const live = await storedProjection(projection, history);
      try {
        expect((await live.ask({ period: march })).rows.find((row) => row.key === 'client')).toMatchObject({ orders: 1 });
        expect((await live.ask({ period: { from: '2024-03-28T10:30:00.000Z', to: '2024-04-01T00:00:00.000Z' } })).rows).toEqual([]);
        expect((await live.ask({ period: { from: '2024-03-28T10:00:00.000Z', to: '2024-03-28T10:00:00.001Z' } })).rows).toEqual([
          { month: '2024-03', key: 'client', currency: 'EUR', newRevenue: '0', repeatRevenue: '30000', commission: '900', orders: 1 },
        ]);
      } finally {
        await live.close();
      }
    });
  });
});
