import type { Department, Role } from '../shared/organisation';
import { cited, clientWon, employeeJoined, employeeLeft, escalated, EUR, handedOff, lost, ref, reorderPlaced } from '../testing/events';
import { afterDays, afterReorders } from '../testing/policy-decisions';
import { policySpec } from '../testing/policy-spec';
import { autoHandoffDecisions, type AutoHandoffParameters, DEFAULT_AUTO_HANDOFF } from './auto-handoff';
import type { PolicyDecision } from './policy-facts';

const handoffWith = (parameters: AutoHandoffParameters) => policySpec((facts, now) => autoHandoffDecisions(facts, now, parameters));
const given = handoffWith(DEFAULT_AUTO_HANDOFF);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WON_AT = '2024-01-10T10:00:00.000Z';
/** Business time a number of days (and minutes) after acme was won. */
const afterWin = (days: number, minutes = 0): string => new Date(Date.parse(WON_AT) + days * DAY + minutes * MINUTE).toISOString();

// The cast: a sales rep who wins the clients, a client-department manager who receives them.
const joined = (employeeId: string, department: Department = 'client', role: Role = 'manager') =>
  employeeJoined(employeeId, department, role, '2023-12-01T09:00:00.000Z');
const left = (employeeId: string, occurredAt = '2024-01-02T09:00:00.000Z') => employeeLeft(employeeId, occurredAt);
const anna = joined('rep-anna', 'sales', 'rep');
const carl = joined('mgr-carl');

const won = (clientId = 'acme', occurredAt = WON_AT) => clientWon(clientId, EUR(10_000), occurredAt);
const reorder = (orderId: string, occurredAt: string, clientId = 'acme', creditedDepartment?: Department, creditedOwnerId?: string) =>
  reorderPlaced({ clientId, orderId, total: EUR(1_000), occurredAt }, { department: creditedDepartment, ownerId: creditedOwnerId });

// acme, won by rep-anna, with two reorders in the sales department.
const wonWithTwoReorders = [anna, carl, cited(won(), 'won'), reorder('o-2', afterWin(10)), reorder('o-3', afterWin(20))];

describe('auto-handoff policy', () => {
  describe('after N reorders (N = 3)', () => {
    it('two reorders: nothing yet', () => {
      given(wonWithTwoReorders).at(afterWin(25)).thenNothing();
    });

    it('the third reorder hands the client to the client-department manager, citing that reorder', () => {
      given([...wonWithTwoReorders, cited(reorder('o-4', afterWin(30)), 'o-4')])
        .at(afterWin(30, 1))
        .then([afterReorders(ref('o-4'), afterWin(30, 1))]);
    });

    it('a fourth reorder changes nothing: one hand-off, still citing the third (by position: the 6th event read, e6/c6)', () => {
      given([...wonWithTwoReorders, reorder('o-4', afterWin(30)), reorder('o-5', afterWin(31))])
        .at(afterWin(32))
        .then([afterReorders({ eventId: 'e6', correlationId: 'c6' }, afterWin(32))]);
    });

    it("the hand-off is never dated before the client's latest event (a clock behind business time)", () => {
      given([...wonWithTwoReorders, cited(reorder('o-4', afterWin(30)), 'o-4'), reorder('o-5', afterWin(31))])
        .at(afterWin(30, 30))
        .then([afterReorders(ref('o-4'), afterWin(31))]);
    });
  });

  describe('after D days (D = 90)', () => {
    it('89 days 23 hours 59 minutes after the win: nothing yet', () => {
      given(wonWithTwoReorders)
        .at(afterWin(89, 23 * 60 + 59))
        .thenNothing();
    });

    it('exactly 90 days after the win (2024-04-09T10:00Z): handed off, citing the win', () => {
      expect(afterWin(90)).toBe('2024-04-09T10:00:00.000Z');
      given(wonWithTwoReorders)
        .at(afterWin(90))
        .then([afterDays(ref('won'), afterWin(90))]);
    });

    it('91 days after the win: the same', () => {
      given([anna, carl, cited(won(), 'won')])
        .at(afterWin(91))
        .then([afterDays(ref('won'), afterWin(91))]);
    });
  });

  describe('whichever comes first', () => {
    it('the third reorder placed on day 80, looked at on day 95: the reorders rule', () => {
      given([...wonWithTwoReorders, cited(reorder('o-4', afterWin(80)), 'o-4')])
        .at(afterWin(95))
        .then([afterReorders(ref('o-4'), afterWin(95))]);
    });

    it('the third reorder placed on day 92, after the days rule fell due: the days rule', () => {
      given([...wonWithTwoReorders, reorder('o-4', afterWin(92))])
        .at(afterWin(92, 1))
        .then([afterDays(ref('won'), afterWin(92, 1))]);
    });

    it('the third reorder placed at the very moment of day 90: the reorders rule', () => {
      given([...wonWithTwoReorders, cited(reorder('o-4', afterWin(90)), 'o-4')])
        .at(afterWin(90))
        .then([afterReorders(ref('o-4'), afterWin(90))]);
    });
  });

  describe('custom parameters (N = 1, D = 30)', () => {
    const quick = handoffWith({ reorders: 1, days: 30 });
    const rule = (name: string) => ({ name, parameters: { reorders: 1, days: 30 } });

    it('no reorder 29 days and 23 hours after the win: nothing', () => {
      quick([anna, carl, won()])
        .at(afterWin(29, 23 * 60))
        .thenNothing();
    });

    it('the first reorder hands the client off', () => {
      quick([anna, carl, won(), cited(reorder('o-2', afterWin(5)), 'o-2')])
        .at(afterWin(5))
        .then([
          {
            kind: 'hand-off',
            clientId: 'acme',
            toManagerId: 'mgr-carl',
            reason: '1 reorders placed with the sales department',
            rule: rule('handoff-after-reorders'),
            cause: ref('o-2'),
            occurredAt: afterWin(5),
          },
        ]);
    });

    it('30 days after the win without a reorder, the client is handed off', () => {
      quick([anna, carl, cited(won(), 'won')])
        .at(afterWin(30))
        .then([
          {
            kind: 'hand-off',
            clientId: 'acme',
            toManagerId: 'mgr-carl',
            reason: '30 days since the client was won',
            rule: rule('handoff-after-days'),
            cause: ref('won'),
            occurredAt: afterWin(30),
          },
        ]);
    });
  });

  describe('no manager in the client department', () => {
    const waiting: PolicyDecision = {
      kind: 'waiting',
      clientId: 'acme',
      reason: 'the client department has no active manager to receive the client',
      rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } },
      cause: ref('o-4'),
    };

    it('the client waits, and says why; nothing is handed off', () => {
      given([
        anna,
        joined('emp-ada', 'client', 'head'),
        won(),
        reorder('o-2', afterWin(10)),
        reorder('o-3', afterWin(20)),
        cited(reorder('o-4', afterWin(30)), 'o-4'),
      ])
        .at(afterWin(30))
        .then([waiting]);
    });

    it('the only manager having left, the client waits', () => {
      given([...wonWithTwoReorders, left('mgr-carl', afterWin(25)), cited(reorder('o-4', afterWin(30)), 'o-4')])
        .at(afterWin(30))
        .then([waiting]);
    });

    it('once a manager joins, the waiting client is handed to them', () => {
      given([
        ...wonWithTwoReorders,
        left('mgr-carl', afterWin(25)),
        cited(reorder('o-4', afterWin(30)), 'o-4'),
        { ...joined('mgr-dora'), occurredAt: afterWin(40) },
      ])
        .at(afterWin(40))
        .then([afterReorders(ref('o-4'), afterWin(40), 'mgr-dora')]);
    });
  });

  describe('not due', () => {
    // Reorders credited to the owner after the move, placed a number of days after the win.
    const placedWith = (department: Department, ownerId: string) => (orderId: string, days: number) =>
      reorder(orderId, afterWin(days), 'acme', department, ownerId);
    const placedWithCarl = placedWith('client', 'mgr-carl');
    const placedWithKim = placedWith('key_accounts', 'kam-kim');

    it.each([
      {
        story: 'a client already handed to the client department',
        history: [...wonWithTwoReorders, handedOff('mgr-carl', afterWin(25))],
        lookedAt: afterWin(100),
      },
      {
        story: 'reorders placed after the handoff do not count',
        history: [
          anna,
          carl,
          won(),
          reorder('o-2', afterWin(10)),
          handedOff('mgr-carl', afterWin(11)),
          placedWithCarl('o-3', 20),
          placedWithCarl('o-4', 30),
          placedWithCarl('o-5', 40),
        ],
        lookedAt: afterWin(41),
      },
      { story: 'a lost client', history: [...wonWithTwoReorders, lost(afterWin(25))], lookedAt: afterWin(100) },
      {
        story: 'a key account, owned by the key accounts department since its escalation',
        history: [
          anna,
          carl,
          joined('kam-kim', 'key_accounts', 'manager'),
          won(),
          escalated('kam-kim', afterWin(5)),
          placedWithKim('o-2', 10),
          placedWithKim('o-3', 20),
          placedWithKim('o-4', 30),
        ],
        lookedAt: afterWin(100),
      },
    ])('$story', ({ history, lookedAt }) => {
      given(history).at(lookedAt).thenNothing();
    });
  });
});
