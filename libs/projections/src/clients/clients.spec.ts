import { clientWon, money, reorderPlaced } from '../testing/client-events';
import { at, recordedLate } from '../testing/fold';
import { answerOf, storedForSpecs, storedProjection } from '../testing/tables';
import { clientsProjection, type ClientsQuery, decodeClientCursor, encodeClientCursor, InvalidCursorError } from '.';

/** A sum as answers carry it: exact decimal text. */
const total = (amount: number, currency = 'EUR') => ({ amount: String(amount), currency });
const handOff = (time: string, clientId: string, fromOwnerId: string, toManagerId: string) =>
  at(time, 'ClientHandedToClientDepartment', {
    clientId,
    fromDepartment: 'sales',
    fromOwnerId,
    toDepartment: 'client',
    toManagerId,
    reason: 'repeat customer',
  });
const escalate = (time: string, clientId: string, fromOwnerId: string, ownerId: string) =>
  at(time, 'KeyAccountEscalated', {
    clientId,
    fromDepartment: 'client',
    fromOwnerId,
    ownerId,
    ownerDepartment: 'key_accounts',
    reason: 'trailing revenue above threshold',
  });
const lose = (time: string, clientId: string) =>
  at(time, 'ClientLost', { clientId, reason: 'moved to a competitor', competitor: 'Rival AG' });

// Five clients, won out of alphabetical order: alpha is handed off and then escalated
// to a key account, charlie is lost, delta is handed off, bravo and echo stay with sales.
const history = [
  clientWon('2024-01-05T10:00:00.000Z', 'delta', 'rep-a', money(1_000)),
  clientWon('2024-01-10T10:00:00.000Z', 'alpha', 'rep-a', money(2_000)),
  clientWon('2024-01-15T10:00:00.000Z', 'charlie', 'rep-b', money(500, 'GBP')),
  reorderPlaced('2024-02-01T10:00:00.000Z', 'alpha', 'alpha-2', money(300), 'rep-a', 'sales'),
  handOff('2024-02-10T10:00:00.000Z', 'alpha', 'rep-a', 'mgr-c'),
  reorderPlaced('2024-02-15T10:00:00.000Z', 'alpha', 'alpha-3', money(700, 'GBP'), 'mgr-c', 'client'),
  reorderPlaced('2024-02-20T10:00:00.000Z', 'alpha', 'alpha-4', money(200), 'mgr-c', 'client'),
  clientWon('2024-03-01T10:00:00.000Z', 'bravo', 'rep-b', money(400)),
  escalate('2024-03-05T10:00:00.000Z', 'alpha', 'mgr-c', 'ka-k'),
  lose('2024-03-10T10:00:00.000Z', 'charlie'),
  clientWon('2024-03-12T10:00:00.000Z', 'echo', 'rep-a', money(100)),
  handOff('2024-03-20T10:00:00.000Z', 'delta', 'rep-a', 'mgr-c'),
];

type Bounds = { asOf?: string; asKnownAt?: string };

// One store of the history for the specs that only ask.
const stored = storedForSpecs(clientsProjection, history);
const clients = (query: ClientsQuery, asOf?: string) => stored.ask(query, { asOf });
const idsOf = (answer: { clients: Array<{ clientId: string }> }) => answer.clients.map((client) => client.clientId);

describe('clients projection', () => {
  describe('given five clients won, handed off, escalated, reordering and lost', () => {
    it('lists each client by id with its status, owner, key-account flag, orders and revenue per currency', async () => {
      const answer = await clients({});
      expect(answer).toEqual({
        clients: [
          {
            clientId: 'alpha',
            leadId: 'lead-alpha',
            company: null,
            wonBy: 'rep-a',
            wonAt: '2024-01-10T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'key_accounts',
            ownerId: 'ka-k',
            keyAccount: true,
            orderCount: 4,
            lastOrderAt: '2024-02-20T10:00:00.000Z',
            // 2,000 + 300 + 200 EUR; 700 GBP kept apart.
            revenue: [total(2_500), total(700, 'GBP')],
            lostAt: null,
          },
          {
            clientId: 'bravo',
            leadId: 'lead-bravo',
            company: null,
            wonBy: 'rep-b',
            wonAt: '2024-03-01T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'sales',
            ownerId: 'rep-b',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-03-01T10:00:00.000Z',
            revenue: [total(400)],
            lostAt: null,
          },
          {
            clientId: 'charlie',
            leadId: 'lead-charlie',
            company: null,
            wonBy: 'rep-b',
            wonAt: '2024-01-15T10:00:00.000Z',
            status: 'lost',
            owningDepartment: 'sales',
            ownerId: 'rep-b',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-01-15T10:00:00.000Z',
            revenue: [total(500, 'GBP')],
            lostAt: '2024-03-10T10:00:00.000Z',
          },
          {
            clientId: 'delta',
            leadId: 'lead-delta',
            company: null,
            wonBy: 'rep-a',
            wonAt: '2024-01-05T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'client',
            ownerId: 'mgr-c',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-01-05T10:00:00.000Z',
            revenue: [total(1_000)],
            lostAt: null,
          },
          {
            clientId: 'echo',
            leadId: 'lead-echo',
            company: null,
            wonBy: 'rep-a',
            wonAt: '2024-03-12T10:00:00.000Z',
            status: 'active',
            owningDepartment: 'sales',
            ownerId: 'rep-a',
            keyAccount: false,
            orderCount: 1,
            lastOrderAt: '2024-03-12T10:00:00.000Z',
            revenue: [total(100)],
            lostAt: null,
          },
        ],
        nextCursor: null,
        total: 5,
      });
    });

    it('pages by client id: two at a time takes three pages, each giving the cursor of the next and the total', async () => {
      const first = await clients({ limit: 2 });
      expect([idsOf(first), first.total]).toEqual([['alpha', 'bravo'], 5]);
      expect(first.nextCursor).toBe(encodeClientCursor('bravo'));
      const second = await clients({ limit: 2, after: first.nextCursor! });
      expect([idsOf(second), second.total, second.nextCursor]).toEqual([['charlie', 'delta'], 5, encodeClientCursor('delta')]);
      const third = await clients({ limit: 2, after: second.nextCursor! });
      expect([idsOf(third), third.total, third.nextCursor]).toEqual([['echo'], 5, null]);
    });

    it('gives no next cursor when the last page is exactly full', async () => {
      expect((await clients({ limit: 5 })).nextCursor).toBeNull();
      expect((await clients({ limit: 4 })).nextCursor).toBe(encodeClientCursor('delta'));
    });

    it('filters by status, owning department and owner, counting only the matches in total', async () => {
      const active = await clients({ status: 'active', limit: 3 });
      expect([idsOf(active), active.total]).toEqual([['alpha', 'bravo', 'delta'], 4]);
      const rest = await clients({ status: 'active', limit: 3, after: active.nextCursor! });
      expect([idsOf(rest), rest.total, rest.nextCursor]).toEqual([['echo'], 4, null]);

      expect(idsOf(await clients({ status: 'lost' }))).toEqual(['charlie']);
      // Later pages of a filter: sales holds bravo, charlie and echo.
      const afterAlpha = await clients({ owningDepartment: 'sales', limit: 1, after: encodeClientCursor('alpha') });
      expect([idsOf(afterAlpha), afterAlpha.total, afterAlpha.nextCursor]).toEqual([['bravo'], 3, encodeClientCursor('bravo')]);
      const lastSales = await clients({ owningDepartment: 'sales', limit: 2, after: afterAlpha.nextCursor! });
      expect([idsOf(lastSales), lastSales.total, lastSales.nextCursor]).toEqual([['charlie', 'echo'], 3, null]);
      expect(idsOf(await clients({ owningDepartment: 'sales' }))).toEqual(['bravo', 'charlie', 'echo']);
      expect(idsOf(await clients({ owningDepartment: 'key_accounts' }))).toEqual(['alpha']);
      expect(idsOf(await clients({ owningDepartment: 'sales', status: 'active' }))).toEqual(['bravo', 'echo']);
      // alpha and delta left rep-a by handoff; only echo is still hers.
      expect(idsOf(await clients({ ownerId: 'rep-a' }))).toEqual(['echo']);
      expect(await clients({ ownerId: 'mgr-c' })).toMatchObject({ clients: [{ clientId: 'delta' }], total: 1, nextCursor: null });
      expect(await clients({ ownerId: 'nobody' })).toEqual({ clients: [], nextCursor: null, total: 0 });
    });

    it('as of 12 February knows alpha in the client department with two orders, and neither bravo, echo nor the loss', async () => {
      const answer = await clients({}, '2024-02-12T00:00:00.000Z');
      expect(answer.total).toBe(3);
      expect(
        answer.clients.map(({ clientId, status, owningDepartment, ownerId, orderCount, revenue }) => [
          clientId,
          status,
          owningDepartment,
          ownerId,
          orderCount,
          revenue,
        ]),
      ).toEqual([
        ['alpha', 'active', 'client', 'mgr-c', 2, [total(2_300)]],
        ['charlie', 'active', 'sales', 'rep-b', 1, [total(500, 'GBP')]],
        ['delta', 'active', 'sales', 'rep-a', 1, [total(1_000)]],
      ]);
    });

    it('as of 12 February filters on the owner and status then, not on those of today', async () => {
      // alpha was mgr-c's (not yet the key account's), delta still rep-a's, charlie not yet lost.
      expect(await clients({ ownerId: 'mgr-c' }, '2024-02-12T00:00:00.000Z')).toMatchObject({
        clients: [{ clientId: 'alpha', keyAccount: false, lastOrderAt: '2024-02-01T10:00:00.000Z' }],
        total: 1,
      });
      expect(idsOf(await clients({ ownerId: 'rep-a' }, '2024-02-12T00:00:00.000Z'))).toEqual(['delta']);
      expect(await clients({ owningDepartment: 'key_accounts' }, '2024-02-12T00:00:00.000Z')).toEqual({
        clients: [],
        nextCursor: null,
        total: 0,
      });
      expect(await clients({ status: 'lost' }, '2024-02-12T00:00:00.000Z')).toEqual({ clients: [], nextCursor: null, total: 0 });
      const sales = await clients({ owningDepartment: 'sales', status: 'active', limit: 1 }, '2024-02-12T00:00:00.000Z');
      expect([idsOf(sales), sales.total, sales.nextCursor]).toEqual([['charlie'], 2, encodeClientCursor('charlie')]);
    });

    it('as of the loss and the escalation, to the moment, counts both', async () => {
      const charlie = await clients({ status: 'lost' }, '2024-03-10T10:00:00.000Z');
      expect(charlie).toMatchObject({ clients: [{ clientId: 'charlie', status: 'lost', lostAt: '2024-03-10T10:00:00.000Z' }], total: 1 });
      expect(await clients({ ownerId: 'ka-k' }, '2024-03-05T10:00:00.000Z')).toMatchObject({
        clients: [{ clientId: 'alpha', owningDepartment: 'key_accounts', keyAccount: true }],
        total: 1,
      });
      expect((await clients({ ownerId: 'ka-k' }, '2024-03-05T09:59:59.999Z')).total).toBe(0);
    });

    it('takes a cursor given out live for an as-of answer: the page starts after the client it names', async () => {
      const asOf = await clients({ after: encodeClientCursor('bravo') }, '2024-02-12T00:00:00.000Z');
      expect([idsOf(asOf), asOf.total, asOf.nextCursor]).toEqual([['charlie', 'delta'], 3, null]);
    });

    it('defaults to 50 clients a page and keeps a page between 1 and 500', async () => {
      expect((await clients({})).clients).toHaveLength(5);
      expect(idsOf(await clients({ limit: 0 }))).toEqual(['alpha']);
    });
  });

  it('keeps paging in id order, and the filtered totals right, as clients are won, handed off and lost between two pages', async () => {
    const live = await storedProjection(clientsProjection, history);
    try {
      const first = await live.ask({ limit: 2 });
      expect((await live.ask({ status: 'active', owningDepartment: 'sales' })).total).toBe(2);
      // After the first page was read: aaron sorts before its cursor, foxtrot after it; echo goes to mgr-c, bravo is lost.
      const later = [
        clientWon('2024-03-25T10:00:00.000Z', 'foxtrot', 'rep-b', money(10)),
        clientWon('2024-03-26T10:00:00.000Z', 'aaron', 'rep-b', money(20)),
        handOff('2024-03-27T10:00:00.000Z', 'echo', 'rep-a', 'mgr-c'),
        at('2024-03-28T10:00:00.000Z', 'ClientLost', { clientId: 'bravo', reason: 'closed down', competitor: null }),
      ];
      await live.apply(later);
      const second = await live.ask({ limit: 3, after: first.nextCursor! });
      expect([idsOf(second), second.total]).toEqual([['charlie', 'delta', 'echo'], 7]);
      const third = await live.ask({ limit: 3, after: second.nextCursor! });
      expect([idsOf(third), third.nextCursor]).toEqual([['foxtrot'], null]);
      const salesActive = await live.ask({ status: 'active', owningDepartment: 'sales' });
      expect([idsOf(salesActive), salesActive.total]).toEqual([['aaron', 'foxtrot'], 2]);
      expect(await live.ask({ ownerId: 'mgr-c', limit: 1 })).toMatchObject({ clients: [{ clientId: 'delta' }], total: 2 });
      // What the tables kept up to date as events came is what tables built afresh from the whole log answer.
      const fresh = await storedProjection(clientsProjection, [...history, ...later]);
      try {
        for (const query of [
          { limit: 500 },
          { status: 'lost' as const },
          { owningDepartment: 'client' as const, limit: 1 },
          { ownerId: 'rep-b' },
          { ownerId: 'rep-b', after: encodeClientCursor('b') },
        ]) {
          expect(await fresh.ask(query)).toEqual(await live.ask(query));
        }
      } finally {
        await fresh.close();
      }
    } finally {
      await live.close();
    }
  });

  describe('given a handoff, a reorder and a loss recorded late', () => {
    // alpha's handoff (index 2) occurred on 10 February but was recorded on 1 March; its reorder of
    // 15 February was recorded on 20 February; bravo's loss of 5 March was recorded on 25 March.
    const late = recordedLate(
      [
        clientWon('2024-01-10T10:00:00.000Z', 'alpha', 'rep-a', money(2_000)),
        clientWon('2024-01-12T10:00:00.000Z', 'bravo', 'rep-b', money(400)),
        handOff('2024-02-10T10:00:00.000Z', 'alpha', 'rep-a', 'mgr-c'),
        reorderPlaced('2024-02-15T10:00:00.000Z', 'alpha', 'alpha-2', money(300, 'GBP'), 'mgr-c', 'client'),
        lose('2024-03-05T10:00:00.000Z', 'bravo'),
      ],
      { 2: '2024-03-01T00:00:00.000Z', 3: '2024-02-20T00:00:00.000Z', 4: '2024-03-25T00:00:00.000Z' },
    );
    const ask = (query: ClientsQuery, bounds: Bounds) => answerOf(clientsProjection, late, query, bounds);

    it('as known on 25 February: alpha still with rep-a (the handoff unknown) but with its reorder', async () => {
      const answer = await ask({ ownerId: 'rep-a' }, { asKnownAt: '2024-02-25T00:00:00.000Z' });
      expect(answer).toMatchObject({
        clients: [{ clientId: 'alpha', owningDepartment: 'sales', orderCount: 2, lastOrderAt: '2024-02-15T10:00:00.000Z' }],
        total: 1,
      });
      expect(answer.clients[0]!.revenue).toEqual([total(2_000), total(300, 'GBP')]);
      expect((await ask({ owningDepartment: 'client' }, { asKnownAt: '2024-02-25T00:00:00.000Z' })).total).toBe(0);
    });

    it('as of 12 February as known now: the late handoff counts, the reorder of the 15th does not', async () => {
      expect(await ask({ owningDepartment: 'client' }, { asOf: '2024-02-12T00:00:00.000Z' })).toMatchObject({
        clients: [{ clientId: 'alpha', ownerId: 'mgr-c', orderCount: 1, revenue: [total(2_000)] }],
        total: 1,
      });
    });

    it('as of 18 February as known on 19 February: neither the handoff nor the reorder was known yet', async () => {
      const answer = await ask({}, { asOf: '2024-02-18T00:00:00.000Z', asKnownAt: '2024-02-19T00:00:00.000Z' });
      expect(answer.clients.map(({ clientId, ownerId, orderCount }) => [clientId, ownerId, orderCount])).toEqual([
        ['alpha', 'rep-a', 1],
        ['bravo', 'rep-b', 1],
      ]);
    });

    it('as of 10 March: bravo lost; as known on 20 March: bravo still active', async () => {
      expect(await ask({ status: 'lost' }, { asOf: '2024-03-10T00:00:00.000Z' })).toMatchObject({
        clients: [{ clientId: 'bravo', lostAt: '2024-03-05T10:00:00.000Z' }],
        total: 1,
      });
      const known = await ask({ status: 'active' }, { asKnownAt: '2024-03-20T00:00:00.000Z' });
      expect([idsOf(known), known.total, known.clients[1]!.lostAt]).toEqual([['alpha', 'bravo'], 2, null]);
    });

    it('knows no client before its win was recorded', async () => {
      expect(await ask({}, { asKnownAt: '2024-01-10T09:59:59.999Z' })).toEqual({ clients: [], nextCursor: null, total: 0 });
    });
  });

  it('ignores the events of a client not won yet, and a second ClientWon starts the client afresh', async () => {
    const answer = await answerOf(
      clientsProjection,
      [
        reorderPlaced('2024-01-01T10:00:00.000Z', 'alpha', 'alpha-0', money(50), 'rep-a', 'sales'),
        handOff('2024-01-02T10:00:00.000Z', 'alpha', 'rep-a', 'mgr-c'),
        clientWon('2024-01-10T10:00:00.000Z', 'alpha', 'rep-a', money(2_000)),
        reorderPlaced('2024-01-20T10:00:00.000Z', 'alpha', 'alpha-2', money(300), 'rep-a', 'sales'),
        escalate('2024-01-25T10:00:00.000Z', 'alpha', 'rep-a', 'ka-k'),
        lose('2024-01-30T10:00:00.000Z', 'alpha'),
        clientWon('2024-02-10T10:00:00.000Z', 'alpha', 'rep-b', money(700, 'GBP')),
      ],
      {},
    );
    expect(answer.clients).toEqual([
      {
        clientId: 'alpha',
        leadId: 'lead-alpha',
        company: null,
        wonBy: 'rep-b',
        wonAt: '2024-02-10T10:00:00.000Z',
        status: 'active',
        owningDepartment: 'sales',
        ownerId: 'rep-b',
        keyAccount: false,
        orderCount: 1,
        lastOrderAt: '2024-02-10T10:00:00.000Z',
        revenue: [total(700, 'GBP')],
        lostAt: null,
      },
    ]);
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
    ])('refuses %s', async (_case, cursor) => {
      expect(() => decodeClientCursor(cursor)).toThrow(InvalidCursorError);
      await expect(clients({ after: cursor })).rejects.toThrow(InvalidCursorError);
    });
  });
});
