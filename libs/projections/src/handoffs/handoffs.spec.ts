import type { LedgerEvent } from '@ledger/domain';
import type { Actor, PolicyRule } from '@ledger/event-store';

import type { ProjectedEvent } from '../shared/projection';
import { RowBuffer } from '../shared/row-buffer';
import { at, recorded } from '../testing/fold';
import { answerOf } from '../testing/tables';
import { handoffsProjection, type HandoffsQuery } from '.';

/** An event as the log records it, with its own metadata and record time. */
interface Recorded {
  readonly event: LedgerEvent;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly recordedAt?: string;
  readonly rule?: PolicyRule;
}

const head: Actor = { type: 'user', id: 'head-s', role: 'head' };
const admin: Actor = { type: 'user', id: 'admin-1', role: 'admin' };
const policy: Actor = { type: 'policy', name: 'handoff-after-three-reorders' };
const reordersRule: PolicyRule = { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } };

const won = (time: string, clientId: string, repId: string): Recorded => ({
  event: at(time, 'ClientWon', {
    clientId,
    leadId: `lead-${clientId}`,
    repId,
    department: 'sales',
    firstOrder: { orderId: `${clientId}-1`, total: { amount: 1_000, currency: 'EUR' } },
  }),
  actor: { type: 'user', id: repId, role: 'rep' },
  correlationId: `win-${clientId}`,
  causationId: `win-${clientId}`,
});
const handOff = (
  time: string,
  clientId: string,
  fromOwnerId: string,
  toManagerId: string,
  reason: string,
  actor: Actor,
  correlationId: string,
  causationId: string,
  recordedAt?: string,
): Recorded => ({
  event: at(time, 'ClientHandedToClientDepartment', {
    clientId,
    fromDepartment: 'sales',
    fromOwnerId,
    toDepartment: 'client',
    toManagerId,
    reason,
  }),
  actor,
  correlationId,
  causationId,
  recordedAt,
});

// Positions 1-4 are wins the trail ignores; gamma's escalation (position 7) was recorded
// three weeks late, and delta's handoff (9) happened at the same moment as acme's escalation (8).
const history: Recorded[] = [
  won('2024-01-05T10:00:00.000Z', 'acme', 'rep-a'),
  won('2024-01-06T10:00:00.000Z', 'beta', 'rep-b'),
  won('2024-01-07T10:00:00.000Z', 'gamma', 'rep-a'),
  won('2024-01-08T10:00:00.000Z', 'delta', 'rep-b'),
  handOff('2024-02-10T09:00:00.000Z', 'acme', 'rep-a', 'mgr-c', 'repeat customer', head, 'req-1', 'cmd-1', '2024-02-10T09:00:01.000Z'),
  {
    ...handOff('2024-02-12T09:00:00.000Z', 'beta', 'rep-b', 'mgr-d', 'three reorders', policy, 'req-2', 'event-of-third-reorder'),
    rule: reordersRule,
  },
  {
    event: at('2024-02-11T12:00:00.000Z', 'KeyAccountEscalated', {
      clientId: 'gamma',
      fromDepartment: 'sales',
      fromOwnerId: 'rep-a',
      ownerId: 'ka-k',
      ownerDepartment: 'key_accounts',
      reason: 'big fish',
    }),
    actor: head,
    correlationId: 'req-3',
    causationId: 'cmd-3',
    recordedAt: '2024-03-02T08:00:00.000Z',
  },
  {
    event: at('2024-03-01T10:00:00.000Z', 'KeyAccountEscalated', {
      clientId: 'acme',
      fromDepartment: 'client',
      fromOwnerId: 'mgr-c',
      ownerId: 'ka-k',
      ownerDepartment: 'key_accounts',
      reason: 'trailing revenue above threshold',
    }),
    actor: admin,
    correlationId: 'req-4',
    causationId: 'cmd-4',
  },
  handOff('2024-03-01T10:00:00.000Z', 'delta', 'rep-b', 'mgr-d', 'three reorders', policy, 'req-5', 'event-of-delta-reorder'),
];

function wholeEvents(entries: readonly Recorded[]): ProjectedEvent[] {
  return recorded(entries.map((entry) => entry.event)).map((event, index) => {
    const { actor, correlationId, causationId, recordedAt, rule } = entries[index]!;
    return {
      ...event,
      eventId: `evt-${event.position}`,
      recordedAt: recordedAt ?? event.occurredAt,
      metadata: { actor, correlationId, causationId, ...(rule ? { rule } : {}) },
    };
  });
}

const handoffs = (query: HandoffsQuery, asOf?: string, asKnownAt?: string) =>
  answerOf(handoffsProjection, wholeEvents(history), query, { asOf, asKnownAt });
const positionsOf = (answer: { handoffs: Array<{ position: number }> }) => answer.handoffs.map((row) => row.position);

describe('handoffs projection', () => {
  describe('given two handoffs by hand, two by policy and two escalations, one recorded late', () => {
    it('lists every handoff and escalation oldest first by business time, then by position, each as recorded', async () => {
      const answer = await handoffs({ period: {} });
      expect(positionsOf(answer)).toEqual([5, 7, 6, 8, 9]);
      expect(answer.handoffs[0]).toEqual({
        position: 5,
        eventId: 'evt-5',
        kind: 'handoff',
        occurredAt: '2024-02-10T09:00:00.000Z',
        recordedAt: '2024-02-10T09:00:01.000Z',
        clientId: 'acme',
        from: { department: 'sales', employeeId: 'rep-a' },
        to: { department: 'client', employeeId: 'mgr-c' },
        actor: { type: 'user', id: 'head-s', role: 'head' },
        reason: 'repeat customer',
        rule: null,
        correlationId: 'req-1',
        causationId: 'cmd-1',
      });
      expect(answer.handoffs[1]).toEqual({
        position: 7,
        eventId: 'evt-7',
        kind: 'escalation',
        occurredAt: '2024-02-11T12:00:00.000Z',
        recordedAt: '2024-03-02T08:00:00.000Z',
        clientId: 'gamma',
        from: { department: 'sales', employeeId: 'rep-a' },
        to: { department: 'key_accounts', employeeId: 'ka-k' },
        actor: { type: 'user', id: 'head-s', role: 'head' },
        reason: 'big fish',
        rule: null,
        correlationId: 'req-3',
        causationId: 'cmd-3',
      });
      expect(answer.handoffs[2]).toMatchObject({
        position: 6,
        kind: 'handoff',
        clientId: 'beta',
        actor: { type: 'policy', name: 'handoff-after-three-reorders' },
        rule: { name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } },
        correlationId: 'req-2',
        causationId: 'event-of-third-reorder',
      });
    });

    it('filters by client', async () => {
      expect(positionsOf(await handoffs({ period: {}, clientId: 'acme' }))).toEqual([5, 8]);
      expect(await handoffs({ period: {}, clientId: 'nobody' })).toEqual({ handoffs: [] });
    });

    it('filters by employee: the giver, the receiver or the acting user', async () => {
      // mgr-c received acme, then gave it up to a key account.
      expect(positionsOf(await handoffs({ period: {}, employeeId: 'mgr-c' }))).toEqual([5, 8]);
      // head-s owned neither client, but did both.
      expect(positionsOf(await handoffs({ period: {}, employeeId: 'head-s' }))).toEqual([5, 7]);
      expect(positionsOf(await handoffs({ period: {}, employeeId: 'rep-b' }))).toEqual([6, 9]);
      // A policy's name is not an employee.
      expect(positionsOf(await handoffs({ period: {}, employeeId: 'handoff-after-three-reorders' }))).toEqual([]);
    });

    it('filters by department, from or to', async () => {
      expect(positionsOf(await handoffs({ period: {}, department: 'key_accounts' }))).toEqual([7, 8]);
      expect(positionsOf(await handoffs({ period: {}, department: 'sales' }))).toEqual([5, 7, 6, 9]);
      expect(positionsOf(await handoffs({ period: {}, department: 'client' }))).toEqual([5, 6, 8, 9]);
      expect(positionsOf(await handoffs({ period: {}, department: 'client', employeeId: 'rep-a' }))).toEqual([5]);
    });

    it('keeps the handoffs that occurred in the period, from inclusive and to exclusive', async () => {
      expect(positionsOf(await handoffs({ period: { from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' } }))).toEqual([
        5, 7, 6,
      ]);
      expect(positionsOf(await handoffs({ period: { from: '2024-02-12T09:00:00.000Z', to: '2024-03-01T10:00:00.000Z' } }))).toEqual([6]);
      expect(positionsOf(await handoffs({ period: { from: '2024-03-01T10:00:00.000Z' } }))).toEqual([8, 9]);
    });

    it('as of 11 February 23:00 knows the late-recorded escalation, which occurred before then, and nothing after', async () => {
      expect(positionsOf(await handoffs({ period: {} }, '2024-02-11T23:00:00.000Z'))).toEqual([5, 7]);
    });

    it('as known on 1 March knows only what was recorded by then: not the escalation recorded on 2 March', async () => {
      expect(positionsOf(await handoffs({ period: {} }, undefined, '2024-03-01T12:00:00.000Z'))).toEqual([5, 6, 8, 9]);
      expect(positionsOf(await handoffs({ period: {} }, '2024-02-28T00:00:00.000Z', '2024-03-01T12:00:00.000Z'))).toEqual([5, 6]);
    });
  });

  it('refuses an event read without its metadata, rather than record a trail without its actor', () => {
    const [bare] = recorded([history[4]!.event]).map(
      ({ type, occurredAt, data, position }) => ({ type, occurredAt, data, position }) as ProjectedEvent,
    );
    expect(() => handoffsProjection.apply(new RowBuffer(handoffsProjection.tables), bare!)).toThrow(/needs whole recorded events/);
  });
});
