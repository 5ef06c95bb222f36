import {
  clientDecider,
  commissionPlanDecider,
  DEFAULT_AUTO_HANDOFF,
  DEFAULT_EARLIEST_OCCURRED_AT,
  employeeDecider,
  leadDecider,
  parseZonedTime,
  streamIds,
  type ClientState,
  type CommissionPlanState,
  type ContactChannel,
  type Decider,
  type DecisionContext,
  type Department,
  type DomainEvent,
  type EmployeeState,
  type LeadState,
  type Role,
} from '@ledger/domain';
import type { Actor, AppendResult, EventStore, NewEvent } from '@ledger/event-store';
import { v5 as uuidv5 } from 'uuid';
import { eventMetadata, newEventOf } from '../application/new-event';

/** What company to generate; every option has a default. */
export interface CompanyHistoryOptions {
  /** The seed of the pseudo-random choices (0 to 4294967295); the same options give the same events and event ids. Default 1. */
  seed?: number;
  /** ISO 8601 time with a zone: the founding of the company. Default '2022-01-03T08:00:00.000Z' (a Monday). */
  start?: string;
  /** How many calendar months of business to generate. Default 24. */
  months?: number;
  /** The scale knob: new leads a month, on average (0.8× of it at the founding, 1.2× from the second year); headcount follows. Default 60. */
  leadsPerMonth?: number;
}

/** One append to make, in order: the stream's events with the revision the stream must be at. */
export interface HistoryAppend {
  streamId: string;
  expectedRevision: number | 'no_stream';
  events: NewEvent[];
  /** This append and the next are one decision on two streams (a win: the lead, then the client): stored together or not at all. */
  togetherWithNext?: boolean;
}

export interface CompanyHistoryAppendResult {
  /** Events appended by this call (events already stored from an earlier run are not counted). */
  events: number;
  /** Appends that stored new events. */
  appends: number;
  /** Events of the history that were already stored (an earlier run of the same history). */
  alreadyStored: number;
  /** Streams the history writes to. */
  streams: number;
  /** Business time of the first and last event of the history; undefined for an empty one. */
  firstOccurredAt?: string;
  lastOccurredAt?: string;
}

export const COMPANY_HISTORY_DEFAULTS = {
  seed: 1,
  start: '2022-01-03T08:00:00.000Z',
  months: 24,
  leadsPerMonth: 60,
} as const;

/**
 * A realistic, deterministic history of a sales company (DESIGN §1), built only from
 * what the domain deciders decide: a sales department founded first, leads worked by
 * reps, about a third of them won, reorders that fade as in real retention cohorts,
 * a client department that takes repeat clients over, key accounts for the big fish,
 * commission plans that change mid-history, people joining and leaving.
 *
 * Business time only moves forward, across the whole history, so the appends can be
 * written in the order they are generated. The simulation never looks at its horizon
 * before reaching it: a longer run of the same seed and scale starts with exactly the
 * events of a shorter one, so `months` can be raised later and only the new part is
 * appended.
 *
 * Every event is what a decider decided on the stream's state at that point; the
 * appends come with the revision each stream must be at, and deterministic event ids.
 */
export function* generateCompanyHistory(options: CompanyHistoryOptions = {}): Generator<HistoryAppend> {
  yield* new CompanySimulation(resolveOptions(options)).run();
}

/** The business time span a history covers: from the founding up to (not including) `end`. Throws on invalid options. */
export function companyHistorySpan(options: CompanyHistoryOptions = {}): { start: string; end: string } {
  const resolved = resolveOptions(options);
  return { start: new Date(resolved.start).toISOString(), end: new Date(historyEnd(resolved)).toISOString() };
}

/**
 * Appends a generated history through the EventStore port, stream by stream with the
 * expected revision (a win's two streams in one atomic append). Event ids are
 * deterministic, so appending the same history again stores nothing new: the store
 * answers each repeated append with its first result.
 */
export async function appendCompanyHistory(
  store: EventStore,
  history: Iterable<HistoryAppend>,
  options: { onProgress?: (events: number) => void; progressEvery?: number } = {},
): Promise<CompanyHistoryAppendResult> {
  const progressEvery = options.progressEvery ?? 10_000;
  // Events stored before this call sit at or below today's head; new ones land above it.
  const head = await store.headPosition();
  const result: CompanyHistoryAppendResult = { events: 0, appends: 0, alreadyStored: 0, streams: 0 };
  let seen = 0;
  let nextProgress = progressEvery;
  const count = (append: HistoryAppend, answer: AppendResult) => {
    if (answer.events[0]!.position > head) {
      result.events += answer.events.length;
      result.appends += 1;
    } else {
      result.alreadyStored += answer.events.length;
    }
    if (append.expectedRevision === 'no_stream') result.streams += 1;
    result.firstOccurredAt ??= append.events[0]!.occurredAt;
    result.lastOccurredAt = append.events.at(-1)!.occurredAt;
    seen += append.events.length;
    if (seen >= nextProgress) {
      nextProgress = seen - (seen % progressEvery) + progressEvery;
      options.onProgress?.(result.events);
    }
  };
  let together: HistoryAppend[] = [];
  for (const append of history) {
    together.push(append);
    if (append.togetherWithNext) continue;
    const unit = together;
    together = [];
    const answers =
      unit.length === 1
        ? [await store.append(append.streamId, append.events, { expectedRevision: append.expectedRevision })]
        : await store.appendAtomically(unit.map(({ streamId, events, expectedRevision }) => ({ streamId, events, options: { expectedRevision } })));
    for (const [index, answer] of answers.entries()) count(unit[index]!, answer);
  }
  options.onProgress?.(result.events);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Options, randomness and time

interface ResolvedOptions {
  readonly seed: number;
  readonly start: number;
  readonly months: number;
  readonly leadsPerMonth: number;
}

function resolveOptions(options: CompanyHistoryOptions): ResolvedOptions {
  const seed = options.seed ?? COMPANY_HISTORY_DEFAULTS.seed;
  const startText = options.start ?? COMPANY_HISTORY_DEFAULTS.start;
  const months = options.months ?? COMPANY_HISTORY_DEFAULTS.months;
  const leadsPerMonth = options.leadsPerMonth ?? COMPANY_HISTORY_DEFAULTS.leadsPerMonth;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
  const start = parseZonedTime(startText);
  if (Number.isNaN(start)) throw new RangeError(`start must be an ISO 8601 time with a zone, got ${JSON.stringify(startText)}`);
  if (start < DEFAULT_EARLIEST_OCCURRED_AT.getTime()) {
    throw new RangeError(`start must not lie before ${DEFAULT_EARLIEST_OCCURRED_AT.toISOString()}, the earliest business time, got ${startText}`);
  }
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`months must be a whole number, got ${months}`);
  if (!Number.isFinite(leadsPerMonth) || leadsPerMonth < 0) throw new RangeError(`leadsPerMonth must be a number from 0, got ${leadsPerMonth}`);
  return { seed, start, months, leadsPerMonth };
}

/** The same day and time of day, `months` calendar months after the start. */
function historyEnd({ start, months }: ResolvedOptions): number {
  const from = new Date(start);
  return Date.UTC(
    from.getUTCFullYear(),
    from.getUTCMonth() + months,
    from.getUTCDate(),
    from.getUTCHours(),
    from.getUTCMinutes(),
    from.getUTCSeconds(),
    from.getUTCMilliseconds(),
  );
}

/** mulberry32: a tiny, fast, well-mixed 32-bit generator; plenty for a demo, and reproducible everywhere. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(items.length * this.next())]!;
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let left = this.next() * total;
    for (const [item, weight] of items) {
      left -= weight;
      if (left < 0) return item;
    }
    return items.at(-1)![0];
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** A count whose mean is `mean`: the whole part plus one more with the fraction's probability. */
  count(mean: number): number {
    const whole = Math.floor(mean);
    return whole + (this.chance(mean - whole) ? 1 : 0);
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Working days in a year, to spread monthly volumes over days. */
const WORKING_DAYS_PER_MONTH = 261 / 12;

const startOfDay = (time: number): number => Math.floor(time / DAY) * DAY;

/** The same day if it is a weekday, else the Monday after. */
function workday(day: number): number {
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) return day + 2 * DAY;
  if (weekday === 0) return day + DAY;
  return day;
}

// ---------------------------------------------------------------------------------------------
// The company: names, reasons, amounts

const FIRST_NAMES = [
  'Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Katja', 'Lukas', 'Mia', 'Noah',
  'Olga', 'Paul', 'Rosa', 'Simon', 'Tara', 'Umar', 'Vera', 'Willem', 'Yara', 'Zoe', 'Marco', 'Sofia', 'Lars', 'Aisha',
];
const LAST_NAMES = [
  'Berg', 'Costa', 'Dumont', 'Eriksen', 'Fischer', 'Garcia', 'Hansen', 'Ivanova', 'Jansen', 'Keller', 'Lindqvist', 'Moreau',
  'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Urban', 'Vogel', 'Weber', 'Young', 'Zielinski',
];
const COMPANY_PREFIXES = [
  'Nordic', 'Baltic', 'Alpine', 'Atlas', 'Blue Harbour', 'Summit', 'Rhein', 'Iberia', 'Danube', 'Vector', 'Orion', 'Granite',
  'Crown', 'Delta', 'Evergreen', 'Falcon', 'Helix', 'Kestrel', 'Lumen', 'Meridian', 'Nova', 'Pioneer', 'Quantum', 'Silverline',
  'Terra', 'Union', 'Vertex', 'Westfield', 'Zenith', 'Oakridge', 'Polaris', 'Redwood',
];
const COMPANY_TRADES = [
  'Steel', 'Foods', 'Logistics', 'Textiles', 'Packaging', 'Chemicals', 'Plastics', 'Timber', 'Electrics', 'Tools', 'Pharma',
  'Motors', 'Glass', 'Paper', 'Hydraulics', 'Furniture', 'Optics', 'Ceramics', 'Marine', 'Agro', 'Bakeries', 'Print',
];
const COMPANY_FORMS: Readonly<Record<string, readonly string[]>> = {
  EUR: ['GmbH', 'AG', 'S.A.', 'B.V.', 'S.r.l.', 'Oy', 'AB', 'SAS', 'KG'],
  GBP: ['Ltd', 'plc', 'LLP'],
};
const COMPETITORS = ['Brightline Supply', 'Kontor24', 'Medallion Trade', 'NorthStar Distribution', 'Ferrum Direct', 'OmniSource'];

/** Why leads are lost, as sales teams record it. */
const LEAD_LOSS_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['price', 28],
  ['no budget', 20],
  ['chose competitor', 22],
  ['no response', 18],
  ['bad timing', 7],
  ['not a fit', 5],
];
const CLIENT_LOSS_REASONS: ReadonlyArray<readonly [{ reason: string; competitor: boolean }, number]> = [
  [{ reason: 'moved to a competitor', competitor: true }, 55],
  [{ reason: 'price', competitor: true }, 15],
  [{ reason: 'went out of business', competitor: false }, 12],
  [{ reason: 'no longer needs the product', competitor: false }, 10],
  [{ reason: 'quality complaints', competitor: false }, 8],
];
const LEAVING_REASONS = ['resigned', 'moved to a competitor', 'relocated', 'career change'];

const NOTES: Readonly<Record<string, readonly string[]>> = {
  'no answer': ['rang twice', 'switchboard only'],
  'left voicemail': ['asked for a call back'],
  interested: ['sent the catalogue', 'wants samples', 'forwarded to purchasing'],
  'asked for a quote': ['volumes for next quarter', 'compare with current supplier'],
  'quote sent': ['standard terms', '5 % volume discount offered'],
  negotiating: ['payment terms', 'delivery schedule', 'price per unit'],
  'verbal yes': ['order expected this week', 'waiting for PO'],
  'call back later': ['budget review next month', 'decision maker on leave'],
  'not convinced': ['happy with current supplier', 'too expensive'],
};

/** Approximate value of one minor unit in EUR, to compare clients across currencies. */
const EUR_PER_UNIT: Readonly<Record<string, number>> = { EUR: 1, GBP: 1.17 };
/** Trailing-12-month revenue (EUR minor units) over which a client is a big fish. */
const KEY_ACCOUNT_THRESHOLD = 6_000_000;
const HANDOFF_AFTER_REORDERS = DEFAULT_AUTO_HANDOFF.reorders;
/** The sales department's reps at the default scale (more at a larger leadsPerMonth). */
const SALES_REPS = 5;
const HANDOFF_AFTER_DAYS = DEFAULT_AUTO_HANDOFF.days;

/** One stream as the deciders see it: its folded state and the revision of its last event (-1: none yet). */
interface Stream<State> {
  readonly id: string;
  state: State;
  revision: number;
}

const newStream = <State>(id: string, decider: { initialState(): State }): Stream<State> => ({ id, state: decider.initialState(), revision: -1 });

interface Person {
  readonly id: string;
  readonly department: Department;
  readonly role: Role;
  readonly stream: Stream<EmployeeState>;
  /** The person as the actor of what they do. */
  readonly actor: Actor;
  active: boolean;
}

type LeadFate = 'win' | 'lose' | 'stall';

/** A lead being worked; dropped (with its stream state) once closed. */
interface LeadSim {
  readonly leadId: string;
  readonly stream: Stream<LeadState>;
  readonly company: string;
  readonly currency: string;
  repId: string;
  readonly fate: LeadFate;
  readonly lossReason: string;
  readonly contacts: number;
  made: number;
}

/** A client; only reachable from the agenda and the sales book, so a client nobody will touch again is garbage. */
interface ClientSim {
  readonly clientId: string;
  readonly stream: Stream<ClientState>;
  readonly currency: string;
  /** The typical order, in minor units; drifts a little with every order. */
  base: number;
  /** Probability of ordering again after each order. */
  loyalty: number;
  /** Typical days between orders. */
  cadenceDays: number;
  readonly wonAt: number;
  orders: number;
  handoffScheduled: boolean;
  escalationScheduled: boolean;
}

interface Scheduled {
  readonly time: number;
  readonly seq: number;
  readonly run: (time: number) => void;
}

/** A binary min-heap on (time, seq): ties run in the order they were scheduled, so runs are reproducible. */
class Agenda {
  private readonly items: Scheduled[] = [];
  private seq = 0;

  add(time: number, run: (time: number) => void): void {
    const items = this.items;
    const item: Scheduled = { time, seq: this.seq++, run };
    let index = items.push(item) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, last)) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

const before = (a: Scheduled, b: Scheduled): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);

/** Fixed namespace of the demo's event ids. */
export const COMPANY_HISTORY_ID_NAMESPACE = '2d0b6f3c-8a51-5e7e-9f41-6c3f1a7d2b90';

/** Name-based (version 5) ids of the names `prefix + index`: the same history always gets the same ids. */
function uuidV5Sequence(namespace: string, prefix: string): (index: number) => string {
  return (index) => uuidv5(`${prefix}${index}`, namespace);
}

/** The generator decides far from any real clock: its business times are checked for order and the earliest business time, not against today. */
const DECISION_CONTEXT: DecisionContext = { now: new Date(8.64e15), maxClockSkewMs: 0, earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT };
const ADMIN: Actor = { type: 'user', id: 'demo', role: 'admin' };

interface Cause {
  readonly correlationId: string;
  readonly causationId: string;
}

class CompanySimulation {
  private readonly random: Random;
  private readonly agenda = new Agenda();
  private readonly end: number;
  private readonly eventId: (index: number) => string;
  /** Scales the headcount with the volume of leads, so reps keep a human workload. */
  private readonly staff: number;
  private eventCount = 0;
  private out: HistoryAppend[] = [];

  private readonly people = new Map<string, Person>();
  private readonly roster = new Map<string, Person[]>();
  private readonly plans = new Map<Department, Stream<CommissionPlanState>>();
  private personCount = 0;
  private leadCount = 0;
  private clientCount = 0;
  /** Clients owned by the sales department, per owning rep: handed over when the rep leaves. */
  private readonly salesBook = new Map<string, Set<ClientSim>>();
  private clientDepartmentOpen = false;
  private keyAccountsOpen = false;

  constructor(private readonly options: ResolvedOptions) {
    this.random = new Random(options.seed);
    const start = new Date(options.start);
    this.end = historyEnd(options);
    // Everything that shapes the history but its length: another company gets other ids.
    this.eventId = uuidV5Sequence(COMPANY_HISTORY_ID_NAMESPACE, `${options.seed}|${options.leadsPerMonth}|${start.toISOString()}|`);
    this.staff = Math.max(1, options.leadsPerMonth / COMPANY_HISTORY_DEFAULTS.leadsPerMonth);
  }

  *run(): Generator<HistoryAppend> {
    this.planMilestones();
    let latest = Number.NEGATIVE_INFINITY;
    for (let next = this.agenda.pop(); next !== undefined; next = this.agenda.pop()) {
      if (next.time >= this.end) break;
      if (next.time < latest) throw new Error(`demo history bug: time ran backwards to ${new Date(next.time).toISOString()}`);
      latest = next.time;
      next.run(next.time);
      if (this.out.length > 0) {
        const batch = this.out;
        this.out = [];
        for (const append of batch) yield append;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // The calendar of the organisation

  /** Midnight of the first day of the month `month` months after the start's month. */
  private monthStart(month: number): number {
    const start = new Date(this.options.start);
    return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month, 1);
  }

  /** 09:00 on the first working day of that month (the founding itself for month 0). */
  private monthOpening(month: number): number {
    return month === 0 ? this.options.start : workday(this.monthStart(month)) + 9 * HOUR;
  }

  private scaled(count: number): number {
    return Math.max(1, Math.round(count * this.staff));
  }

  private planMilestones(): void {
    const founding = this.options.start;
    this.agenda.add(founding, (time) => this.foundSalesDepartment(time));
    // The first leads come in on the next working day.
    this.agenda.add(workday(startOfDay(founding) + DAY) + 6 * HOUR, (time) => this.workingDay(time));

    // The sales department stays 5 reps strong: a rep who leaves is replaced a few weeks later.
    for (const month of [8, 14, 20]) {
      this.agenda.add(this.monthOpening(month) + 14 * DAY, (time) => this.repLeaves(time));
    }
    this.agenda.add(this.monthOpening(5), (time) => this.openClientDepartment(time));
    for (const month of [9, 13, 17, 21]) {
      this.agenda.add(this.monthOpening(month) + 2 * HOUR, (time) => this.hire(time, 'client', 'manager', this.scaled(1)));
    }
    // Plan changes announced at the start of a month, in force from the middle of it.
    this.agenda.add(this.monthOpening(10), (time) => this.setCommissionPlan(time, 'sales', 750, this.monthStart(10) + 14 * DAY));
    this.agenda.add(this.monthOpening(12), (time) => this.openKeyAccounts(time));
    this.agenda.add(this.monthOpening(15), (time) => this.setCommissionPlan(time, 'client', 350, this.monthStart(15) + 15 * DAY));
    this.agenda.add(this.monthOpening(18) + 3 * HOUR, (time) => this.hire(time, 'key_accounts', 'manager', 1));
  }

  private foundSalesDepartment(time: number): void {
    this.setCommissionPlan(time, 'sales', 800, this.monthStart(0));
    // DESIGN §1: a head, one more head acting as assistant head, and five reps hunting new clients.
    this.hire(time, 'sales', 'head', 1);
    this.hire(time, 'sales', 'assistant_head', 1);
    this.hire(time, 'sales', 'rep', this.scaled(SALES_REPS));
  }

  private openClientDepartment(time: number): void {
    this.clientDepartmentOpen = true;
    this.setCommissionPlan(time, 'client', 300, this.monthStart(5));
    this.hire(time, 'client', 'head', 1);
    this.hire(time, 'client', 'manager', this.scaled(2));
  }

  private openKeyAccounts(time: number): void {
    this.keyAccountsOpen = true;
    this.setCommissionPlan(time, 'key_accounts', 500, this.monthStart(12));
    this.hire(time, 'key_accounts', 'head', 1);
    this.hire(time, 'key_accounts', 'manager', this.scaled(1));
  }

  private setCommissionPlan(time: number, department: Department, rateBasisPoints: number, effectiveFrom: number): void {
    let stream = this.plans.get(department);
    if (!stream) this.plans.set(department, (stream = newStream(streamIds.commissionPlan(department), commissionPlanDecider)));
    this.decide(
      stream,
      commissionPlanDecider,
      { type: 'SetCommissionPlan', occurredAt: iso(time), data: { department, rateBasisPoints, effectiveFrom: iso(effectiveFrom) } },
      ADMIN,
    );
  }

  private hire(time: number, department: Department, role: Role, count: number): void {
    for (let i = 0; i < count; i++) {
      const employeeId = `emp-${String(++this.personCount).padStart(3, '0')}`;
      const name = `${this.random.pick(FIRST_NAMES)} ${this.random.pick(LAST_NAMES)}`;
      const person: Person = {
        id: employeeId,
        department,
        role,
        stream: newStream(streamIds.employee(employeeId), employeeDecider),
        actor: { type: 'user', id: employeeId, role },
        active: true,
      };
      this.decide(person.stream, employeeDecider, { type: 'AddEmployee', occurredAt: iso(time), data: { employeeId, name, department, role } }, ADMIN);
      this.people.set(employeeId, person);
      this.roster.clear();
    }
  }

  /** A rep leaves; the clients they still own in sales go over to the client department. */
  private repLeaves(time: number): void {
    const reps = [...this.active('sales', 'rep')];
    for (let n = this.scaled(1); n > 0 && reps.length > 3; n--) {
      const rep = reps.splice(this.random.int(0, reps.length - 1), 1)[0]!;
      this.agenda.add(time + this.random.int(14, 35) * DAY, (at) => this.hire(at, 'sales', 'rep', 1));
      const left = this.decide(
        rep.stream,
        employeeDecider,
        { type: 'RemoveEmployee', occurredAt: iso(time), data: { employeeId: rep.id, reason: this.random.pick(LEAVING_REASONS) } },
        ADMIN,
      );
      rep.active = false;
      this.roster.clear();
      const cause = causeOf(left);
      let delay = 0;
      for (const client of this.salesBook.get(rep.id) ?? []) {
        delay += this.random.int(5, 40) * MINUTE;
        this.agenda.add(time + delay, (at) => this.handOff(at, client, `${rep.id} left the company`, cause));
      }
    }
  }

  /** Who is active in a department (and role); cached until someone joins or leaves. Do not mutate. */
  private active(department: Department, role?: Role): readonly Person[] {
    const key = `${department}|${role ?? ''}`;
    let found = this.roster.get(key);
    if (!found) {
      found = [];
      for (const person of this.people.values()) {
        if (person.active && person.department === department && (role === undefined || person.role === role)) found.push(person);
      }
      this.roster.set(key, found);
    }
    return found;
  }

  /** The head of a department (or anyone active in it) acts for it; the generator itself when nobody is left. */
  private actorFor(department: Department): Actor {
    const people = this.active(department);
    const head = people.find((person) => person.role === 'head') ?? people[0];
    return head ? head.actor : ADMIN;
  }

  /** A lead's owner (the rep of its first contact) closes it; one passed to another rep when the owner left, the head of sales. */
  private leadWorker(lead: LeadSim, repId: string): Actor {
    return lead.stream.state.ownerId === repId ? this.actorOf(repId) : this.actorFor('sales');
  }

  private actorOf(employeeId: string): Actor {
    const person = this.people.get(employeeId);
    return person ? person.actor : ADMIN;
  }

  // -------------------------------------------------------------------------------------------
  // Leads

  private workingDay(time: number): void {
    const day = startOfDay(time);
    const monthsIn = (day - this.options.start) / (30.44 * DAY);
    // The pipeline grows by half over the first year as the team finds its feet.
    const growth = 0.8 + 0.4 * Math.min(1, monthsIn / 12);
    const leads = this.random.count((this.options.leadsPerMonth * growth) / WORKING_DAYS_PER_MONTH);
    for (let i = 0; i < leads; i++) {
      const at = day + 8 * HOUR + this.random.int(0, 10 * 60 - 1) * MINUTE + this.random.int(0, 59) * 1000;
      this.agenda.add(Math.max(at, time), (when) => this.newLead(when));
    }
    this.agenda.add(workday(day + DAY) + 6 * HOUR, (next) => this.workingDay(next));
  }

  /** A working time some days after `time`, never before it. */
  private later(time: number, minDays: number, maxDays: number): number {
    const day = workday(startOfDay(time + this.random.between(minDays, maxDays) * DAY));
    const at = day + 8 * HOUR + this.random.int(0, 10 * 60 - 1) * MINUTE + this.random.int(0, 59) * 1000;
    return Math.max(at, time + MINUTE);
  }

  private newLead(time: number): void {
    const reps = this.active('sales', 'rep');
    if (reps.length === 0) return;
    const random = this.random;
    const currency = random.chance(0.15) ? 'GBP' : 'EUR';
    const company = `${random.pick(COMPANY_PREFIXES)} ${random.pick(COMPANY_TRADES)} ${random.pick(COMPANY_FORMS[currency]!)}`;
    const fate = random.weighted(LEAD_FATES);
    const lossReason = random.weighted(LEAD_LOSS_REASONS);
    const contacts =
      fate === 'win' ? random.int(2, 6) : fate === 'lose' ? random.int(1, lossReason === 'no response' ? 3 : 4) : random.int(1, 3);
    const leadId = `l-${String(++this.leadCount).padStart(6, '0')}`;
    const lead: LeadSim = {
      leadId,
      stream: newStream(streamIds.lead(leadId), leadDecider),
      company,
      currency,
      repId: random.pick(reps).id,
      fate,
      lossReason,
      contacts,
      made: 0,
    };
    this.contact(time, lead);
  }

  /** The rep working the lead; a lead whose rep has left goes to a colleague. */
  private repFor(lead: LeadSim): string | undefined {
    if (this.people.get(lead.repId)?.active) return lead.repId;
    const reps = this.active('sales', 'rep');
    if (reps.length === 0) return undefined;
    lead.repId = this.random.pick(reps).id;
    return lead.repId;
  }

  private contact(time: number, lead: LeadSim): void {
    const repId = this.repFor(lead);
    if (repId === undefined) return;
    const step = lead.made / Math.max(1, lead.contacts - 1);
    const { channel, outcome } = this.contactOf(lead, step);
    const notes = NOTES[outcome];
    const note = notes && this.random.chance(0.6) ? this.random.pick(notes) : null;
    this.decide(
      lead.stream,
      leadDecider,
      {
        type: 'ContactLead',
        occurredAt: iso(time),
        data: { leadId: lead.leadId, repId, company: lead.made === 0 ? lead.company : null, channel, outcome, note },
      },
      this.actorOf(repId),
    );
    lead.made += 1;
    if (lead.made < lead.contacts) this.agenda.add(this.later(time, 2, 12), (at) => this.contact(at, lead));
    else if (lead.fate === 'win') this.agenda.add(this.later(time, 1, 10), (at) => this.win(at, lead));
    else if (lead.fate === 'lose') this.agenda.add(this.later(time, 3, 30), (at) => this.loseLead(at, lead));
    // A stalled lead stays open, and nobody calls again.
  }

  private contactOf(lead: LeadSim, step: number): { channel: ContactChannel; outcome: string } {
    const random = this.random;
    const first = lead.made === 0;
    const channel = random.weighted(first ? FIRST_CHANNELS : step >= 0.6 && lead.fate === 'win' ? CLOSING_CHANNELS : FOLLOW_UP_CHANNELS);
    if (lead.fate === 'win') return { channel, outcome: onLadder(WIN_LADDER, step) };
    if (lead.fate === 'stall') return { channel, outcome: random.pick(STALLED_OUTCOMES) };
    if (lead.lossReason === 'no response') return { channel, outcome: random.pick(UNANSWERED_OUTCOMES) };
    return { channel, outcome: first && random.chance(0.3) ? 'no answer' : onLadder(LOSS_LADDER, step) };
  }

  private loseLead(time: number, lead: LeadSim): void {
    const repId = this.repFor(lead);
    this.decide(
      lead.stream,
      leadDecider,
      { type: 'LoseLead', occurredAt: iso(time), data: { leadId: lead.leadId, reason: lead.lossReason } },
      repId === undefined ? this.actorFor('sales') : this.leadWorker(lead, repId),
    );
  }

  /** As the ledger's win: LeadConverted on the lead stream, then ClientWon on the new client's stream. */
  private win(time: number, lead: LeadSim): void {
    const repId = this.repFor(lead);
    if (repId === undefined) return;
    const random = this.random;
    const clientId = `c-${String(++this.clientCount).padStart(6, '0')}`;
    const actor = this.leadWorker(lead, repId);
    const converted = this.decide(lead.stream, leadDecider, { type: 'ConvertLead', occurredAt: iso(time), data: { leadId: lead.leadId, clientId } }, actor);

    // Order sizes are log-normal: most clients are small, a few are big fish.
    const base = Math.round((150_000 * Math.exp(0.95 * random.normal())) / EUR_PER_UNIT[lead.currency]!);
    const client: ClientSim = {
      clientId,
      stream: newStream(streamIds.client(clientId), clientDecider),
      currency: lead.currency,
      base: Math.max(5_000, base),
      loyalty: random.between(0.7, 0.97),
      cadenceDays: random.between(18, 45),
      wonAt: time,
      orders: 1,
      handoffScheduled: false,
      escalationScheduled: false,
    };
    const won = this.decide(
      client.stream,
      clientDecider,
      {
        type: 'WinClient',
        occurredAt: iso(time),
        data: { clientId, leadId: lead.leadId, repId, firstOrder: { orderId: `${clientId}-o1`, total: this.orderTotal(client) } },
      },
      actor,
      { correlationId: converted[0]!.metadata.correlationId, causationId: converted[0]!.eventId },
    );
    // The lead's append and the client's, just pushed: one decision, stored together.
    this.out.at(-2)!.togetherWithNext = true;
    this.ownedBySales(repId).add(client);
    this.afterOrder(time, client, causeOf(won));
  }

  private ownedBySales(repId: string): Set<ClientSim> {
    let book = this.salesBook.get(repId);
    if (!book) this.salesBook.set(repId, (book = new Set()));
    return book;
  }

  /** Called before the client leaves the sales department's hands (handoff, escalation, loss). */
  private releaseFromSales(client: ClientSim): void {
    const { owningDepartment, ownerId } = client.stream.state;
    if (owningDepartment !== 'sales' || ownerId === undefined) return;
    const book = this.salesBook.get(ownerId);
    book?.delete(client);
    if (book?.size === 0) this.salesBook.delete(ownerId);
  }

  // -------------------------------------------------------------------------------------------
  // Clients

  private orderTotal(client: ClientSim): { amount: number; currency: string } {
    return { amount: Math.max(100, Math.round(client.base * this.random.between(0.7, 1.35))), currency: client.currency };
  }

  private reorder(time: number, client: ClientSim): void {
    const state = client.stream.state;
    if (state.status !== 'active') return;
    const owner = this.people.get(state.ownerId!);
    const takenBy = owner?.active ? owner : this.active(state.owningDepartment!).find((person) => person.role === 'head');
    if (!takenBy) return;
    client.orders += 1;
    const placed = this.decide(
      client.stream,
      clientDecider,
      {
        type: 'PlaceReorder',
        occurredAt: iso(time),
        data: { clientId: client.clientId, orderId: `${client.clientId}-o${client.orders}`, total: this.orderTotal(client), takenBy: takenBy.id },
      },
      takenBy.actor,
    );
    // Good clients buy a little more over time.
    client.base = Math.round(client.base * this.random.between(0.98, 1.06));
    this.afterOrder(time, client, causeOf(placed));
  }

  /** What follows an order: the next one (or a fade-out), a handoff, an escalation. */
  private afterOrder(time: number, client: ClientSim, cause: Cause): void {
    const random = this.random;
    const state = client.stream.state;
    const reorders = client.orders - 1;

    if (this.clientDepartmentOpen && state.owningDepartment === 'sales' && !client.handoffScheduled) {
      const rule =
        reorders >= HANDOFF_AFTER_REORDERS
          ? `policy: ${HANDOFF_AFTER_REORDERS} reorders`
          : time - client.wonAt >= HANDOFF_AFTER_DAYS * DAY
            ? `policy: ${HANDOFF_AFTER_DAYS} days since the first order`
            : undefined;
      if (rule !== undefined) {
        client.handoffScheduled = true;
        this.agenda.add(time + random.int(10, 180) * MINUTE, (at) => this.handOff(at, client, rule, cause));
      }
    }

    if (!random.chance(client.loyalty)) {
      // Some fade out silently (at risk), others are lost, mostly to a competitor; key accounts rarely.
      if (random.chance(state.keyAccount ? 0.15 : 0.45)) this.agenda.add(this.later(time, 30, 120), (at) => this.loseClient(at, client));
      return;
    }
    if (!client.escalationScheduled && !state.keyAccount && this.keyAccountsOpen && client.orders >= 4) {
      if (trailingRevenueEur(state, time) >= KEY_ACCOUNT_THRESHOLD) {
        client.escalationScheduled = true;
        this.agenda.add(this.later(time, 1, 5), (at) => this.escalate(at, client, cause));
      }
    }
    client.loyalty *= 0.995;
    this.agenda.add(this.later(time, client.cadenceDays * 0.7, client.cadenceDays * 1.3), (at) => this.reorder(at, client));
  }

  private handOff(time: number, client: ClientSim, reason: string, cause: Cause): void {
    const state = client.stream.state;
    if (state.status !== 'active' || state.owningDepartment !== 'sales') return;
    const managers = this.active('client', 'manager');
    if (managers.length === 0) return;
    const manager = this.random.pick(managers);
    this.releaseFromSales(client);
    this.decide(
      client.stream,
      clientDecider,
      { type: 'HandOffClient', occurredAt: iso(time), data: { clientId: client.clientId, toManagerId: manager.id, reason } },
      this.actorFor('sales'),
      cause,
    );
    // The client department works the reorders: a handed-over client orders more often and stays longer.
    client.loyalty = Math.min(0.985, client.loyalty + 0.1);
    client.cadenceDays *= 0.85;
  }

  /** As the ledger's escalation: the owner's department comes from the owner's own stream. */
  private escalate(time: number, client: ClientSim, cause: Cause): void {
    const state = client.stream.state;
    if (state.status !== 'active' || state.keyAccount) return;
    const owners = this.active('key_accounts', 'manager');
    if (owners.length === 0) return;
    const owner = this.random.pick(owners);
    this.releaseFromSales(client);
    this.decide(
      client.stream,
      clientDecider,
      {
        type: 'EscalateKeyAccount',
        occurredAt: iso(time),
        data: {
          clientId: client.clientId,
          ownerId: owner.id,
          ownerDepartment: owner.stream.state.department!,
          reason: `big fish: trailing 12-month revenue over ${KEY_ACCOUNT_THRESHOLD / 100} EUR`,
        },
      },
      this.actorFor('key_accounts'),
      cause,
    );
    // A dedicated owner binds the client and grows it.
    client.loyalty = Math.max(client.loyalty, 0.95);
    client.base = Math.round(client.base * 1.15);
  }

  private loseClient(time: number, client: ClientSim): void {
    const state = client.stream.state;
    if (state.status !== 'active') return;
    const { reason, competitor } = this.random.weighted(CLIENT_LOSS_REASONS);
    const owner = this.people.get(state.ownerId!);
    this.releaseFromSales(client);
    this.decide(
      client.stream,
      clientDecider,
      {
        type: 'LoseClient',
        occurredAt: iso(time),
        data: { clientId: client.clientId, reason, competitor: competitor ? this.random.pick(COMPETITORS) : null },
      },
      owner?.active ? owner.actor : this.actorFor(state.owningDepartment!),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Deciding and recording

  /**
   * Decides a command on the stream's state as the ledger would, evolves the state,
   * and queues the append. A refusal is a bug in the generator, never skipped.
   */
  private decide<Command extends { type: string }, Event extends DomainEvent, State>(
    stream: Stream<State>,
    decider: Decider<Command, Event, State>,
    command: Command,
    actor: Actor,
    cause?: Cause,
  ): NewEvent[] {
    const decision = decider.decide(command, stream.state, DECISION_CONTEXT);
    if (!decision.ok) {
      throw new Error(`demo history bug: ${stream.id} refused ${command.type}: ${decision.failure.code} (${decision.failure.message})`);
    }
    if (decision.value.length === 0) throw new Error(`demo history bug: ${stream.id} decided nothing for ${command.type}`);
    const events: NewEvent[] = [];
    let state = stream.state;
    for (const event of decision.value) {
      state = decider.evolve(state, event);
      const eventId = this.eventId(this.eventCount++);
      const correlationId = cause?.correlationId ?? events[0]?.eventId ?? eventId;
      events.push(newEventOf(event, eventId, eventMetadata({ actor, correlationId, causationId: cause?.causationId })));
    }
    this.out.push({ streamId: stream.id, expectedRevision: stream.revision < 0 ? 'no_stream' : stream.revision, events });
    stream.state = state;
    stream.revision += events.length;
    return events;
  }
}

const LEAD_FATES: ReadonlyArray<readonly [LeadFate, number]> = [
  ['win', 33],
  ['lose', 55],
  ['stall', 12],
];
const FIRST_CHANNELS: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['call', 60],
  ['email', 35],
  ['other', 5],
];
const FOLLOW_UP_CHANNELS: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['call', 45],
  ['email', 35],
  ['meeting', 15],
  ['other', 5],
];
/** Leads about to be won meet in person. */
const CLOSING_CHANNELS: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['meeting', 55],
  ['call', 30],
  ['email', 15],
];
const STALLED_OUTCOMES = ['no answer', 'call back later', 'interested'];
const UNANSWERED_OUTCOMES = ['no answer', 'left voicemail'];
const WIN_LADDER = ['interested', 'asked for a quote', 'quote sent', 'negotiating', 'verbal yes'];
const LOSS_LADDER = ['interested', 'asked for a quote', 'quote sent', 'not convinced'];
const onLadder = (ladder: readonly string[], step: number): string => ladder[Math.min(ladder.length - 1, Math.round(step * (ladder.length - 1)))]!;

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
let isoDay = Number.NaN;
let isoDate = '';

/** toISOString, faster: business time mostly stays within a day, so the date part is kept. */
function iso(time: number): string {
  const day = startOfDay(time);
  if (day !== isoDay) {
    isoDay = day;
    isoDate = new Date(day).toISOString().slice(0, 11);
  }
  let rest = time - day;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / 1000);
  return `${isoDate}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest - seconds * 1000]}Z`;
}


/** The request an event started: what it leads to shares its correlation and names it as cause. */
const causeOf = (events: readonly NewEvent[]): Cause => ({
  correlationId: events[0]!.metadata.correlationId,
  causationId: events.at(-1)!.eventId,
});

function trailingRevenueEur(state: ClientState, time: number): number {
  // ISO times in UTC compare as strings.
  const since = new Date(time - 365 * DAY).toISOString();
  let total = 0;
  for (let i = state.orders.length - 1; i >= 0; i--) {
    const order = state.orders[i]!;
    if (order.occurredAt < since) break;
    total += order.total.amount * (EUR_PER_UNIT[order.total.currency] ?? 1);
  }
  return total;
}
