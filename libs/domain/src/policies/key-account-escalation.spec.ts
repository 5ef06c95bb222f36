import type { Money } from '../shared/money';
import type { Department, Role } from '../shared/organisation';
import { cited, clientWon, employeeJoined, escalated, EUR, handedOff, lost, ref, reorderPlaced } from '../testing/events';
import { escalate } from '../testing/policy-decisions';
import { type GivenEvent, policySpec } from '../testing/policy-spec';
import { keyAccountDecisions, type KeyAccountParameters } from './key-account-escalation';
import type { PolicyDecision } from './policy-facts';

const escalationWith = (parameters: KeyAccountParameters) => policySpec((facts, now) => keyAccountDecisions(facts, now, parameters));
const given = escalationWith({ thresholds: { EUR: 100_000 } });

const USD = (amount: number): Money => ({ amount, currency: 'USD' });
const GBP = (amount: number): Money => ({ amount, currency: 'GBP' });

// The cast: a sales rep who wins the clients, a key-account manager who may own them.
const joined = (employeeId: string, department: Department = 'key_accounts', role: Role = 'manager') =>
  employeeJoined(employeeId, department, role, '2022-12-01T09:00:00.000Z');
const anna = joined('rep-anna', 'sales', 'rep');
const kim = joined('kam-kim');

const won = (total: Money, occurredAt = '2024-01-10T10:00:00.000Z', clientId = 'acme') => clientWon(clientId, total, occurredAt);
const reorder = (
  orderId: string,
  total: Money,
  occurredAt: string,
  clientId = 'acme',
  creditedDepartment?: Department,
  creditedOwnerId?: string,
) => reorderPlaced({ clientId, orderId, total, occurredAt }, { department: creditedDepartment, ownerId: creditedOwnerId });

const NOW = '2024-06-01T12:00:00.000Z';

/** acme's story after the cast (anna and kim) joined, and what the policy decides at NOW. */
interface AcmeStory {
  readonly story: string;
  readonly afterTheCast: GivenEvent[];
  readonly decisions: PolicyDecision[];
}
const decidesAtNow = ({ afterTheCast, decisions }: AcmeStory) =>
  given([anna, kim, ...afterTheCast])
    .at(NOW)
    .then(decisions);

describe('key-account escalation policy', () => {
  describe('the threshold of the currency (EUR 100,000 minor units)', () => {
    it.each<AcmeStory>([
      {
        story: '99,999 over the trailing 12 months: nothing',
        afterTheCast: [won(EUR(60_000)), reorder('o-2', EUR(39_999), '2024-03-01T10:00:00.000Z')],
        decisions: [],
      },
      {
        story: 'exactly 100,000: escalated to the key accounts department, citing the order that reached it',
        afterTheCast: [won(EUR(60_000)), cited(reorder('o-2', EUR(40_000), '2024-03-01T10:00:00.000Z'), 'o-2')],
        decisions: [escalate(ref('o-2'), { revenue: 100_000, occurredAt: NOW })],
      },
      {
        story: 'the first order counts too: a first order of 100,000 escalates, citing the win',
        afterTheCast: [cited(won(EUR(100_000)), 'won')],
        decisions: [escalate(ref('won'), { revenue: 100_000, occurredAt: NOW })],
      },
      {
        story: 'above it: one escalation, citing the first order that reached it',
        afterTheCast: [
          won(EUR(60_000)),
          cited(reorder('o-2', EUR(50_000), '2024-03-01T10:00:00.000Z'), 'o-2'),
          reorder('o-3', EUR(30_000), '2024-04-01T10:00:00.000Z'),
        ],
        decisions: [escalate(ref('o-2'), { revenue: 110_000, occurredAt: NOW })],
      },
    ])('$story', decidesAtNow);

    it("the escalation is never dated before the client's latest event (a clock behind business time)", () => {
      given([anna, kim, cited(won(EUR(100_000)), 'won'), reorder('o-2', EUR(1_000), '2024-06-01T12:03:00.000Z')])
        .at(NOW)
        .then([escalate(ref('won'), { revenue: 100_000, occurredAt: '2024-06-01T12:03:00.000Z' })]);
    });
  });

  describe('the trailing 12 months', () => {
    // 60,000 first ordered, 50,000 reordered: the threshold is reached only when the first order is in the reorder's 12 months.
    const reachedAtTheReorder = [escalate(ref('o-2'), { revenue: 110_000, occurredAt: NOW })];
    it.each([
      {
        story: 'an order older than 12 months before the latest does not count: 60,000 in January 2023 and 50,000 in February 2024',
        firstOrderAt: '2023-01-15T10:00:00.000Z',
        reorderAt: '2024-02-15T10:00:00.000Z',
        decisions: [],
      },
      {
        story: '60,000 in March 2023 and 50,000 in February 2024 reach it, at the February order',
        firstOrderAt: '2023-03-15T10:00:00.000Z',
        reorderAt: '2024-02-15T10:00:00.000Z',
        decisions: reachedAtTheReorder,
      },
      {
        story: 'an order exactly 12 months earlier is outside the window',
        firstOrderAt: '2023-02-15T10:00:00.000Z',
        reorderAt: '2024-02-15T10:00:00.000Z',
        decisions: [],
      },
      {
        story: 'an order a millisecond less than 12 months earlier is inside it',
        firstOrderAt: '2023-02-15T10:00:00.001Z',
        reorderAt: '2024-02-15T10:00:00.000Z',
        decisions: reachedAtTheReorder,
      },
      {
        story:
          '12 months before 29 February is 28 February: an order on 28 February 2023 at noon counts for one on 29 February 2024 at 10:00',
        firstOrderAt: '2023-02-28T12:00:00.000Z',
        reorderAt: '2024-02-29T10:00:00.000Z',
        decisions: reachedAtTheReorder,
      },
    ])('$story', ({ firstOrderAt, reorderAt, decisions }) => {
      given([anna, kim, won(EUR(60_000), firstOrderAt), cited(reorder('o-2', EUR(50_000), reorderAt), 'o-2')])
        .at(NOW)
        .then(decisions);
    });

    it('once reached, it stays reached, even looked at after the older order has left the window', () => {
      given([
        anna,
        kim,
        won(EUR(60_000), '2023-03-15T10:00:00.000Z'),
        cited(reorder('o-2', EUR(50_000), '2024-02-15T10:00:00.000Z'), 'o-2'),
      ])
        .at('2024-09-01T10:00:00.000Z')
        .then([escalate(ref('o-2'), { revenue: 110_000, occurredAt: '2024-09-01T10:00:00.000Z' })]);
    });

    it('revenue that fell as old orders left the window and then rose again reaches it at the order that crossed it', () => {
      const history = [
        anna,
        kim,
        won(EUR(60_000), '2023-01-15T10:00:00.000Z'),
        reorder('o-2', EUR(30_000), '2023-06-15T10:00:00.000Z'), // 90,000
        reorder('o-3', EUR(20_000), '2024-02-15T10:00:00.000Z'), // January 2023 left: 50,000
      ];
      given(history).at(NOW).thenNothing();
      given([...history, cited(reorder('o-4', EUR(50_000), '2024-03-15T10:00:00.000Z'), 'o-4')]) // 30,000 + 20,000 + 50,000
        .at(NOW)
        .then([escalate(ref('o-4'), { revenue: 100_000, occurredAt: NOW })]);
    });
  });

  describe('currencies', () => {
    const perCurrency = escalationWith({ thresholds: { EUR: 100_000, USD: 120_000 } });

    it('are never added together: EUR 60,000 and USD 60,000 is nothing', () => {
      perCurrency([anna, kim, won(EUR(60_000)), reorder('o-2', USD(60_000), '2024-02-01T10:00:00.000Z')])
        .at(NOW)
        .thenNothing();
    });

    it("each is held to its own threshold: USD reaching 120,000 escalates, naming USD's rule", () => {
      perCurrency([
        anna,
        kim,
        won(EUR(99_000)),
        reorder('o-2', USD(100_000), '2024-02-01T10:00:00.000Z'),
        cited(reorder('o-3', USD(20_000), '2024-03-01T10:00:00.000Z'), 'o-3'),
      ])
        .at(NOW)
        .then([escalate(ref('o-3'), { revenue: 120_000, occurredAt: NOW, currency: 'USD', threshold: 120_000 })]);
    });

    it('with two currencies past their thresholds, the earlier order counts', () => {
      perCurrency([
        anna,
        kim,
        won(EUR(60_000)),
        cited(reorder('o-2', USD(120_000), '2024-02-01T10:00:00.000Z'), 'o-2'),
        reorder('o-3', EUR(40_000), '2024-03-01T10:00:00.000Z'),
      ])
        .at(NOW)
        .then([escalate(ref('o-2'), { revenue: 120_000, occurredAt: NOW, currency: 'USD', threshold: 120_000 })]);
    });

    it('a currency without a threshold never escalates', () => {
      given([anna, kim, won(GBP(500_000)), reorder('o-2', GBP(500_000), '2024-02-01T10:00:00.000Z')])
        .at(NOW)
        .thenNothing();
    });
  });

  // Who among the candidates owns the account: client-moves.spec.ts, for both policies.
  describe('the owner', () => {
    const acmeReachingIt = cited(won(EUR(100_000)), 'won');

    it('with nobody in the key accounts department, the client waits and says why', () => {
      given([anna, joined('emp-ada', 'client', 'manager'), acmeReachingIt])
        .at(NOW)
        .then([
          {
            kind: 'waiting',
            clientId: 'acme',
            reason: 'the key accounts department has nobody to own the account',
            rule: { name: 'escalate-on-trailing-12-month-revenue', parameters: { currency: 'EUR', threshold: 100_000, months: 12 } },
            cause: ref('won'),
          },
        ]);
    });

    it('once someone joins, the waiting client is escalated to them', () => {
      given([anna, acmeReachingIt, { ...joined('kam-kim'), occurredAt: '2024-05-01T09:00:00.000Z' }])
        .at(NOW)
        .then([escalate(ref('won'), { revenue: 100_000, occurredAt: NOW })]);
    });
  });

  describe('due or not', () => {
    it.each<AcmeStory>([
      {
        story: 'a client the client department owns escalates too',
        afterTheCast: [
          joined('mgr-carl', 'client', 'manager'),
          won(EUR(60_000)),
          handedOff('mgr-carl', '2024-02-01T10:00:00.000Z'),
          cited(reorder('o-2', EUR(40_000), '2024-03-01T10:00:00.000Z', 'acme', 'client', 'mgr-carl'), 'o-2'),
        ],
        decisions: [escalate(ref('o-2'), { revenue: 100_000, occurredAt: NOW })],
      },
      {
        story: 'not a client that is already a key account',
        afterTheCast: [
          won(EUR(100_000)),
          escalated('kam-kim', '2024-01-11T10:00:00.000Z'),
          reorder('o-2', EUR(200_000), '2024-03-01T10:00:00.000Z', 'acme', 'key_accounts', 'kam-kim'),
        ],
        decisions: [],
      },
      {
        story: 'not a lost client',
        afterTheCast: [won(EUR(60_000)), reorder('o-2', EUR(50_000), '2024-03-01T10:00:00.000Z'), lost('2024-03-02T10:00:00.000Z')],
        decisions: [],
      },
    ])('$story', decidesAtNow);
  });
});
