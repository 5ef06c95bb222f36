import type { ApiProcess } from '../e2e/support/api-process';
import { recordFigures, SOAK } from './support/figures';
import { ADMIN, allEvents, get, handoffsOf, readsBeforeAndAfterRebuild, settled } from './support/ledger-checks';
import { ProcessStore } from './support/process-store';

/**
 * The API in its own process under a steady mix of commands, killed with
 * SIGKILL at a random moment, restarted, and the client carries on. After
 * the last round: every acknowledged command's event is in the log, nothing
 * unanswered is half-written (its retry with the same key completes it once),
 * every projection equals a full rebuild, the hash chain verifies, and the
 * auto-handoff policy made each due handoff exactly once.
 */
const ROUNDS = SOAK ? 50 : 10;
const HANDOFF_AFTER_REORDERS = 3;

interface Sent {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly key: string;
  answered?: { status: number; eventId?: string };
}

describe('SIGKILL under load, restarted, the client carries on', () => {
  const store = new ProcessStore('kill-under-load', {
    LEDGER_POLICIES: 'auto-handoff',
    LEDGER_HANDOFF_AFTER_REORDERS: String(HANDOFF_AFTER_REORDERS),
  });
  const start = () => store.start();

  afterAll(() => store.remove());

  it(`survives ${ROUNDS} rounds of SIGKILL with every acknowledged event kept and every invariant holding`, async () => {
    const sent: Sent[] = [];
    let sequence = 0;
    let api = await start();
    const post = async (target: ApiProcess, command: Sent) => {
      const response = await fetch(`${target.url}${command.path}`, {
        method: 'POST',
        headers: { ...ADMIN, 'idempotency-key': command.key },
        body: JSON.stringify(command.body),
      });
      const body = (await response.json()) as { eventId?: string };
      return { status: response.status, eventId: body.eventId };
    };
    for (const employee of [
      { employeeId: 'rep-anna', name: 'Anna', department: 'sales', role: 'rep' },
      { employeeId: 'mgr-carl', name: 'Carl', department: 'client', role: 'manager' },
      { employeeId: 'mgr-dora', name: 'Dora', department: 'client', role: 'manager' },
    ]) {
      expect((await post(api, { path: '/v1/employees', body: employee, key: `employee-${employee.employeeId}` })).status).toBe(201);
    }

    /** The next command of the mix: a new lead contacted and won, then reorders on the clients won so far. */
    const won: string[] = [];
    const nextCommand = (): Sent => {
      sequence += 1;
      if (won.length === 0 || sequence % 4 === 0) {
        const clientId = `k-${sequence}`;
        won.push(clientId);
        return {
          path: '/v1/clients',
          body: {
            clientId,
            leadId: `lead-${clientId}`,
            repId: 'rep-anna',
            firstOrder: { orderId: `${clientId}-o1`, total: { amount: 10_000, currency: 'EUR' } },
          },
          key: `win-${clientId}`,
        };
      }
      const clientId = won[sequence % won.length]!;
      return {
        path: `/v1/clients/${clientId}/orders`,
        body: { orderId: `o-${sequence}`, total: { amount: 1_000 + sequence, currency: 'EUR' }, takenBy: 'rep-anna' },
        key: `order-${sequence}`,
      };
    };
    const contactFirst = async (target: ApiProcess, command: Sent) => {
      if (command.path !== '/v1/clients') return;
      const leadId = command.body.leadId as string;
      await post(target, {
        path: `/v1/leads/${leadId}/contacts`,
        body: { repId: 'rep-anna', company: leadId, channel: 'call', outcome: 'interested' },
        key: `contact-${leadId}`,
      }).catch(() => undefined);
    };

    let rounds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const killAfterMs = 300 + Math.random() * 1_200;
      const deadline = Date.now() + killAfterMs;
      const killer = new Promise<void>((resolve) => setTimeout(() => void api.kill('SIGKILL').then(resolve), killAfterMs));
      // Two clients in parallel, each sending until the process dies under it.
      await Promise.all(
        [0, 1].map(async () => {
          while (Date.now() < deadline + 50) {
            const command = nextCommand();
            sent.push(command);
            try {
              await contactFirst(api, command);
              command.answered = await post(api, command);
            } catch {
              break; // the connection died with the process: this command is unanswered
            }
          }
        }),
      );
      await killer;
      rounds += 1;
      api = await start();
    }

    try {
      // Unanswered commands are retried with their key: each completes exactly once (or was already complete).
      const unanswered = sent.filter((command) => command.answered === undefined);
      for (const command of unanswered) {
        await contactFirst(api, command);
        command.answered = await post(api, command);
        expect([201, 409]).toContain(command.answered.status);
      }
      // A restarted process works through what fell due meanwhile in the background: done when nothing is due any more.
      await settled(api);

      const events = await allEvents(api);
      const ids = new Set(events.map((event) => event.eventId));
      const acknowledged = sent.filter((command) => command.answered && command.answered.status < 300 && command.answered.eventId);
      const missing = acknowledged.filter((command) => !ids.has(command.answered!.eventId!));
      expect(missing.map((command) => command.key)).toEqual([]);
      // No command is half-written: every win has its conversion, no order is recorded twice.
      const types = (type: string) => events.filter((event) => event.type === type);
      expect(types('LeadConverted').length).toBe(types('ClientWon').length);
      const orderIds = types('ReorderPlaced').map((event) => `${event.streamId}/${String(event.data.orderId)}`);
      expect(orderIds.length).toBe(new Set(orderIds).size);
      expect(ids.size).toBe(events.length);

      // The policy: every client with N reorders while sales owned it was handed off exactly once.
      const { handoffs, due } = handoffsOf(events, HANDOFF_AFTER_REORDERS);
      expect([...handoffs.values()].filter((count) => count !== 1)).toEqual([]);
      const notHanded = due.filter((streamId) => handoffs.get(streamId) !== 1);
      expect(notHanded).toEqual([]);

      // The hash chain verifies over the whole log.
      expect(await get(api, '/v1/audit/verify')).toMatchObject({ intact: true });

      // Every projection equals a full rebuild of itself.
      const { live, rebuilt } = await readsBeforeAndAfterRebuild(api);
      expect(rebuilt).toEqual(live);

      recordFigures('killUnderLoad', {
        roundsSurvived: rounds,
        commandsSent: sent.length,
        eventsAcknowledged: acknowledged.length,
        eventsAcknowledgedAndFound: acknowledged.length - missing.length,
        unansweredThenRetried: unanswered.length,
        eventsInLog: events.length,
        handoffsByPolicy: handoffs.size,
        dueHandoffs: due.length,
        dueHandoffsMissed: notHanded.length,
      });
    } finally {
      await api.kill('SIGTERM');
    }
  }, 240_000);
});
