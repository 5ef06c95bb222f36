import {
  clientDecider,
  type ClientState,
  commissionPlanDecider,
  type Decider,
  DEFAULT_EARLIEST_OCCURRED_AT,
  type Department,
  employeeDecider,
  EVENT_SCHEMA_VERSIONS,
  leadDecider,
  type LeadState,
  type LedgerEvent,
  streamIds,
} from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';
import fc from 'fast-check';

/** One step a sales company might take; indices pick from fixed rosters, so every step names someone plausible. */
export type Intent =
  | { kind: 'plan'; department: Department; rate: number; effectiveInDays: number }
  | { kind: 'contact'; lead: number; rep: number }
  | { kind: 'loseLead'; lead: number; reason: number }
  | { kind: 'win'; lead: number; amount: number; currency: number }
  | { kind: 'reorder'; client: number; amount: number; currency: number }
  | { kind: 'handoff'; client: number; manager: number }
  | { kind: 'escalate'; client: number; owner: number }
  | { kind: 'loseClient'; client: number }
  | { kind: 'staff'; temp: number };

export interface TimedIntent {
  readonly intent: Intent;
  /** Minutes the company clock moves on before this step. */
  readonly advanceMinutes: number;
  /** Minutes this step's business time lies before the company clock: histories arrive out of order across streams. */
  readonly lateMinutes: number;
}

const REPS = ['rep-1', 'rep-2', 'rep-3'];
const MANAGERS = ['mgr-1', 'mgr-2'];
const OWNERS = ['ka-1'];
/** Staff who come and go (and come back, in another role): the employee directory's history. */
const TEMPS = ['temp-1', 'temp-2'];
/** Companies named in other spellings by different reps, for searches and sorts by company. */
const COMPANY_NAMES = ['ACME', 'acme', 'Globex'];
const CURRENCIES = ['EUR', 'GBP'];
const REASONS = ['price', 'no budget', 'chose a competitor'];
const DAY = 24 * 60;
/** Leads (and the clients they become) are drawn from a small pool by default, so steps meet the same ones often. */
const SMALL_POOL = 15;

type IntentOf<Kind extends Intent['kind']> = Extract<Intent, { kind: Kind }>;
type Drawn<T> = { [Field in keyof T]: fc.Arbitrary<T[Field]> };

/** The intent of one kind with its fields drawn, at a weight among the others. */
const weighted = <Kind extends Intent['kind']>(
  weight: number,
  kind: Kind,
  fields: Drawn<Omit<IntentOf<Kind>, 'kind'>>,
): fc.WeightedArbitrary<Intent> => ({
  weight,
  // Every field is drawn, so the record is the whole intent (fast-check's type allows for optional fields).
  arbitrary: fc.record<IntentOf<Kind>>({ kind: fc.constant(kind), ...fields } as Drawn<IntentOf<Kind>>) as fc.Arbitrary<IntentOf<Kind>>,
});

/** An index into a roster. */
const oneOf = (roster: readonly unknown[]) => fc.nat(roster.length - 1);

const intentOver = (pool: number): fc.Arbitrary<Intent> => {
  const member = fc.integer({ min: 0, max: pool });
  const order = { amount: fc.integer({ min: 1, max: 5_000_000 }), currency: oneOf(CURRENCIES) };
  return fc.oneof(
    weighted(1, 'plan', {
      department: fc.constantFrom<Department>('sales', 'client', 'key_accounts'),
      rate: fc.integer({ min: 0, max: 2_000 }),
      effectiveInDays: fc.integer({ min: -40, max: 40 }),
    }),
    weighted(6, 'contact', { lead: member, rep: oneOf(REPS) }),
    weighted(2, 'loseLead', { lead: member, reason: oneOf(REASONS) }),
    weighted(5, 'win', { lead: member, ...order }),
    weighted(12, 'reorder', { client: member, ...order }),
    weighted(3, 'handoff', { client: member, manager: oneOf(MANAGERS) }),
    weighted(2, 'escalate', { client: member, owner: oneOf(OWNERS) }),
    weighted(1, 'loseClient', { client: member }),
    weighted(1, 'staff', { temp: oneOf(TEMPS) }),
  );
};

/** Random company histories: steps spread over days to weeks, some recorded late. */
export const companyIntents = (maxLength = 150, minLength = 30, pool = SMALL_POOL): fc.Arbitrary<TimedIntent[]> =>
  fc.array(
    fc.record({
      intent: intentOver(pool),
      advanceMinutes: fc.integer({ min: 0, max: 5 * DAY }),
      lateMinutes: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 45 * DAY }) }),
    }),
    { minLength, maxLength },
  );

export interface HistoryAppend {
  readonly streamId: string;
  readonly events: NewEvent[];
}

/**
 * Turns steps into what the ledger would have recorded: each through its stream's
 * decider, refused steps dropped, business time kept monotonic per stream.
 */
export function realiseHistory(steps: readonly TimedIntent[], start = Date.parse('2024-01-01T00:00:00.000Z')): HistoryAppend[] {
  const appends: HistoryAppend[] = [];
  const streams = new Map<string, { state: unknown; latest?: string }>();
  let eventNumber = 0;
  let clock = start;
  const context = { now: new Date('2100-01-01T00:00:00.000Z'), maxClockSkewMs: 0, earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT };
  const toNew = (event: LedgerEvent): NewEvent => ({
    eventId: `e-${++eventNumber}`,
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
    occurredAt: event.occurredAt,
    data: event.data,
    metadata: { actor: { type: 'user', id: 'property', role: null }, correlationId: `c-${eventNumber}`, causationId: `c-${eventNumber}` },
  });

  function decide<C extends { occurredAt: string }, E extends LedgerEvent, S>(
    decider: Decider<C, E, S>,
    streamId: string,
    command: Undated<C>,
    wanted: number,
  ): E[] {
    const stream = streams.get(streamId) ?? { state: decider.initialState() };
    const occurredAt = new Date(stream.latest === undefined ? wanted : Math.max(wanted, Date.parse(stream.latest))).toISOString();
    const result = decider.decide({ ...command, occurredAt } as unknown as C, stream.state as S, context);
    if (!result.ok || result.value.length === 0) return [];
    let state = stream.state as S;
    for (const event of result.value) state = decider.evolve(state, event);
    streams.set(streamId, { state, latest: result.value.at(-1)!.occurredAt });
    appends.push({ streamId, events: result.value.map(toNew) });
    return result.value;
  }
  const clientState = (client: number) => streams.get(streamIds.client(`c-${client}`))?.state as ClientState | undefined;
  // Leads and clients are numbered from the pools: lead l-n becomes client c-n.
  const onLead = (lead: number, command: Undated<CommandOf<typeof leadDecider>>, at: number) =>
    decide(leadDecider, streamIds.lead(`l-${lead}`), command, at);
  const onClient = (client: number, command: Undated<CommandOf<typeof clientDecider>>, at: number) =>
    decide(clientDecider, streamIds.client(`c-${client}`), command, at);

  // The roster joins first.
  const roster: Array<[string, Department, 'rep' | 'manager']> = [
    ...REPS.map((id) => [id, 'sales', 'rep'] as [string, Department, 'rep']),
    ...MANAGERS.map((id) => [id, 'client', 'manager'] as [string, Department, 'manager']),
    ...OWNERS.map((id) => [id, 'key_accounts', 'manager'] as [string, Department, 'manager']),
  ];
  for (const [employeeId, department, role] of roster) {
    appends.push({
      streamId: streamIds.employee(employeeId),
      events: [
        toNew({
          type: 'EmployeeJoined',
          occurredAt: new Date(start - DAY * 60_000).toISOString(),
          data: { employeeId, name: employeeId, department, role },
        }),
      ],
    });
  }

  const contacted: number[] = [];
  const won: number[] = [];
  // Steps on leads and clients pick among those that exist, when there are any, so most steps can act.
  const pick = (pool: number[], index: number) => (pool.length === 0 ? index : pool[index % pool.length]!);
  for (const { intent: original, advanceMinutes, lateMinutes } of steps) {
    clock += advanceMinutes * 60_000;
    const step: Intent =
      original.kind === 'loseLead' || original.kind === 'win'
        ? { ...original, lead: pick(contacted, original.lead) }
        : 'client' in original
          ? { ...original, client: pick(won, original.client) }
          : original;
    const wanted = clock - lateMinutes * 60_000;
    switch (step.kind) {
      case 'plan': {
        const effectiveFrom = new Date(wanted + step.effectiveInDays * DAY * 60_000).toISOString();
        decide(
          commissionPlanDecider,
          streamIds.commissionPlan(step.department),
          { type: 'SetCommissionPlan', data: { department: step.department, rateBasisPoints: step.rate, effectiveFrom } },
          wanted,
        );
        break;
      }
      case 'contact':
        onLead(
          step.lead,
          {
            type: 'ContactLead',
            data: {
              leadId: `l-${step.lead}`,
              repId: REPS[step.rep]!,
              company: `${COMPANY_NAMES[step.rep % COMPANY_NAMES.length]!} ${step.lead}`,
              channel: 'call',
              outcome: 'talked',
              note: null,
            },
          },
          wanted,
        );
        if (!contacted.includes(step.lead)) contacted.push(step.lead);
        break;
      case 'loseLead':
        onLead(step.lead, { type: 'LoseLead', data: { leadId: `l-${step.lead}`, reason: REASONS[step.reason]! } }, wanted);
        break;
      case 'win': {
        const leadId = `l-${step.lead}`;
        const clientId = `c-${step.lead}`;
        const lead = streams.get(streamIds.lead(leadId))?.state as LeadState | undefined;
        if (!lead || lead.stage !== 'open' || clientState(step.lead)) break;
        const converted = onLead(step.lead, { type: 'ConvertLead', data: { leadId, clientId } }, wanted);
        if (converted.length === 0) break;
        onClient(
          step.lead,
          {
            type: 'WinClient',
            data: {
              clientId,
              leadId,
              repId: lead.ownerId!,
              firstOrder: { orderId: `${clientId}-1`, total: { amount: step.amount, currency: CURRENCIES[step.currency]! } },
            },
          },
          Date.parse(converted[0]!.occurredAt),
        );
        won.push(step.lead);
        break;
      }
      case 'reorder': {
        const client = clientState(step.client);
        if (!client || client.status !== 'active') break;
        onClient(
          step.client,
          {
            type: 'PlaceReorder',
            data: {
              clientId: `c-${step.client}`,
              orderId: `c-${step.client}-${client.orders.length + 1}`,
              total: { amount: step.amount, currency: CURRENCIES[step.currency]! },
              takenBy: client.ownerId!,
            },
          },
          wanted,
        );
        break;
      }
      case 'handoff':
        onClient(
          step.client,
          { type: 'HandOffClient', data: { clientId: `c-${step.client}`, toManagerId: MANAGERS[step.manager]!, reason: 'property' } },
          wanted,
        );
        break;
      case 'escalate':
        onClient(
          step.client,
          {
            type: 'EscalateKeyAccount',
            data: { clientId: `c-${step.client}`, ownerId: OWNERS[step.owner]!, ownerDepartment: 'key_accounts', reason: 'property' },
          },
          wanted,
        );
        break;
      case 'staff': {
        const employeeId = TEMPS[step.temp]!;
        const streamId = streamIds.employee(employeeId);
        const here = (streams.get(streamId)?.state as { status?: string } | undefined)?.status === 'active';
        const joins = (appends.filter((append) => append.streamId === streamId).length + 1) % 2;
        decide(
          employeeDecider,
          streamId,
          here
            ? { type: 'RemoveEmployee', data: { employeeId, reason: null } }
            : {
                type: 'AddEmployee',
                data: {
                  employeeId,
                  name: `Temp ${employeeId.slice(-1)} ${joins ? 'Rep' : 'Manager'}`,
                  department: joins ? 'sales' : 'client',
                  role: joins ? 'rep' : 'manager',
                },
              },
          wanted,
        );
        break;
      }
      case 'loseClient':
        onClient(step.client, { type: 'LoseClient', data: { clientId: `c-${step.client}`, reason: 'price', competitor: null } }, wanted);
        break;
    }
  }
  return appends;
}

/** A command without its business time, which realiseHistory sets; kept per member of a union. */
type Undated<C> = C extends unknown ? Omit<C, 'occurredAt'> : never;
/** The commands a decider takes. */
type CommandOf<D> = D extends Decider<infer Command, infer _Event, infer _State> ? Command : never;
