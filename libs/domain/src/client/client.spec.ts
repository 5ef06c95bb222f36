import { specFor } from '../testing/given-when-then';
import { fold } from '../shared/decider';
import { clientDecider, type ClientEvent, type ClientWon, type ReorderPlaced } from './client';

const spec = specFor(clientDecider);
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

const won: ClientWon = {
  type: 'ClientWon',
  occurredAt: '2024-03-05T10:00:00.000Z',
  data: { clientId: 'acme', leadId: 'lead-acme', repId: 'rep-anna', department: 'sales', firstOrder: { orderId: 'o-1', total: EUR(125_000) } },
};
const reorderBySales: ReorderPlaced = {
  type: 'ReorderPlaced',
  occurredAt: '2024-04-01T10:00:00.000Z',
  data: { clientId: 'acme', orderId: 'o-2', total: EUR(50_000), takenBy: 'rep-anna', creditedDepartment: 'sales', creditedOwnerId: 'rep-anna' },
};
const handedOff: ClientEvent = {
  type: 'ClientHandedToClientDepartment',
  occurredAt: '2024-04-02T10:00:00.000Z',
  data: { clientId: 'acme', fromDepartment: 'sales', fromOwnerId: 'rep-anna', toDepartment: 'client', toManagerId: 'mgr-carl', reason: 'repeat buyer' },
};
const escalated: ClientEvent = {
  type: 'KeyAccountEscalated',
  occurredAt: '2024-05-02T10:00:00.000Z',
  data: { clientId: 'acme', fromDepartment: 'client', fromOwnerId: 'mgr-carl', ownerId: 'kam-kim', ownerDepartment: 'key_accounts', reason: 'big fish' },
};
const lost: ClientEvent = { type: 'ClientLost', occurredAt: '2024-06-01T10:00:00.000Z', data: { clientId: 'acme', reason: 'price', competitor: 'Globex' } };

const at = '2024-06-01T11:00:00.000Z';
const reorder = (orderId: string, total = EUR(1_000), occurredAt = at) =>
  ({ type: 'PlaceReorder', occurredAt, data: { clientId: 'acme', orderId, total, takenBy: 'rep-anna' } }) as const;

describe('client', () => {
  describe('winning', () => {
    it('a won lead starts the client in the sales department, credited to the winning rep', () => {
      spec([])
        .when({ type: 'WinClient', occurredAt: won.occurredAt, data: { clientId: 'acme', leadId: 'lead-acme', repId: 'rep-anna', firstOrder: { orderId: 'o-1', total: EUR(125_000) } } })
        .then([won]);
    });

    it('a client is won once', () => {
      spec([won])
        .when({ type: 'WinClient', occurredAt: at, data: { clientId: 'acme', leadId: 'lead-2', repId: 'rep-anna', firstOrder: { orderId: 'o-9', total: EUR(1) } } })
        .thenFails('CLIENT_ALREADY_WON', 'clientId');
    });

    it('a first order must be worth something', () => {
      spec([])
        .when({ type: 'WinClient', occurredAt: at, data: { clientId: 'acme', leadId: 'l', repId: 'r', firstOrder: { orderId: 'o-1', total: EUR(0) } } })
        .thenFails('ORDER_TOTAL_NOT_POSITIVE', 'firstOrder.total.amount');
    });

    it.each([
      ['MONEY_AMOUNT_NOT_INTEGER', { amount: 19.99, currency: 'EUR' }, 'firstOrder.total.amount'],
      ['MONEY_AMOUNT_NEGATIVE', { amount: -5, currency: 'EUR' }, 'firstOrder.total.amount'],
      ['CURRENCY_UNKNOWN', { amount: 5, currency: 'EURO' }, 'firstOrder.total.currency'],
    ] as const)('a first order with bad money is refused with %s', (code, total, field) => {
      spec([])
        .when({ type: 'WinClient', occurredAt: at, data: { clientId: 'acme', leadId: 'l', repId: 'r', firstOrder: { orderId: 'o-1', total } } })
        .thenFails(code, field);
    });
  });

  describe('reorders', () => {
    it('a reorder is credited to the department owning the client at that moment: sales before the handoff', () => {
      spec([won]).when(reorder('o-2', EUR(50_000), reorderBySales.occurredAt)).then([reorderBySales]);
    });

    it('after the handoff a reorder is credited to the client manager', () => {
      spec([won, handedOff])
        .when(reorder('o-3', EUR(70_000)))
        .then([
          {
            type: 'ReorderPlaced',
            occurredAt: at,
            data: { clientId: 'acme', orderId: 'o-3', total: EUR(70_000), takenBy: 'rep-anna', creditedDepartment: 'client', creditedOwnerId: 'mgr-carl' },
          },
        ]);
    });

    it('after escalation a reorder is credited to the key-account owner', () => {
      spec([won, handedOff, escalated])
        .when(reorder('o-4'))
        .then([
          {
            type: 'ReorderPlaced',
            occurredAt: at,
            data: { clientId: 'acme', orderId: 'o-4', total: EUR(1_000), takenBy: 'rep-anna', creditedDepartment: 'key_accounts', creditedOwnerId: 'kam-kim' },
          },
        ]);
    });

    it('an order id is recorded once per client, the first order included', () => {
      spec([won, reorderBySales]).when(reorder('o-2')).thenFails('ORDER_ALREADY_PLACED', 'orderId');
      spec([won]).when(reorder('o-1')).thenFails('ORDER_ALREADY_PLACED', 'orderId');
    });

    it('a reorder needs a won client', () => {
      spec([]).when(reorder('o-2')).thenFails('CLIENT_NOT_FOUND');
    });

    it('a lost client places no orders', () => {
      spec([won, lost]).when(reorder('o-2', EUR(1), at)).thenFails('CLIENT_LOST');
    });

    it('a reorder of zero or with a float is refused', () => {
      spec([won]).when(reorder('o-2', EUR(0))).thenFails('ORDER_TOTAL_NOT_POSITIVE', 'total.amount');
      spec([won]).when(reorder('o-2', EUR(10.5))).thenFails('MONEY_AMOUNT_NOT_INTEGER', 'total.amount');
    });
  });

  describe('handoff to the client department', () => {
    const handOff = { type: 'HandOffClient', occurredAt: handedOff.occurredAt, data: { clientId: 'acme', toManagerId: 'mgr-carl', reason: 'repeat buyer' } } as const;

    it('moves the client from its sales owner to a client manager', () => {
      spec([won]).when(handOff).then([handedOff]);
    });

    it('happens only while the sales department owns the client', () => {
      spec([won, handedOff]).when({ ...handOff, occurredAt: at }).thenFails('HANDOFF_NOT_FROM_SALES');
      spec([won, { ...escalated, data: { ...escalated.data, fromDepartment: 'sales', fromOwnerId: 'rep-anna' } }])
        .when({ ...handOff, occurredAt: at })
        .thenFails('HANDOFF_NOT_FROM_SALES');
    });

    it('needs a won, not lost client', () => {
      spec([]).when(handOff).thenFails('CLIENT_NOT_FOUND');
      spec([won, lost]).when({ ...handOff, occurredAt: at }).thenFails('CLIENT_LOST');
    });
  });

  describe('key-account escalation', () => {
    const escalate = { type: 'EscalateKeyAccount', occurredAt: escalated.occurredAt, data: { clientId: 'acme', ownerId: 'kam-kim', ownerDepartment: 'key_accounts', reason: 'big fish' } } as const;

    it('names the new owner and records whom the client came from', () => {
      spec([won, handedOff]).when(escalate).then([escalated]);
    });

    it('can escalate straight from the sales department', () => {
      spec([won])
        .when(escalate)
        .then([{ ...escalated, data: { ...escalated.data, fromDepartment: 'sales', fromOwnerId: 'rep-anna' } }]);
    });

    it('happens once', () => {
      spec([won, handedOff, escalated]).when({ ...escalate, occurredAt: at }).thenFails('ALREADY_KEY_ACCOUNT');
    });

    it('needs a won, not lost client', () => {
      spec([]).when(escalate).thenFails('CLIENT_NOT_FOUND');
      spec([won, lost]).when({ ...escalate, occurredAt: at }).thenFails('CLIENT_LOST');
    });
  });

  describe('losing a client', () => {
    const lose = { type: 'LoseClient', occurredAt: lost.occurredAt, data: { clientId: 'acme', reason: 'price', competitor: 'Globex' } } as const;

    it('records the reason and the competitor', () => {
      spec([won]).when(lose).then([lost]);
    });

    it('a client is lost once, and only after it was won', () => {
      spec([won, lost]).when({ ...lose, occurredAt: at }).thenFails('CLIENT_LOST');
      spec([]).when(lose).thenFails('CLIENT_NOT_FOUND');
    });
  });

  describe('business time', () => {
    it('never runs backwards within the stream', () => {
      spec([won, reorderBySales]).when(reorder('o-3', EUR(1), '2024-03-31T23:59:59.000Z')).thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
    });

    it('may equal the latest event time', () => {
      spec([won])
        .when(reorder('o-3', EUR(1), won.occurredAt))
        .then([{ type: 'ReorderPlaced', occurredAt: won.occurredAt, data: { clientId: 'acme', orderId: 'o-3', total: EUR(1), takenBy: 'rep-anna', creditedDepartment: 'sales', creditedOwnerId: 'rep-anna' } }]);
    });

    it('does not lie more than the allowed skew in the future', () => {
      spec([won]).when(reorder('o-3', EUR(1), '2024-06-01T12:06:00.000Z')).thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
    });
  });

  it('folds into the state a reader expects', () => {
    const state = fold(clientDecider, [won, reorderBySales, handedOff, escalated, lost]);
    expect(state).toMatchObject({
      status: 'lost',
      clientId: 'acme',
      leadId: 'lead-acme',
      wonBy: 'rep-anna',
      wonAt: won.occurredAt,
      owningDepartment: 'key_accounts',
      ownerId: 'kam-kim',
      keyAccount: true,
      lostReason: 'price',
      competitor: 'Globex',
      latestOccurredAt: lost.occurredAt,
    });
    expect(state.orders.map((order) => [order.orderId, order.kind, order.creditedDepartment])).toEqual([
      ['o-1', 'first', 'sales'],
      ['o-2', 'reorder', 'sales'],
    ]);
  });
});
