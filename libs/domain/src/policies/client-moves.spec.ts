import type { LedgerEvent } from '../events';
import type { Money } from '../shared/money';
import type { Department, Role } from '../shared/organisation';
import { cited, clientWon, employeeJoined, employeeLeft, escalated, EUR, handedOff, lost, ref } from '../testing/events';
import { afterDays, escalate } from '../testing/policy-decisions';
import { type PolicyRules, policySpec } from '../testing/policy-spec';
import { autoHandoffDecisions, DEFAULT_AUTO_HANDOFF } from './auto-handoff';
import { keyAccountDecisions } from './key-account-escalation';
import type { EventReference, PolicyDecision } from './policy-facts';

/** How one policy moves clients, told in the terms the receiver's choice needs. */
interface MovingPolicy {
  readonly policy: string;
  readonly rules: PolicyRules;
  /** The department whose managers may receive a client. */
  readonly receiving: Department;
  /** The roles in the receiving department that may receive one. */
  readonly receivingRoles: readonly Role[];
  /** Who may never receive one, by department and role. */
  readonly neverReceiving: ReadonlyArray<readonly [Department, Role]>;
  /** The event that moved a client to its receiver. */
  readonly movedTo: (receiverId: string, occurredAt: string, clientId: string) => LedgerEvent;
  /** A first order that makes a client due by `now`. */
  readonly dueOrder: Money;
  readonly now: string;
  /** The decision moving the due client to the receiver. */
  readonly decided: (receiverId: string, cause: EventReference, clientId: string) => PolicyDecision;
}

// Both policies hand every due client to the receiver holding the fewest (client-moves.ts), among those the policy lets receive.
describe.each<MovingPolicy>([
  {
    policy: 'auto-handoff',
    rules: (facts, now) => autoHandoffDecisions(facts, now, DEFAULT_AUTO_HANDOFF),
    receiving: 'client',
    receivingRoles: ['manager'],
    neverReceiving: [
      ['client', 'head'],
      ['client', 'rep'],
      ['sales', 'manager'],
    ],
    movedTo: handedOff,
    dueOrder: EUR(10_000),
    now: '2024-04-15T10:00:00.000Z',
    decided: (receiverId, cause, clientId) => afterDays(cause, '2024-04-15T10:00:00.000Z', receiverId, clientId),
  },
  {
    policy: 'key-account escalation',
    rules: (facts, now) => keyAccountDecisions(facts, now, { thresholds: { EUR: 100_000 } }),
    receiving: 'key_accounts',
    receivingRoles: ['manager', 'head'],
    neverReceiving: [
      ['client', 'manager'],
      ['sales', 'head'],
    ],
    movedTo: escalated,
    dueOrder: EUR(100_000),
    now: '2024-06-01T12:00:00.000Z',
    decided: (ownerId, cause, clientId) => escalate(cause, { revenue: 100_000, occurredAt: '2024-06-01T12:00:00.000Z', ownerId, clientId }),
  },
])('$policy: the receiver of a due client', ({ rules, receiving, receivingRoles, neverReceiving, movedTo, dueOrder, now, decided }) => {
  const given = policySpec(rules);
  // The cast: rep-anna who wins the clients, and managers a and b of the receiving department.
  const joinedAs = (employeeId: string, department: Department, role: Role) =>
    employeeJoined(employeeId, department, role, '2022-12-01T09:00:00.000Z');
  const anna = joinedAs('rep-anna', 'sales', 'rep');
  const joined = (receiverId: string) => joinedAs(receiverId, receiving, 'manager');
  const cast = [anna, joined('mgr-a'), joined('mgr-b')];
  /** A client the receiver already holds: won a year before acme, and moved to them. */
  const movedBefore = (receiverId: string, clientId: string) => [
    clientWon(clientId, EUR(1_000), '2023-01-05T10:00:00.000Z'),
    movedTo(receiverId, '2023-01-06T10:00:00.000Z', clientId),
  ];
  const acmeDue = cited(clientWon('acme', dueOrder, '2024-01-10T10:00:00.000Z'), 'acme-won');
  const toAcme = (receiverId: string) => decided(receiverId, ref('acme-won'), 'acme');

  it.each(receivingRoles)('may be any %s of the receiving department', (role) => {
    given([anna, joinedAs('emp-zed', receiving, role), acmeDue])
      .at(now)
      .then([toAcme('emp-zed')]);
  });

  it.each(neverReceiving)('is never a %s employee in the role of %s, however few clients they hold', (department, role) => {
    given([anna, joinedAs('emp-ada', department, role), joined('mgr-b'), ...movedBefore('mgr-b', 'globex'), acmeDue])
      .at(now)
      .then([toAcme('mgr-b')]);
  });

  it('is the one holding the fewest clients', () => {
    given([...cast, ...movedBefore('mgr-a', 'globex'), acmeDue])
      .at(now)
      .then([toAcme('mgr-b')]);
  });

  it('on a tie, is the one with the smallest employee id', () => {
    given([anna, joined('mgr-b'), joined('mgr-a'), ...movedBefore('mgr-b', 'globex'), ...movedBefore('mgr-a', 'initech'), acmeDue])
      .at(now)
      .then([toAcme('mgr-a')]);
  });

  it('counts only the clients still active: a lost one no longer weighs on its holder', () => {
    given([
      ...cast,
      ...movedBefore('mgr-a', 'globex'),
      ...movedBefore('mgr-a', 'hooli'),
      lost('2023-02-01T10:00:00.000Z', 'hooli'),
      ...movedBefore('mgr-b', 'initech'),
      ...movedBefore('mgr-b', 'umbrella'),
      acmeDue,
    ])
      .at(now)
      .then([toAcme('mgr-a')]);
  });

  it('is never one who left', () => {
    given([...cast, ...movedBefore('mgr-b', 'globex'), employeeLeft('mgr-a', '2023-03-01T09:00:00.000Z'), acmeDue])
      .at(now)
      .then([toAcme('mgr-b')]);
  });

  it('counts what the same round gave: two clients due at once go to two equally loaded receivers', () => {
    given([...cast, acmeDue, cited(clientWon('globex', dueOrder, '2024-01-11T10:00:00.000Z'), 'globex-won')])
      .at(now)
      .then([toAcme('mgr-a'), decided('mgr-b', ref('globex-won'), 'globex')]);
  });
});
