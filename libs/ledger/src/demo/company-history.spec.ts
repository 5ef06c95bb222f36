import {
  clientDecider,
  type ClientEvent,
  type ClientHandedToClientDepartment,
  type ClientState,
  type ClientWon,
  type CommissionPlanSet,
  type Department,
  DEPARTMENTS,
  employeeDecider,
  type EmployeeEvent,
  type EmployeeJoined,
  type EmployeeState,
  EVENT_SCHEMA_VERSIONS,
  type KeyAccountEscalated,
  type LeadContacted,
  leadDecider,
  type LeadEvent,
  type LeadState,
  LEDGER_EVENT_TYPES,
  type LedgerEvent,
  type ReorderPlaced,
} from '@ledger/domain';
import { type NewEvent, SqliteEventStore } from '@ledger/event-store';
import { v5 as uuidv5 } from 'uuid';

import { isAccessRole, refuseActingFor, refuseManagingEmployee, refuseTakingReorder, refuseWorkingLead } from '../access/access-rules';
import {
  appendCompanyHistory,
  COMPANY_HISTORY_DEFAULTS,
  COMPANY_HISTORY_ID_NAMESPACE,
  companyHistorySpan,
  generateCompanyHistory,
  type HistoryAppend,
} from './company-history';

interface Emitted {
  readonly streamId: string;
  readonly revision: number;
  readonly event: NewEvent;
}

/** The history flattened in order, each event with its stream and the revision it gets there. */
function flatten(history: Iterable<HistoryAppend>): Emitted[] {
  const emitted: Emitted[] = [];
  for (const append of history) {
    const first = append.expectedRevision === 'no_stream' ? 0 : append.expectedRevision + 1;
    append.events.forEach((event, index) => emitted.push({ streamId: append.streamId, revision: first + index, event }));
  }
  return emitted;
}

const asLedgerEvent = (event: NewEvent) => ({ type: event.type, occurredAt: event.occurredAt, data: event.data }) as LedgerEvent;
const ofType = <Type extends LedgerEvent['type']>(emitted: readonly Emitted[], type: Type) =>
  emitted.filter((item) => item.event.type === type).map((item) => asLedgerEvent(item.event) as Extract<LedgerEvent, { type: Type }>);

describe('a generated company history', () => {
  // The default company: 24 months, about 60 new leads a month.
  const appends = [...generateCompanyHistory()];
  const history = flatten(appends);

  it('is the same for the same options, event ids included, and another for another seed', () => {
    expect([...generateCompanyHistory({ seed: COMPANY_HISTORY_DEFAULTS.seed })]).toEqual(appends);
    const other = flatten(generateCompanyHistory({ seed: 2, months: 6 }));
    expect(other.map((item) => item.event.data)).not.toEqual(history.slice(0, other.length).map((item) => item.event.data));
  });

  it('is a company of a realistic size', () => {
    expect(history.length).toBeGreaterThan(5_000);
    expect(history.length).toBeLessThan(20_000);
    expect(ofType(history, 'ClientWon').length).toBeGreaterThan(300);
  });

  it('holds every kind of event of the catalogue', () => {
    const types = new Set(history.map((item) => item.event.type));
    expect([...types].sort()).toEqual([...LEDGER_EVENT_TYPES].sort());
  });

  it('moves forward in business time, in every stream and across the whole log, from the founding', () => {
    const times = history.map((item) => item.event.occurredAt);
    expect(times[0]).toBe(COMPANY_HISTORY_DEFAULTS.start);
    expect(times.every((time, index) => index === 0 || time >= times[index - 1]!)).toBe(true);
    expect(times.at(-1)! < companyHistorySpan().end).toBe(true);
    expect(companyHistorySpan()).toEqual({ start: '2022-01-03T08:00:00.000Z', end: '2024-01-03T08:00:00.000Z' });
  });

  it('numbers each stream from revision 0, one by one', () => {
    const wrong: string[] = [];
    const next = new Map<string, number>();
    for (const append of appends) {
      const expected = next.get(append.streamId);
      if (append.expectedRevision !== (expected ?? 'no_stream'))
        wrong.push(`${append.streamId}: ${append.expectedRevision} after ${expected}`);
      next.set(append.streamId, (expected ?? -1) + append.events.length);
    }
    const latest = new Map<string, string>();
    for (const { streamId, event } of history) {
      if (event.occurredAt < (latest.get(streamId) ?? '')) wrong.push(`${streamId}: ${event.occurredAt} before ${latest.get(streamId)}`);
      latest.set(streamId, event.occurredAt);
    }
    expect(wrong).toEqual([]);
  });

  it('gives every event a unique uuid v5 id, its schema version and who did it', () => {
    const ids = history.map((item) => item.event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const prefix = `${COMPANY_HISTORY_DEFAULTS.seed}|${COMPANY_HISTORY_DEFAULTS.leadsPerMonth}|${COMPANY_HISTORY_DEFAULTS.start}|`;
    // The n-th event's id is the uuid package's v5 of "seed|leadsPerMonth|start|n".
    for (const index of [0, 1, 2, 9, 10, 99, 1_000, ids.length - 1]) {
      expect(ids[index]).toBe(uuidv5(`${prefix}${index}`, COMPANY_HISTORY_ID_NAMESPACE));
    }
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const wrong = history.filter(
      ({ event: { type, schemaVersion, metadata } }) =>
        schemaVersion !== EVENT_SCHEMA_VERSIONS[type as LedgerEvent['type']] ||
        metadata.actor.type !== 'user' ||
        typeof metadata.actor.id !== 'string' ||
        typeof metadata.actor.role !== 'string' ||
        !uuid.test(metadata.correlationId) ||
        !uuid.test(metadata.causationId),
    );
    expect(wrong).toEqual([]);
    expect(ids.every((id) => uuid.test(id))).toBe(true);
  });

  it('derives each id from the seed, the scale, the start and the event’s number', () => {
    for (const leadsPerMonth of [120, 60.5, 60.123456789, 60.00000000000001]) {
      const options = { seed: 4_294_967_295, leadsPerMonth, months: 1 };
      const ids = flatten(generateCompanyHistory(options)).map((item) => item.event.eventId);
      const prefix = `${options.seed}|${leadsPerMonth}|${COMPANY_HISTORY_DEFAULTS.start}|`;
      expect(ids.length).toBeGreaterThan(10);
      expect(ids).toEqual(ids.map((_, index) => uuidv5(`${prefix}${index}`, COMPANY_HISTORY_ID_NAMESPACE)));
    }
  });

  it("writes a win as the ledger does: the lead's LeadConverted, then the client's ClientWon it caused", () => {
    history.forEach((item, index) => {
      if (item.event.type !== 'ClientWon') return;
      const converted = history[index - 1]!;
      expect(converted.event.type).toBe('LeadConverted');
      expect(converted.event.data).toEqual({
        leadId: (item.event.data as ClientWon['data']).leadId,
        clientId: (item.event.data as ClientWon['data']).clientId,
      });
      expect(item.event.metadata.causationId).toBe(converted.event.eventId);
      expect(item.event.metadata.correlationId).toBe(converted.event.metadata.correlationId);
    });
    // The two appends are one decision: marked to be stored together, and nothing else is.
    const together = appends.flatMap((append, index) =>
      append.togetherWithNext ? [[append.events.map((e) => e.type), appends[index + 1]!.events[0]!.type]] : [],
    );
    expect(together.length).toBe(ofType(history, 'ClientWon').length);
    expect(new Set(together.map((pair) => JSON.stringify(pair)))).toEqual(new Set([JSON.stringify([['LeadConverted'], 'ClientWon'])]));
  });

  it('meets the rules the ledger checks across streams: who may contact, win, take orders, receive and own clients', () => {
    const employees = new Map<string, { department: Department; role: string; active: boolean }>();
    const active = (employeeId: string) => employees.get(employeeId)?.active === true;
    const inDepartment = (employeeId: string, department: Department, role?: string) =>
      active(employeeId) &&
      employees.get(employeeId)!.department === department &&
      (role === undefined || employees.get(employeeId)!.role === role);
    const broken: string[] = [];
    const check = (ok: boolean, item: Emitted) => {
      if (!ok) broken.push(`${item.streamId}@${item.revision} ${item.event.type} ${JSON.stringify(item.event.data)}`);
    };
    for (const item of history) {
      const { event } = item;
      switch (event.type) {
        case 'EmployeeJoined': {
          const joined = event.data as EmployeeJoined['data'];
          employees.set(joined.employeeId, { department: joined.department, role: joined.role, active: true });
          break;
        }
        case 'EmployeeLeft':
          employees.get((event.data as { employeeId: string }).employeeId)!.active = false;
          break;
        case 'LeadContacted': {
          const { repId } = event.data as LeadContacted['data'];
          check(inDepartment(repId, 'sales', 'rep') && event.metadata.actor.type === 'user' && event.metadata.actor.id === repId, item);
          break;
        }
        case 'ClientWon':
          check(inDepartment((event.data as ClientWon['data']).repId, 'sales'), item);
          break;
        case 'ReorderPlaced': {
          const reorder = event.data as ReorderPlaced['data'];
          check(active(reorder.takenBy) && reorder.total.amount > 0, item);
          break;
        }
        case 'ClientHandedToClientDepartment': {
          // Handoffs only go from the sales department to an active client-department manager.
          const handoff = event.data as ClientHandedToClientDepartment['data'];
          check(
            handoff.fromDepartment === 'sales' &&
              handoff.toDepartment === 'client' &&
              employees.get(handoff.fromOwnerId)?.department === 'sales' &&
              inDepartment(handoff.toManagerId, 'client', 'manager'),
            item,
          );
          break;
        }
        case 'KeyAccountEscalated': {
          const escalation = event.data as KeyAccountEscalated['data'];
          check(escalation.ownerDepartment === 'key_accounts' && inDepartment(escalation.ownerId, 'key_accounts'), item);
          break;
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('is recorded by those the access rules allow: a lead closed by its owner or a head of sales, a reorder taken by the department looking after the client', () => {
    const leads = new Map<string, LeadState>();
    const clients = new Map<string, ClientState>();
    const employees = new Map<string, EmployeeState>();
    const employee = (employeeId: string) => employees.get(employeeId) ?? employeeDecider.initialState();
    const refusals: string[] = [];
    for (const item of history) {
      const { event } = item;
      const actor = event.metadata.actor;
      const actorEmployee = actor.type === 'user' ? employees.get(actor.id) : undefined;
      if (actor.type === 'user' && !isAccessRole(actor.role))
        refusals.push(`${item.streamId}@${item.revision}: no such role ${actor.role}`);
      let refusal;
      if (event.type === 'LeadConverted' || event.type === 'LeadLost')
        refusal = refuseWorkingLead(actor, actorEmployee, leads.get(item.streamId)!, 'leadId');
      if (event.type === 'ClientWon') {
        const { repId } = event.data as ClientWon['data'];
        refusal = refuseActingFor(actor, actorEmployee, repId, employee(repId), 'repId');
      }
      if (event.type === 'ReorderPlaced') {
        const { takenBy } = event.data as ReorderPlaced['data'];
        refusal =
          refuseActingFor(actor, actorEmployee, takenBy, employee(takenBy), 'takenBy') ??
          refuseTakingReorder(actor, takenBy, employee(takenBy), clients.get(item.streamId)!);
      }
      if (event.type === 'EmployeeJoined') {
        const { department, role } = event.data as EmployeeJoined['data'];
        refusal = refuseManagingEmployee(actor, actorEmployee, department, role);
      }
      if (refusal) refusals.push(`${item.streamId}@${item.revision} ${event.type} by ${JSON.stringify(actor)}: ${refusal.message}`);

      const domainEvent = asLedgerEvent(event);
      if (item.streamId.startsWith('lead-'))
        leads.set(item.streamId, leadDecider.evolve(leads.get(item.streamId) ?? leadDecider.initialState(), domainEvent as LeadEvent));
      if (item.streamId.startsWith('client-'))
        clients.set(
          item.streamId,
          clientDecider.evolve(clients.get(item.streamId) ?? clientDecider.initialState(), domainEvent as ClientEvent),
        );
      if (item.streamId.startsWith('employee-')) {
        const employeeId = (event.data as { employeeId: string }).employeeId;
        employees.set(employeeId, employeeDecider.evolve(employee(employeeId), domainEvent as EmployeeEvent));
      }
    }
    expect(refusals.slice(0, 5)).toEqual([]);
  });

  it('founds the sales department first, with 5 reps and 2 heads, keeps it that size, and opens the other departments later', () => {
    const joined = ofType(history, 'EmployeeJoined');
    const founders = joined.filter((event) => event.occurredAt === COMPANY_HISTORY_DEFAULTS.start).map((event) => event.data);
    expect(founders.every((person) => person.department === 'sales')).toBe(true);
    expect(founders.filter((person) => person.role === 'rep').length).toBe(5);
    expect(founders.filter((person) => person.role === 'head').length).toBe(1);
    expect(founders.filter((person) => person.role === 'assistant_head').length).toBe(1);
    // A rep who leaves is replaced: at the end, still 5 reps.
    const left = new Set(ofType(history, 'EmployeeLeft').map((event) => event.data.employeeId));
    expect(joined.filter((event) => event.data.role === 'rep' && !left.has(event.data.employeeId)).length).toBe(5);
    const opened = (department: Department) => joined.find((event) => event.data.department === department)!.occurredAt;
    expect(opened('sales') < opened('client')).toBe(true);
    expect(opened('client') < opened('key_accounts')).toBe(true);
    expect(ofType(history, 'EmployeeLeft').length).toBeGreaterThan(0);
  });

  it('pays the sales department a higher rate than the client department, and changes a plan from the middle of a month', () => {
    const plans = ofType(history, 'CommissionPlanSet').map((event) => event.data);
    const of = (department: Department) => plans.filter((plan) => plan.department === department);
    expect(new Set(plans.map((plan) => plan.department))).toEqual(new Set(DEPARTMENTS));
    for (const department of DEPARTMENTS) expect(of(department)[0]!.effectiveFrom.slice(8, 10)).toBe('01');
    expect(of('sales')[0]!.rateBasisPoints).toBeGreaterThan(of('client')[0]!.rateBasisPoints);
    const changes: CommissionPlanSet['data'][] = DEPARTMENTS.flatMap((department) => of(department).slice(1));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.some((plan) => Number(plan.effectiveFrom.slice(8, 10)) >= 10 && Number(plan.effectiveFrom.slice(8, 10)) <= 20)).toBe(
      true,
    );
  });

  it('works leads over several contacts and channels; about a third are won, the lost ones for real reasons', () => {
    const contacts = ofType(history, 'LeadContacted');
    const leads = new Set(contacts.map((event) => event.data.leadId));
    expect(contacts.length / leads.size).toBeGreaterThan(2);
    expect(new Set(contacts.map((event) => event.data.channel))).toEqual(
      new Set<LeadContacted['data']['channel']>(['call', 'email', 'meeting', 'other']),
    );
    const won = ofType(history, 'LeadConverted').length / leads.size;
    expect(won).toBeGreaterThan(0.25);
    expect(won).toBeLessThan(0.42);
    const reasons = new Set(ofType(history, 'LeadLost').map((event) => event.data.reason));
    for (const reason of ['price', 'no budget', 'chose competitor', 'no response']) expect(reasons).toContain(reason);
  });

  it('has clients that reorder for months, fewer and fewer, some lost to competitors; mostly in EUR, some in GBP', () => {
    const won = ofType(history, 'ClientWon');
    const wonAt = new Map(won.map((event) => [event.data.clientId, Date.parse(event.occurredAt)]));
    const monthsAfterWin = ofType(history, 'ReorderPlaced').map((event) =>
      Math.floor((Date.parse(event.occurredAt) - wonAt.get(event.data.clientId)!) / (30.44 * 24 * 3600 * 1000)),
    );
    const reorderingIn = (month: number) => monthsAfterWin.filter((offset) => offset === month).length;
    expect(reorderingIn(1)).toBeGreaterThan(reorderingIn(6));
    expect(reorderingIn(6)).toBeGreaterThan(reorderingIn(15));
    expect(reorderingIn(15)).toBeGreaterThan(0);

    const lost = ofType(history, 'ClientLost');
    expect(lost.some((event) => event.data.competitor !== null)).toBe(true);
    const currencies = won.map((event) => event.data.firstOrder.total.currency);
    const gbp = currencies.filter((currency) => currency === 'GBP').length;
    expect(gbp).toBeGreaterThan(0);
    expect(gbp).toBeLessThan(currencies.length / 3);
    expect(currencies.every((currency) => currency === 'EUR' || currency === 'GBP')).toBe(true);
    expect(won.every((event) => Number.isSafeInteger(event.data.firstOrder.total.amount))).toBe(true);
  });

  it('makes the base bring far more monthly revenue than new clients in the second year (~10 M against 1–2 M)', () => {
    const inSecondYear = (occurredAt: string) => occurredAt >= '2023-01-01' && occurredAt < '2024-01-01';
    const fresh = ofType(history, 'ClientWon').filter((event) => inSecondYear(event.occurredAt));
    const repeat = ofType(history, 'ReorderPlaced').filter((event) => inSecondYear(event.occurredAt));
    const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);
    const newRevenue = sum(fresh.map((event) => event.data.firstOrder.total.amount));
    const repeatRevenue = sum(repeat.map((event) => event.data.total.amount));
    expect(repeatRevenue).toBeGreaterThan(5 * newRevenue);
  });

  it('hands clients over after 3 reorders or 90 days, or when their rep leaves; escalates the biggest ones', () => {
    const reasons = ofType(history, 'ClientHandedToClientDepartment').map((event) => event.data.reason);
    expect(reasons).toContain('policy: 3 reorders');
    expect(reasons).toContain('policy: 90 days since the first order');
    expect(reasons.some((reason) => reason.endsWith('left the company'))).toBe(true);
    const escalated = new Set(ofType(history, 'KeyAccountEscalated').map((event) => event.data.clientId));
    const clients = ofType(history, 'ClientWon').length;
    expect(escalated.size).toBeGreaterThan(0);
    expect(escalated.size).toBeLessThan(clients / 10);
  });

  it('starts a longer history of the same company with the shorter one', () => {
    const short = [...generateCompanyHistory({ months: 6 })];
    expect(appends.slice(0, short.length)).toEqual(short);
    expect(appends.length).toBeGreaterThan(short.length);
  });

  it('grows with the leads-per-month knob', () => {
    const small = flatten(generateCompanyHistory({ months: 3 })).length;
    const large = flatten(generateCompanyHistory({ months: 3, leadsPerMonth: 600 })).length;
    expect(large).toBeGreaterThan(5 * small);
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateCompanyHistory({ start: 'last tuesday' }).next()).toThrow('start must be an ISO 8601 time with a zone');
    expect(() => generateCompanyHistory({ start: '1999-12-31T00:00:00Z' }).next()).toThrow(
      'start must not lie before 2000-01-01T00:00:00.000Z',
    );
    expect(() => generateCompanyHistory({ months: 1.5 }).next()).toThrow('months must be a whole number');
    expect(() => generateCompanyHistory({ leadsPerMonth: -1 }).next()).toThrow('leadsPerMonth');
    expect(() => generateCompanyHistory({ seed: Number.NaN }).next()).toThrow('seed must be an integer');
  });
});

describe('appending a generated company history', () => {
  let store: SqliteEventStore;

  beforeEach(() => {
    store = SqliteEventStore.open({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('stores every event in its stream in order, and a second run stores nothing new', async () => {
    const options = { months: 12 };
    const expected = flatten(generateCompanyHistory(options));
    const progress: number[] = [];
    const first = await appendCompanyHistory(store, generateCompanyHistory(options), { onProgress: (events) => progress.push(events) });
    expect(first).toMatchObject({ events: expected.length, alreadyStored: 0, firstOccurredAt: COMPANY_HISTORY_DEFAULTS.start });
    expect(first.lastOccurredAt).toBe(expected.at(-1)!.event.occurredAt);
    expect(first.streams).toBe(new Set(expected.map((item) => item.streamId)).size);
    expect(progress.at(-1)).toBe(expected.length);

    const stored = await store.readAll();
    expect(stored.map(({ streamId, revision, eventId }) => ({ streamId, revision, eventId }))).toEqual(
      expected.map(({ streamId, revision, event }) => ({ streamId, revision, eventId: event.eventId })),
    );
    expect(stored[0]).toMatchObject({ ...expected[0]!.event, position: 1 });

    const second = await appendCompanyHistory(store, generateCompanyHistory(options));
    expect(second).toMatchObject({ events: 0, appends: 0, alreadyStored: expected.length });
    expect(await store.headPosition()).toBe(expected.length);
  });

  it('appends only the new months when the same company is generated for longer', async () => {
    const short = await appendCompanyHistory(store, generateCompanyHistory({ months: 4 }));
    const long = await appendCompanyHistory(store, generateCompanyHistory({ months: 6 }));
    expect(long.alreadyStored).toBe(short.events);
    expect(long.events).toBeGreaterThan(0);
    expect(await store.headPosition()).toBe(short.events + long.events);
  });

  it('refuses to mix another company into streams a history already wrote', async () => {
    await appendCompanyHistory(store, generateCompanyHistory({ months: 1 }));
    await expect(appendCompanyHistory(store, generateCompanyHistory({ months: 1, seed: 7 }))).rejects.toThrow(/expected revision/);
  });
});
