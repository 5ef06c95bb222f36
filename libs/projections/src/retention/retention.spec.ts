import { clientDecider, type ClientEvent, DEFAULT_EARLIEST_OCCURRED_AT, fold as foldStream, type LedgerEvent } from '@ledger/domain';

import type { ProjectedEvent } from '../shared/projection';
import { at, recordedLate } from '../testing/fold';
import { answerOf, storedProjection } from '../testing/tables';
import { type RetentionAnswer, retentionProjection, type RetentionQuery } from '.';

const money = (amount: number, currency = 'EUR') => ({ amount, currency });
const won = (time: string, clientId: string, total: { amount: number; currency: string }) =>
  at(time, 'ClientWon', {
    clientId,
    leadId: `lead-${clientId}`,
    repId: 'rep-a',
    department: 'sales',
    firstOrder: { orderId: `${clientId}-1`, total },
  });
const reorder = (time: string, clientId: string, orderId: string, total: { amount: number; currency: string }) =>
  at(time, 'ReorderPlaced', { clientId, orderId, total, takenBy: 'rep-a', creditedDepartment: 'sales', creditedOwnerId: 'rep-a' });
const lose = (time: string, clientId: string) =>
  at(time, 'ClientLost', { clientId, reason: 'moved to a competitor', competitor: 'Rival AG' });
/** An event the projection ignores: it only moves the positions of the events after it. */
const joined = (index: number) =>
  at('2023-12-01T00:00:00.000Z', 'EmployeeJoined', {
    employeeId: `emp-${index}`,
    name: `Employee ${index}`,
    department: 'sales',
    role: 'rep',
  });

const history = [
  won('2024-01-10T10:00:00.000Z', 'c1', money(1_000)),
  won('2024-01-20T10:00:00.000Z', 'c2', money(2_000)),
  won('2024-02-03T10:00:00.000Z', 'c3', money(700, 'GBP')),
  reorder('2024-02-05T10:00:00.000Z', 'c1', 'c1-2', money(500)),
  reorder('2024-02-20T10:00:00.000Z', 'c3', 'c3-2', money(100, 'GBP')), // in its own cohort month
  lose('2024-03-10T10:00:00.000Z', 'c2'),
  reorder('2024-03-15T10:00:00.000Z', 'c3', 'c3-3', money(200, 'GBP')),
  reorder('2024-04-01T10:00:00.000Z', 'c1', 'c1-3', money(300)),
];

const endOfApril = '2024-04-30T00:00:00.000Z';

/** Clients k000, k001, … won one a day over 1-20 January and round again, in business-time order. */
const wonOverJanuary = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    won(`2024-01-${String(1 + (index % 20)).padStart(2, '0')}T10:00:00.000Z`, `k${String(index).padStart(3, '0')}`, money(100)),
  ).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));

type Bounds = { asOf?: string; asKnownAt?: string };

function retention(
  query: RetentionQuery,
  bounds: Bounds = { asOf: endOfApril },
  events: readonly LedgerEvent[] | readonly ProjectedEvent[] = history,
) {
  return answerOf(retentionProjection, events, query, bounds);
}

describe('retention projection', () => {
  describe('given three clients won in January and February, with reorders and one lost', () => {
    it('gives each monthly cohort its clients, retained clients and revenue per month offset up to the answer’s month', async () => {
      const answer = await retention({ period: {} });
      expect(answer.throughMonth).toBe('2024-04');
      expect(answer.cohorts).toEqual([
        {
          cohort: '2024-01',
          clients: 2,
          retained: [2, 1, 0, 1],
          retainedPct: [100, 50, 0, 50],
          revenue: { EUR: ['3000', '500', '0', '300'] },
          revenueRetainedPct: { EUR: [100, 16.7, 0, 10] },
          churned: 1,
          atRisk: 0,
        },
        {
          cohort: '2024-02',
          clients: 1,
          retained: [1, 1, 0],
          retainedPct: [100, 100, 0],
          revenue: { GBP: ['800', '200', '0'] },
          revenueRetainedPct: { GBP: [100, 25, 0] },
          churned: 0,
          atRisk: 0,
        },
      ]);
      expect(answer.atRiskTotal).toBe(0);
    });

    it('lists clients without an order for the given number of days as at risk, the lost ones as churned instead', async () => {
      // c3's last order was on 15 March (45.6 days before), c1's on 1 April (28.6 days); c2 is lost.
      const answer = await retention({ period: {}, atRiskDays: 30 });
      expect(answer.atRiskDays).toBe(30);
      expect(answer.clientsAtRisk).toEqual([{ clientId: 'c3', lastOrderAt: '2024-03-15T10:00:00.000Z', daysWithoutOrder: 45 }]);
      expect(answer.cohorts.map((cohort) => [cohort.cohort, cohort.atRisk, cohort.churned])).toEqual([
        ['2024-01', 0, 1],
        ['2024-02', 1, 0],
      ]);
    });

    it('defaults to 90 days for at risk', async () => {
      const answer = await retention({ period: {} }, { asOf: '2024-07-01T00:00:00.000Z' });
      expect(answer.atRiskDays).toBe(90);
      expect(answer.clientsAtRisk.map((client) => client.clientId)).toEqual(['c3', 'c1']);
    });

    it('keeps only the cohorts of clients won in the period', async () => {
      const answer = await retention({ period: { from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' } });
      expect(answer.cohorts.map((cohort) => cohort.cohort)).toEqual(['2024-02']);
    });

    it('counts, of a cohort month the period cuts, only the clients won in the period', async () => {
      const answer = await retention({ period: { from: '2024-01-15T00:00:00.000Z', to: '2024-02-03T10:00:00.000Z' } });
      // c2 alone of January (c1 was won on the 10th); c3 was won at the very end of the period, which excludes it.
      expect(answer.cohorts).toEqual([
        {
          cohort: '2024-01',
          clients: 1,
          retained: [1, 0, 0, 0],
          retainedPct: [100, 0, 0, 0],
          revenue: { EUR: ['2000', '0', '0', '0'] },
          revenueRetainedPct: { EUR: [100, 0, 0, 0] },
          churned: 1,
          atRisk: 0,
        },
      ]);
    });

    it('as of 1 March knows neither the loss nor the later orders', async () => {
      const answer = await retention({ period: {} }, { asOf: '2024-03-01T00:00:00.000Z' });
      expect(answer.throughMonth).toBe('2024-03');
      expect(answer.cohorts[0]).toMatchObject({
        cohort: '2024-01',
        retained: [2, 1, 0],
        revenue: { EUR: ['3000', '500', '0'] },
        churned: 0,
      });
      expect(answer.cohorts[1]).toMatchObject({ cohort: '2024-02', retained: [1, 0], revenue: { GBP: ['800', '0'] } });
    });

    it('as of a moment inside a month counts that month’s orders and losses up to the moment only', async () => {
      const answer = await retention({ period: {}, atRiskDays: 30 }, { asOf: '2024-03-12T00:00:00.000Z' });
      expect(answer.cohorts.map(({ cohort, retained, churned, atRisk }) => ({ cohort, retained, churned, atRisk }))).toEqual([
        // c2 was lost on 10 March; c1 had ordered last on 5 February, 36 days before.
        { cohort: '2024-01', retained: [2, 1, 0], churned: 1, atRisk: 1 },
        // c3's March order came on the 15th, after the moment.
        { cohort: '2024-02', retained: [1, 0], churned: 0, atRisk: 0 },
      ]);
      expect(answer.clientsAtRisk).toEqual([{ clientId: 'c1', lastOrderAt: '2024-02-05T10:00:00.000Z', daysWithoutOrder: 35 }]);
    });

    it('live, runs the offsets up to the current month and counts silence up to now', async () => {
      const answer = await retention({ period: {}, atRiskDays: 70 }, {});
      expect(answer.throughMonth).toBe('2024-06');
      expect(answer.cohorts.map(({ cohort, retained, revenue }) => ({ cohort, retained, revenue }))).toEqual([
        { cohort: '2024-01', retained: [2, 1, 0, 1, 0, 0], revenue: { EUR: ['3000', '500', '0', '300', '0', '0'] } },
        { cohort: '2024-02', retained: [1, 1, 0, 0, 0], revenue: { GBP: ['800', '200', '0', '0', '0'] } },
      ]);
      // 70 days before 1 June is 23 March: c3 last ordered on 15 March, c1 on 1 April.
      expect(answer.clientsAtRisk.map((client) => client.clientId)).toEqual(['c3']);
      expect(answer.atRiskTotal).toBe(1);
    });
  });

  describe('given a client won in February whose history was recorded only in May', () => {
    const late = recordedLate(
      [...history, won('2024-02-15T10:00:00.000Z', 'c4', money(600)), reorder('2024-02-25T10:00:00.000Z', 'c4', 'c4-2', money(400))],
      {
        8: '2024-05-02T08:00:00.000Z',
        9: '2024-05-02T08:00:01.000Z',
      },
    );

    it('counts it in the February cohort, live and as of any business time after its orders', async () => {
      const february = async (bounds: Bounds) => {
        const { cohort, clients, retained, revenue } = (await retention({ period: {} }, bounds, late)).cohorts[1]!;
        return { cohort, clients, retained, revenue };
      };
      expect(await february({})).toEqual({
        cohort: '2024-02',
        clients: 2,
        retained: [2, 1, 0, 0, 0],
        revenue: { EUR: ['1000', '0', '0', '0', '0'], GBP: ['800', '200', '0', '0', '0'] },
      });
      expect(await february({ asOf: endOfApril })).toEqual({
        cohort: '2024-02',
        clients: 2,
        retained: [2, 1, 0],
        revenue: { EUR: ['1000', '0', '0'], GBP: ['800', '200', '0'] },
      });
      expect(await february({ asOf: '2024-02-26T00:00:00.000Z' })).toEqual({
        cohort: '2024-02',
        clients: 2,
        retained: [2],
        revenue: { EUR: ['1000'], GBP: ['800'] },
      });
    });

    it('as known before May, the report then did not have it', async () => {
      const answer = await retention({ period: {} }, { asKnownAt: endOfApril }, late);
      expect(answer.cohorts[1]).toMatchObject({
        cohort: '2024-02',
        clients: 1,
        retained: [1, 1, 0],
        revenue: { GBP: ['800', '200', '0'] },
      });
      expect(answer).toEqual(await retention({ period: {} }, { asOf: endOfApril }));
      const both = await retention({ period: {} }, { asOf: '2024-02-26T00:00:00.000Z', asKnownAt: endOfApril }, late);
      expect(both.cohorts.map(({ cohort, clients, retained, revenue }) => ({ cohort, clients, retained, revenue }))).toEqual([
        { cohort: '2024-01', clients: 2, retained: [2, 1], revenue: { EUR: ['3000', '500'] } },
        { cohort: '2024-02', clients: 1, retained: [1], revenue: { GBP: ['800'] } },
      ]);
    });

    it('as known in May, counts its silence from its last order’s business time', async () => {
      // 40 days before 3 May is 24 March: c3 last ordered on 15 March, c4 on 25 February, c1 on 1 April; c2 is lost.
      const known = (asKnownAt: string) => retention({ period: {}, atRiskDays: 40 }, { asKnownAt }, late);
      expect((await known('2024-05-03T00:00:00.000Z')).clientsAtRisk).toEqual([
        { clientId: 'c4', lastOrderAt: '2024-02-25T10:00:00.000Z', daysWithoutOrder: 67 },
        { clientId: 'c3', lastOrderAt: '2024-03-15T10:00:00.000Z', daysWithoutOrder: 48 },
      ]);
      expect((await known('2024-05-01T00:00:00.000Z')).clientsAtRisk.map((client) => client.clientId)).toEqual(['c3']);
    });
  });

  it('answers the same wherever the rollups stopped summing the facts', async () => {
    const expected: unknown[] = [];
    for (let skipped = 0; skipped < 12; skipped++) {
      const stored = await storedProjection(retentionProjection, [
        ...Array.from({ length: skipped }, (_, index) => joined(index)),
        ...history,
      ]);
      try {
        const answers: RetentionAnswer[] = [];
        for (const bounds of [{}, { asOf: endOfApril }, { asOf: '2024-03-12T00:00:00.000Z' }, { asKnownAt: '2024-02-21T00:00:00.000Z' }]) {
          for (const query of [{ period: {} }, { period: { from: '2024-01-15T00:00:00.000Z' }, atRiskDays: 30 }])
            answers.push(await stored.ask(query, bounds));
        }
        if (skipped === 0) expected.push(...answers);
        else expect(answers).toEqual(expected);
      } finally {
        await stored.close();
      }
    }
  });

  it('lists at most 100 clients at risk, the longest silent first, then by client id, and counts them all', async () => {
    const clients = wonOverJanuary(105);
    const answer = await retention({ period: {} }, { asOf: endOfApril }, clients);
    expect(answer.atRiskTotal).toBe(105);
    expect(answer.cohorts[0]).toMatchObject({ clients: 105, atRisk: 105 });
    expect(answer.clientsAtRisk).toHaveLength(100);
    expect(answer.clientsAtRisk.slice(0, 3).map((client) => client.clientId)).toEqual(['k000', 'k020', 'k040']);
    // Six clients were won on each of 1-5 January, five on each later day: the hundredth is the last of 19 January.
    expect(answer.clientsAtRisk.at(-1)).toEqual({ clientId: 'k098', lastOrderAt: '2024-01-19T10:00:00.000Z', daysWithoutOrder: 101 });
  });

  it('as of a time, lists a client that ordered later by its latest order then, among the longest silent', async () => {
    const clients = wonOverJanuary(105);
    // Both ordered again in May: as of 30 April, z-early had been silent since its win on 1 January, z-late since 25 January.
    const history = [
      won('2024-01-01T09:00:00.000Z', 'z-early', money(100)),
      ...clients,
      won('2024-01-25T10:00:00.000Z', 'z-late', money(100)),
      reorder('2024-05-15T10:00:00.000Z', 'z-early', 'z-early-2', money(100)),
      reorder('2024-05-16T10:00:00.000Z', 'z-late', 'z-late-2', money(100)),
    ];
    const answer = await retention({ period: {} }, { asOf: endOfApril }, history);
    expect(answer.atRiskTotal).toBe(107);
    expect(answer.clientsAtRisk[0]).toEqual({ clientId: 'z-early', lastOrderAt: '2024-01-01T09:00:00.000Z', daysWithoutOrder: 119 });
    expect(answer.clientsAtRisk).toHaveLength(100);
    expect(answer.clientsAtRisk.at(-1)).toMatchObject({ clientId: 'k078', lastOrderAt: '2024-01-19T10:00:00.000Z' });
    expect(answer.clientsAtRisk.map((client) => client.clientId)).not.toContain('z-late');
  });

  it('never sees an order from a lost client: the ledger refuses it', async () => {
    const c2Stream = history.filter(
      (event) => event.type !== 'EmployeeJoined' && 'clientId' in event.data && event.data.clientId === 'c2',
    ) as ClientEvent[];
    const state = foldStream(clientDecider, c2Stream);
    const decision = clientDecider.decide(
      {
        type: 'PlaceReorder',
        occurredAt: '2024-03-20T10:00:00.000Z',
        data: { clientId: 'c2', orderId: 'c2-2', total: money(900), takenBy: 'rep-a' },
      },
      state,
      { now: new Date(endOfApril), maxClockSkewMs: 0, earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT },
    );
    expect(decision).toMatchObject({ ok: false, failure: { code: 'CLIENT_LOST' } });
    expect((await retention({ period: {} })).cohorts[0]!.revenue).toEqual({ EUR: ['3000', '500', '0', '300'] });
  });
});
