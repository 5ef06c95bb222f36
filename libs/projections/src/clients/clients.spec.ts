import { ReadModel } from '../shared/read-model';
import { at, fold, recorded } from '../testing/fold';
import { clientsProjection, decodeClientCursor, encodeClientCursor, InvalidCursorError, type ClientsQuery } from '.';

const money = (amount: number, currency = 'EUR') => ({ amount, currency });
const won = (time: string, clientId: string, repId: string, total: { amount: number; currency: string }) =>
  at(time, 'ClientWon', { clientId, leadId: `lead-${clientId}`, repId, department: 'sales', firstOrder: { orderId: `${clientId}-1`, total } });
const reorder = (time: string, clientId: string, orderId: string, total: { amount: number; currency: string }, takenBy: string, department: 'sales' | 'client') =>
  at(time, 'ReorderPlaced', { clientId, orderId, total, takenBy, creditedDepartment: department, creditedOwnerId: takenBy });
const handOff = (time: string, clientId: string, fromOwnerId: string, toManagerId: string) =>
  at(time, 'ClientHandedToClientDepartment', { clientId, fromDepartment: 'sales', fromOwnerId, toDepartment: 'client', toManagerId, reason: 'repeat customer' });

// Five clients, won out of alphabetical order: alpha is handed off and then escalated
// to a key account, charlie is lost, delta is handed off, bravo and echo stay with sales.
const history = [
  won('2024-01-05T10:00:00.000Z', 'delta', 'rep-a', money(1_000)),
  won('2024-01-10T10:00:00.000Z', 'alpha', 'rep-a', money(2_000)),
  won('2024-01-15T10:00:00.000Z', 'charlie', 'rep-b', money(500, 'GBP')),
  reorder('2024-02-01T10:00:00.000Z', 'alpha', 'alpha-2', money(300), 'rep-a', 'sales'),
  handOff('2024-02-10T10:00:00.000Z', 'alpha', 'rep-a', 'mgr-c'),
  reorder('2024-02-15T10:00:00.000Z', 'alpha', 'alpha-3', money(700, 'GBP'), 'mgr-c', 'client'),
  reorder('2024-02-20T10:00:00.000Z', 'alpha', 'alpha-4', money(200), 'mgr-c', 'client'),
  won('2024-03-01T10:00:00.000Z', 'bravo', 'rep-b', money(400)),
  at('2024-03-05T10:00:00.000Z', 'KeyAccountEscalated', {
    clientId: 'alpha',
    fromDepartment: 'client',
    fromOwnerId: 'mgr-c',
    ownerId: 'ka-k',
    ownerDepartment: 'key_accounts',
    reason: 'trailing revenue above threshold',
  }),
  at('2024-03-10T10:00:00.000Z', 'ClientLost', { clientId: 'charlie', reason: 'moved to a competitor', competitor: 'Rival AG' }),
  won('2024-03-12T10:00:00.000Z', 'echo', 'rep-a', money(100)),
  handOff('2024-03-20T10:00:00.000Z', 'delta', 'rep-a', 'mgr-c'),
];

const now = '2024-04-01T00:00:00.000Z';

function clients(query: ClientsQuery, asOf?: string) {
  return clientsProjection.query({ model: fold(clientsProjection, history, asOf), at: asOf ?? now }, query);
}
const idsOf = (answer: { clients: Array<{ clientId: string }> }) => answer.clients.map((client) => client.clientId);

describe('clients projection', () => {
  describe('given five clients won, handed off, escalated, reordering and lost', () => {
    it('lists each client by id with its status, owner, key-account flag, orders and revenue per currency', () => {
      const answer = clients({});
      expect(answer).toEqual({
        clients: [
          {
            clientId: 'alpha',
            leadId: 'lead-alpha',
            wonBy: 'rep-a',
            wonAt: '2024-01-10T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'key_accounts',
            ownerId: 'ka-k',
            keyAccount: true,
            orderCount: 4,
            lastOrderAt: '2024-02-20T10:00:00.000Z',
            // 2,000 + 300 + 200 EUR; 700 GBP kept apart.
            revenue: [money(2_500), money(700, 'GBP')],
            lostAt: null,
          },
          {
            clientId: 'bravo',
            leadId: 'lead-bravo',
            wonBy: 'rep-b',
            wonAt: '2024-03-01T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'sales',
            ownerId: 'rep-b',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-03-01T10:00:00.000Z',
            revenue: [money(400)],
            lostAt: null,
          },
          {
            clientId: 'charlie',
            leadId: 'lead-charlie',
            wonBy: 'rep-b',
            wonAt: '2024-01-15T10:00:00.000Z',
            status: 'lost',
            owningDepartment: 'sales',
            ownerId: 'rep-b',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-01-15T10:00:00.000Z',
            revenue: [money(500, 'GBP')],
            lostAt: '2024-03-10T10:00:00.000Z',
          },
          {
            clientId: 'delta',
            leadId: 'lead-delta',
            wonBy: 'rep-a',
            wonAt: '2024-01-05T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'client',
            ownerId: 'mgr-c',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-01-05T10:00:00.000Z',
            revenue: [money(1_000)],
            lostAt: null,
          },
          {
            clientId: 'echo',
            leadId: 'lead-echo',
            wonBy: 'rep-a',
            wonAt: '2024-03-12T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'sales',
            ownerId: 'rep-a',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-03-12T10:00:00.000Z',
            revenue: [money(100)],
            lostAt: null,
          },
        ],
        nextCursor: null,
        total: 5,
      });
    });

    it('pages by client id: two at a time takes three pages, each giving the cursor of the next and the total', () => {
      const first = clients({ limit: 2 });
      expect([idsOf(first), first.total]).toEqual([['alpha', 'bravo'], 5]);
      expect(first.nextCursor).toBe(encodeClientCursor('bravo'));
      const second = clients({ limit: 2, after: first.nextCursor! });
      expect([idsOf(second), second.total, second.nextCursor]).toEqual([['charlie', 'delta'], 5, encodeClientCursor('delta')]);
      const third = clients({ limit: 2, after: second.nextCursor! });
      expect([idsOf(third), third.total, third.nextCursor]).toEqual([['echo'], 5, null]);
    });

    it('gives no next cursor when the last page is exactly full', () => {
      expect(clients({ limit: 5 }).nextCursor).toBeNull();
      expect(clients({ limit: 4 }).nextCursor).toBe(encodeClientCursor('delta'));
    });

    it('filters by status, owning department and owner, counting only the matches in total', () => {
      const active = clients({ status: 'active', limit: 3 });
      expect([idsOf(active), active.total]).toEqual([['alpha', 'bravo', 'delta'], 4]);
      const rest = clients({ status: 'active', limit: 3, after: active.nextCursor! });
      expect([idsOf(rest), rest.total, rest.nextCursor]).toEqual([['echo'], 4, null]);

      expect(idsOf(clients({ status: 'lost' }))).toEqual(['charlie']);
      // Later pages of a filter: sales holds bravo, charlie and echo.
      const afterAlpha = clients({ owningDepartment: 'sales', limit: 1, after: encodeClientCursor('alpha') });
      expect([idsOf(afterAlpha), afterAlpha.total, afterAlpha.nextCursor]).toEqual([['bravo'], 3, encodeClientCursor('bravo')]);
      const lastSales = clients({ owningDepartment: 'sales', limit: 2, after: afterAlpha.nextCursor! });
      expect([idsOf(lastSales), lastSales.total, lastSales.nextCursor]).toEqual([['charlie', 'echo'], 3, null]);
      expect(idsOf(clients({ owningDepartment: 'sales' }))).toEqual(['bravo', 'charlie', 'echo']);
      expect(idsOf(clients({ owningDepartment: 'key_accounts' }))).toEqual(['alpha']);
      expect(idsOf(clients({ owningDepartment: 'sales', status: 'active' }))).toEqual(['bravo', 'echo']);
      // alpha and delta left rep-a by handoff; only echo is still hers.
      expect(idsOf(clients({ ownerId: 'rep-a' }))).toEqual(['echo']);
      expect(clients({ ownerId: 'mgr-c' })).toMatchObject({ clients: [{ clientId: 'delta' }], total: 1, nextCursor: null });
      expect(clients({ ownerId: 'nobody' })).toEqual({ clients: [], nextCursor: null, total: 0 });
    });

    it('as of 12 February knows alpha in the client department with two orders, and neither bravo, echo nor the loss', () => {
      const answer = clients({}, '2024-02-12T00:00:00.000Z');
      expect(answer.total).toBe(3);
      expect(answer.clients.map(({ clientId, status, owningDepartment, ownerId, orderCount, revenue }) => [clientId, status, owningDepartment, ownerId, orderCount, revenue])).toEqual([
        ['alpha', 'active', 'client', 'mgr-c', 2, [money(2_300)]],
        ['charlie', 'active', 'sales', 'rep-b', 1, [money(500, 'GBP')]],
        ['delta', 'active', 'sales', 'rep-a', 1, [money(1_000)]],
      ]);
    });

    it('takes a cursor given out live for an as-of answer: the page starts after the client it names', () => {
      const asOf = clients({ after: encodeClientCursor('bravo') }, '2024-02-12T00:00:00.000Z');
      expect([idsOf(asOf), asOf.total, asOf.nextCursor]).toEqual([['charlie', 'delta'], 3, null]);
    });

    it('defaults to 50 clients a page and keeps a page between 1 and 500', () => {
      expect(clients({}).clients).toHaveLength(5);
      expect(idsOf(clients({ limit: 0 }))).toEqual(['alpha']);
    });
  });

  it('keeps paging in id order, and the filtered totals right, as clients are won, handed off and lost between two pages', () => {
    const model = fold(clientsProjection, history);
    const first = clientsProjection.query({ model, at: now }, { limit: 2 });
    expect(clientsProjection.query({ model, at: now }, { status: 'active', owningDepartment: 'sales' }).total).toBe(2);
    // After the first page was read: aaron sorts before its cursor, foxtrot after it; echo goes to mgr-c, bravo is lost.
    const later = [
      won('2024-03-25T10:00:00.000Z', 'foxtrot', 'rep-b', money(10)),
      won('2024-03-26T10:00:00.000Z', 'aaron', 'rep-b', money(20)),
      handOff('2024-03-27T10:00:00.000Z', 'echo', 'rep-a', 'mgr-c'),
      at('2024-03-28T10:00:00.000Z', 'ClientLost', { clientId: 'bravo', reason: 'closed down', competitor: null }),
    ];
    for (const event of recorded(later)) clientsProjection.apply(model, { ...event, position: event.position + history.length });
    const second = clientsProjection.query({ model, at: now }, { limit: 3, after: first.nextCursor! });
    expect([idsOf(second), second.total]).toEqual([['charlie', 'delta', 'echo'], 7]);
    const third = clientsProjection.query({ model, at: now }, { limit: 3, after: second.nextCursor! });
    expect([idsOf(third), third.nextCursor]).toEqual([['foxtrot'], null]);
    const salesActive = clientsProjection.query({ model, at: now }, { status: 'active', owningDepartment: 'sales' });
    expect([idsOf(salesActive), salesActive.total]).toEqual([['aaron', 'foxtrot'], 2]);
    expect(clientsProjection.query({ model, at: now }, { ownerId: 'mgr-c', limit: 1 })).toMatchObject({ clients: [{ clientId: 'delta' }], total: 2 });
    // What the model kept up to date as events came is what a model loaded afresh works out.
    const fresh = ReadModel.fromDocuments(model.documents());
    for (const query of [{ limit: 500 }, { status: 'lost' as const }, { owningDepartment: 'client' as const, limit: 1 }, { ownerId: 'rep-b' }, { ownerId: 'rep-b', after: encodeClientCursor('b') }]) {
      expect(clientsProjection.query({ model: fresh, at: now }, query)).toEqual(clientsProjection.query({ model, at: now }, query));
    }
  });

  describe('cursors', () => {
    it('are opaque and read back to the client id they name', () => {
      const cursor = encodeClientCursor('acme:eu@1');
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain('acme');
      expect(decodeClientCursor(cursor)).toBe('acme:eu@1');
    });

    it.each([
      ['text that is not base64url', 'not a cursor!'],
      ['base64url of something else', Buffer.from('bravo').toString('base64url')],
      ['a cursor with its tag but no id', Buffer.from('client:').toString('base64url')],
      ['a cursor cut short', encodeClientCursor('bravo').slice(0, -3)],
      ['a cursor with a character added', `${encodeClientCursor('bravo')}A`],
      ['an empty text', ''],
    ])('refuses %s', (_case, cursor) => {
      expect(() => decodeClientCursor(cursor)).toThrow(InvalidCursorError);
      expect(() => clients({ after: cursor })).toThrow(InvalidCursorError);
    });
  });
});
