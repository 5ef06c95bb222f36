import type { ApiProcess } from '../e2e/support/api-process';
import { recordFigures, SOAK } from './support/figures';
import { ADMIN } from './support/ledger-checks';
import { ProcessStore } from './support/process-store';

/**
 * Two API processes over one database (one SQLite file, or one PostgreSQL
 * schema with LEDGER_TEST_STORE=postgres) each win the same new client id
 * from a lead of its own, at the same moment. A win writes two streams
 * (LeadConverted on the lead, ClientWon on the client): the loser must leave
 * both untouched, so its lead stays open and can be won again under another
 * client id. Before the two streams were appended in one transaction, the
 * loser's conversion was sometimes stored although its win was refused.
 */
const TRIALS = SOAK ? 100 : 20;

interface LoggedEvent {
  readonly position: number;
  readonly type: string;
  readonly streamId: string;
  readonly data: Record<string, unknown>;
}

describe('two processes racing wins of one client id from two leads', () => {
  const store = new ProcessStore('win-race', { LEDGER_POLICIES: 'none' });
  const started: ApiProcess[] = [];

  afterAll(async () => {
    await Promise.all(started.map((api) => api.kill('SIGKILL')));
    await store.remove();
  });

  const post = async (api: ApiProcess, route: string, body: unknown) => {
    const response = await fetch(`${api.url}${route}`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { code?: string } };
  };
  const expectCreated = async (api: ApiProcess, route: string, body: unknown) => {
    const answer = await post(api, route, body);
    if (answer.status !== 201) throw new Error(`${route}: ${answer.status} ${JSON.stringify(answer.body)}\n${api.printed}`);
  };
  const win = (api: ApiProcess, clientId: string, leadId: string) =>
    post(api, '/v1/clients', {
      clientId,
      leadId,
      repId: 'rep-anna',
      firstOrder: { orderId: `${clientId}-${leadId}`, total: { amount: 10_000, currency: 'EUR' } },
    });

  /** The whole log, read from the store through the API (not from a read model). */
  const log = async (api: ApiProcess): Promise<LoggedEvent[]> => {
    const events: LoggedEvent[] = [];
    for (let after = 0; ;) {
      const response = await fetch(`${api.url}/v1/events?after=${after}&limit=1000`, { headers: ADMIN });
      const page = (await response.json()) as { events: LoggedEvent[]; nextAfter: number | null };
      events.push(...page.events);
      if (page.nextAfter === null) return events;
      after = page.nextAfter;
    }
  };

  it(`${TRIALS} trials: one win is stored whole, the other leaves nothing, and its lead stays open`, async () => {
    const [one, two] = [await store.start(), await store.start()];
    started.push(one!, two!);
    await expectCreated(one!, '/v1/employees', {
      employeeId: 'rep-anna',
      name: 'Anna',
      department: 'sales',
      role: 'rep',
      occurredAt: '2024-01-01T08:00:00Z',
    });

    const outcomes: Record<string, number> = {};
    const losers: Array<{ trial: number; leadId: string }> = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const leads = [`lead-${trial}-one`, `lead-${trial}-two`];
      for (const leadId of leads) {
        await expectCreated(one!, `/v1/leads/${leadId}/contacts`, {
          repId: 'rep-anna',
          company: leadId,
          channel: 'call',
          outcome: 'interested',
          occurredAt: '2024-02-01T09:00:00Z',
        });
      }
      const answers = await Promise.all([win(one!, `client-${trial}`, leads[0]!), win(two!, `client-${trial}`, leads[1]!)]);
      for (const answer of answers)
        outcomes[`${answer.status} ${answer.body.code ?? ''}`.trim()] =
          (outcomes[`${answer.status} ${answer.body.code ?? ''}`.trim()] ?? 0) + 1;
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      losers.push({ trial, leadId: leads[answers.findIndex((answer) => answer.status === 409)]! });
    }

    // Every conversion has its win, from that very lead; no lead is "won" for a client it did not win.
    const events = await log(one!);
    const wins = new Map(events.filter((event) => event.type === 'ClientWon').map((event) => [event.data.clientId, event.data.leadId]));
    const conversions = events.filter((event) => event.type === 'LeadConverted');
    const halfApplied = conversions.filter((event) => wins.get(event.data.clientId) !== event.data.leadId);
    recordFigures('winRace', { trials: TRIALS, processes: 2, outcomes, halfAppliedWins: halfApplied.length });
    expect(halfApplied.map((event) => `${event.streamId} → ${String(event.data.clientId)}`)).toEqual([]);
    expect(conversions).toHaveLength(TRIALS);

    // The loser's lead is still open: it can be won under another client id (or lost).
    for (const { trial, leadId } of losers) {
      const again = await win(two!, `client-${trial}-again`, leadId);
      expect({ leadId, status: again.status, code: again.body.code }).toEqual({ leadId, status: 201, code: undefined });
    }
  }, 180_000);
});
