import { fold } from '../shared/decider';
import type { FailureCode } from '../shared/failure';
import { MAX_ORDER_AMOUNT, type Money } from '../shared/money';
import type { Department } from '../shared/organisation';
import { clientWon, escalated as escalatedTo, EUR, eventOf, handedOff as handedOffTo, lost as lostAt } from '../testing/events';
import { commandOf, itFoldsTheStates, SPEC_AT as at, specFor } from '../testing/given-when-then';
import {
  type ClientCommand,
  clientDecider,
  type ClientOrder,
  type EscalateKeyAccount,
  type HandOffClient,
  type KeyAccountEscalated,
  type LoseClient,
  type PlaceReorder,
  type ReorderPlaced,
  type WinClient,
} from './client';

const given = specFor(clientDecider);

const reorderPlaced = (
  orderId: string,
  creditedDepartment: Department,
  creditedOwnerId: string,
  total: Money = EUR(1_000),
  occurredAt = at,
  takenBy = 'rep-anna',
): ReorderPlaced =>
  eventOf('ReorderPlaced', occurredAt, { clientId: 'acme', orderId, total, takenBy, creditedDepartment, creditedOwnerId });

// A client's life: won by a sales rep, a reorder, handed to a client manager, escalated to a key-account manager, lost.
const won = clientWon('acme', EUR(125_000), '2024-03-05T10:00:00.000Z');
const reorderedInSales = reorderPlaced('o-2', 'sales', 'rep-anna', EUR(50_000), '2024-04-01T10:00:00.000Z');
const handedOff = handedOffTo('mgr-carl', '2024-04-02T10:00:00.000Z');
const escalatedFromSales = escalatedTo('kam-kim', '2024-05-02T10:00:00.000Z');
const escalatedFromClientDepartment: KeyAccountEscalated = {
  ...escalatedFromSales,
  data: { ...escalatedFromSales.data, fromDepartment: 'client', fromOwnerId: 'mgr-carl' },
};
const lost = lostAt('2024-05-20T10:00:00.000Z');

const win = (firstOrderTotal: Money = EUR(125_000), occurredAt = won.occurredAt) =>
  commandOf<WinClient>('WinClient', occurredAt, {
    clientId: 'acme',
    leadId: 'lead-acme',
    repId: 'rep-anna',
    firstOrder: { orderId: 'acme-o-1', total: firstOrderTotal },
  });
const reorder = (orderId: string, total: Money = EUR(1_000), occurredAt = at, takenBy = 'rep-anna') =>
  commandOf<PlaceReorder>('PlaceReorder', occurredAt, { clientId: 'acme', orderId, total, takenBy });
const handOff = (occurredAt = at) =>
  commandOf<HandOffClient>('HandOffClient', occurredAt, { clientId: 'acme', toManagerId: 'mgr-carl', reason: 'repeat buyer' });
const escalate = (occurredAt = at, ownerId = 'kam-kim', ownerDepartment: Department = 'key_accounts') =>
  commandOf<EscalateKeyAccount>('EscalateKeyAccount', occurredAt, { clientId: 'acme', ownerId, ownerDepartment, reason: 'big fish' });
const lose = (occurredAt = at, competitor: string | null = 'Globex') =>
  commandOf<LoseClient>('LoseClient', occurredAt, { clientId: 'acme', reason: 'price', competitor });

describe('client', () => {
  describe('winning a client', () => {
    it('a won lead starts the client in the sales department, owned by the winning rep, with its first order', () => {
      given([]).when(win()).then([won]);
    });

    it('the first order may be in any known currency', () => {
      given([])
        .when(win({ amount: 99, currency: 'JPY' }))
        .then([{ ...won, data: { ...won.data, firstOrder: { orderId: 'acme-o-1', total: { amount: 99, currency: 'JPY' } } } }]);
    });

    it('a client is won once: CLIENT_ALREADY_WON', () => {
      given([won])
        .when(win(EUR(1), at))
        .thenFails('CLIENT_ALREADY_WON', 'clientId');
    });

    it('a lost client is not won again under the same id: CLIENT_ALREADY_WON', () => {
      given([won, lost])
        .when(win(EUR(1), at))
        .thenFails('CLIENT_ALREADY_WON', 'clientId');
    });

    it('a first order of nothing is refused: ORDER_TOTAL_NOT_POSITIVE', () => {
      given([])
        .when(win(EUR(0)))
        .thenFails('ORDER_TOTAL_NOT_POSITIVE', 'firstOrder.total.amount');
    });

    it.each([
      ['a float amount', { amount: 19.99, currency: 'EUR' }, 'MONEY_AMOUNT_NOT_INTEGER', 'firstOrder.total.amount'],
      ['a negative amount', { amount: -5, currency: 'EUR' }, 'MONEY_AMOUNT_NEGATIVE', 'firstOrder.total.amount'],
      [
        'an amount over the business maximum',
        { amount: MAX_ORDER_AMOUNT + 1, currency: 'EUR' },
        'MONEY_AMOUNT_UNSAFE',
        'firstOrder.total.amount',
      ],
      ['an unsafe amount', { amount: 2 ** 53, currency: 'EUR' }, 'MONEY_AMOUNT_UNSAFE', 'firstOrder.total.amount'],
      ['an unknown currency', { amount: 5, currency: 'XXY' }, 'CURRENCY_UNKNOWN', 'firstOrder.total.currency'],
      ['a lowercase currency', { amount: 5, currency: 'eur' }, 'CURRENCY_UNKNOWN', 'firstOrder.total.currency'],
    ] as const)('a first order with %s is refused', (_name, total, code: FailureCode, field) => {
      given([]).when(win(total)).thenFails(code, field);
    });
  });

  describe('reorders', () => {
    it('a reorder is credited to the department owning the client at that moment: sales, before the handoff', () => {
      given([won])
        .when(reorder('o-2', EUR(50_000), reorderedInSales.occurredAt))
        .then([reorderedInSales]);
    });

    it('after the handoff a reorder is credited to the client manager, whoever took it', () => {
      given([won, reorderedInSales, handedOff])
        .when(reorder('o-3', EUR(70_000)))
        .then([reorderPlaced('o-3', 'client', 'mgr-carl', EUR(70_000))]);
    });

    it('after an escalation a reorder is credited to the key-account owner', () => {
      given([won, handedOff, escalatedFromClientDepartment])
        .when(reorder('o-4', EUR(1_000), at, 'mgr-carl'))
        .then([reorderPlaced('o-4', 'key_accounts', 'kam-kim', EUR(1_000), at, 'mgr-carl')]);
    });

    it('a reorder may be in another currency than the first order', () => {
      given([won])
        .when(reorder('o-2', { amount: 300, currency: 'GBP' }))
        .then([reorderPlaced('o-2', 'sales', 'rep-anna', { amount: 300, currency: 'GBP' })]);
    });

    it('an order id is recorded once per client: ORDER_ALREADY_PLACED for a reorder id', () => {
      given([won, reorderedInSales]).when(reorder('o-2')).thenFails('ORDER_ALREADY_PLACED', 'orderId');
    });

    it("an order id is recorded once per client: ORDER_ALREADY_PLACED for the first order's id", () => {
      given([won]).when(reorder('acme-o-1')).thenFails('ORDER_ALREADY_PLACED', 'orderId');
    });

    it.each([
      ['of nothing', EUR(0), 'ORDER_TOTAL_NOT_POSITIVE', 'total.amount'],
      ['with a float amount', EUR(10.5), 'MONEY_AMOUNT_NOT_INTEGER', 'total.amount'],
      ['with a negative amount', EUR(-1), 'MONEY_AMOUNT_NEGATIVE', 'total.amount'],
      ['over the business maximum', EUR(MAX_ORDER_AMOUNT + 1), 'MONEY_AMOUNT_UNSAFE', 'total.amount'],
      ['in an unknown currency', { amount: 100, currency: 'XXY' }, 'CURRENCY_UNKNOWN', 'total.currency'],
      ['without a currency', { amount: 100, currency: '' }, 'CURRENCY_UNKNOWN', 'total.currency'],
    ] as const)('a reorder %s is refused', (_name, total, code: FailureCode, field) => {
      given([won]).when(reorder('o-2', total)).thenFails(code, field);
    });
  });

  describe('handing a client off to the client department', () => {
    it('moves the client from its sales owner to a client manager', () => {
      given([won]).when(handOff(handedOff.occurredAt)).then([handedOff]);
    });

    it('records the sales owner it came from', () => {
      given([won, reorderedInSales])
        .when(handOff())
        .then([{ ...handedOff, occurredAt: at }]);
    });

    it.each([
      ['a handoff', handedOff],
      ['an escalation to key accounts', escalatedFromSales],
    ])('happens only while sales owns the client: not after %s (HANDOFF_NOT_FROM_SALES)', (_name, moved) => {
      given([won, moved]).when(handOff()).thenFails('HANDOFF_NOT_FROM_SALES');
    });
  });

  describe('escalating a client to a key account', () => {
    it('names the new owner and records the department and owner it came from: the client department', () => {
      given([won, handedOff]).when(escalate(escalatedFromClientDepartment.occurredAt)).then([escalatedFromClientDepartment]);
    });

    it('may escalate straight from sales, recording the sales rep it came from', () => {
      given([won]).when(escalate(escalatedFromSales.occurredAt)).then([escalatedFromSales]);
    });

    it('may name a client-department owner', () => {
      given([won])
        .when(escalate(at, 'mgr-dora', 'client'))
        .then([
          {
            type: 'KeyAccountEscalated',
            occurredAt: at,
            data: {
              clientId: 'acme',
              fromDepartment: 'sales',
              fromOwnerId: 'rep-anna',
              ownerId: 'mgr-dora',
              ownerDepartment: 'client',
              reason: 'big fish',
            },
          },
        ]);
    });

    it('a key account is escalated once: ALREADY_KEY_ACCOUNT', () => {
      given([won, handedOff, escalatedFromClientDepartment]).when(escalate()).thenFails('ALREADY_KEY_ACCOUNT');
      given([won, escalatedFromSales]).when(escalate(at, 'kam-lee')).thenFails('ALREADY_KEY_ACCOUNT');
    });
  });

  describe('losing a client', () => {
    it('records the reason and the competitor', () => {
      given([won]).when(lose(lost.occurredAt)).then([lost]);
    });

    it('may be lost to no known competitor, from any department', () => {
      given([won, handedOff, escalatedFromClientDepartment])
        .when(lose(at, null))
        .then([{ type: 'ClientLost', occurredAt: at, data: { clientId: 'acme', reason: 'price', competitor: null } }]);
    });
  });

  // Every command but the win acts on a client won and not lost since (a lost client is lost once).
  describe.each([
    ['placing a reorder', () => reorder('o-2')],
    ['handing a client off', () => handOff()],
    ['escalating a client', () => escalate()],
    ['losing a client', () => lose()],
  ])('%s', (_, command: () => ClientCommand) => {
    it('needs a won client: CLIENT_NOT_FOUND', () => {
      given([]).when(command()).thenFails('CLIENT_NOT_FOUND');
    });

    it('not of a lost client: CLIENT_LOST', () => {
      given([won, lost]).when(command()).thenFails('CLIENT_LOST');
    });
  });

  describe('business time on the client stream', () => {
    const lifeSoFar = [won, reorderedInSales, handedOff];
    const beforeHandoff = '2024-04-02T09:59:59.999Z';

    it('may equal the time of the latest event', () => {
      given([won])
        .when(reorder('o-3', EUR(1), won.occurredAt))
        .then([reorderPlaced('o-3', 'sales', 'rep-anna', EUR(1), won.occurredAt)]);
    });

    it('is normalised to ISO UTC', () => {
      given([won])
        .when(reorder('o-3', EUR(1), '2024-06-01T13:00:00+02:00'))
        .then([reorderPlaced('o-3', 'sales', 'rep-anna', EUR(1), at)]);
    });

    it.each<[string, ClientCommand]>([
      ['a reorder', reorder('o-9', EUR(1), beforeHandoff)],
      ['a handoff', handOff(beforeHandoff)],
      ['an escalation', escalate(beforeHandoff)],
      ['a loss', lose(beforeHandoff)],
      ['a second win', win(EUR(1), beforeHandoff)],
    ])('never runs backwards: %s before the latest event is refused with OCCURRED_AT_BACKWARDS', (_name, command) => {
      given(lifeSoFar).when(command).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
    });

    it.each<[string, ClientCommand]>([
      ['a win', win(EUR(1), '2024-06-01T12:05:00.001Z')],
      ['a reorder', reorder('o-9', EUR(1), '2024-06-01T12:06:00.000Z')],
      ['an escalation', escalate('2025-01-01T00:00:00.000Z')],
    ])('does not lie beyond the allowed clock skew: %s far ahead is refused with OCCURRED_AT_IN_FUTURE', (_name, command) => {
      given(command.type === 'WinClient' ? [] : [won])
        .when(command)
        .thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
    });

    it.each<[string, ClientCommand]>([
      ['a win in year 0001', win(EUR(1), '0001-01-01T00:00:00.000Z')],
      ['a win a millisecond before 2000', win(EUR(1), '1999-12-31T23:59:59.999Z')],
    ])('does not lie before the earliest business time: %s is refused with OCCURRED_AT_TOO_EARLY', (_name, command) => {
      given([]).when(command).thenFails('OCCURRED_AT_TOO_EARLY', 'occurredAt');
    });

    it('is checked before anything else', () => {
      given([])
        .when(reorder('o-9', EUR(1), 'whenever'))
        .thenFails('OCCURRED_AT_INVALID', 'occurredAt');
    });
  });

  describe('the state a reader folds', () => {
    // The first order as the folded state lists it, taken by the rep who won the client and credited to sales.
    const wonOrder: ClientOrder = {
      orderId: 'acme-o-1',
      total: EUR(125_000),
      kind: 'first',
      occurredAt: won.occurredAt,
      takenBy: 'rep-anna',
      creditedDepartment: 'sales',
      creditedOwnerId: 'rep-anna',
    };

    itFoldsTheStates(clientDecider, [
      {
        story: 'a client not yet won has no orders and is no key account',
        given: [],
        is: { status: 'none', keyAccount: false, orders: [] },
      },
      {
        story: 'a won client is active, owned by sales and the winning rep, with its first order',
        given: [won],
        is: {
          status: 'active',
          clientId: 'acme',
          leadId: 'lead-acme',
          wonBy: 'rep-anna',
          wonAt: won.occurredAt,
          owningDepartment: 'sales',
          ownerId: 'rep-anna',
          keyAccount: false,
          orders: [wonOrder],
          latestOccurredAt: won.occurredAt,
        },
      },
      {
        story: 'a handed-off client is owned by the client manager',
        given: [won, handedOff],
        has: { status: 'active', owningDepartment: 'client', ownerId: 'mgr-carl', keyAccount: false },
      },
      {
        story: 'an escalated client is a key account owned by its key-account owner',
        given: [won, handedOff, escalatedFromClientDepartment],
        has: { owningDepartment: 'key_accounts', ownerId: 'kam-kim', keyAccount: true },
      },
    ]);

    it('every order is listed in order, each with whom it was credited to', () => {
      const reorderedByManager = reorderPlaced('o-3', 'client', 'mgr-carl', EUR(70_000), '2024-04-03T10:00:00.000Z', 'mgr-carl');
      const state = fold(clientDecider, [won, reorderedInSales, handedOff, reorderedByManager]);
      expect(state.orders).toEqual([
        wonOrder,
        {
          orderId: 'o-2',
          total: EUR(50_000),
          kind: 'reorder',
          occurredAt: reorderedInSales.occurredAt,
          takenBy: 'rep-anna',
          creditedDepartment: 'sales',
          creditedOwnerId: 'rep-anna',
        },
        {
          orderId: 'o-3',
          total: EUR(70_000),
          kind: 'reorder',
          occurredAt: '2024-04-03T10:00:00.000Z',
          takenBy: 'mgr-carl',
          creditedDepartment: 'client',
          creditedOwnerId: 'mgr-carl',
        },
      ]);
    });

    it('a lost client keeps its history, owner and orders, with the reason and competitor', () => {
      const state = fold(clientDecider, [won, reorderedInSales, handedOff, escalatedFromClientDepartment, lost]);
      expect(state).toMatchObject({
        status: 'lost',
        clientId: 'acme',
        wonBy: 'rep-anna',
        owningDepartment: 'key_accounts',
        ownerId: 'kam-kim',
        keyAccount: true,
        lostAt: lost.occurredAt,
        lostReason: 'price',
        competitor: 'Globex',
        latestOccurredAt: lost.occurredAt,
      });
      expect(state.orders.map((order) => order.orderId)).toEqual(['acme-o-1', 'o-2']);
    });
  });
});
