import {
  type ClientCommand,
  clientDecider,
  type ClientEvent,
  type ClientState,
  type CommissionPlanCommand,
  commissionPlanDecider,
  type CommissionPlanEvent,
  type CommissionPlanState,
  crossStreamRules,
  type Decider,
  type DecisionContext,
  type DomainEvent,
  type EmployeeCommand,
  employeeDecider,
  type EmployeeEvent,
  type EmployeeState,
  type EscalateKeyAccount,
  fold,
  type HandOffClient,
  type LeadCommand,
  leadDecider,
  type LeadEvent,
  type LeadState,
  type Order,
  streamIds,
  type WinClient,
} from '@ledger/domain';
import type { EventMetadata, NewEvent, RecordedEvent } from '@ledger/event-store';

import { toDomainEvent } from '../application/folded-streams';
import type { ClientMove, ClientMoveInput } from '../clients/client-move';
import { ESCALATE_KEY_ACCOUNT } from '../clients/escalate-key-account';
import { HAND_OFF_CLIENT } from '../clients/hand-off-client';
import type { ImportRow, InvalidRow, RowRequest } from './import-file';
import { type AnyWork, type Refusal, RowDecision, type StreamWork } from './import-row-decision';

/** One append the import makes: all its new events of one stream, at the revision the stream was read at. */
export interface PlannedAppend {
  readonly streamId: string;
  readonly expectedRevision: number | 'no_stream';
  readonly events: NewEvent[];
  /** A row wrote this stream and the next append's together (a win: the lead and the client): they must be stored together. */
  readonly togetherWithNext: boolean;
}

export interface ImportPlannerOptions {
  /** The stream as the ledger holds it now (loaded before planning); an unknown stream is empty. */
  readonly recorded: (streamId: string) => readonly RecordedEvent[];
  /** The clock and skew every command is decided with. */
  readonly context: DecisionContext;
  /** Recorded on every event the import appends. */
  readonly metadata: EventMetadata;
}

type EmployeeWork = StreamWork<EmployeeState, EmployeeCommand, EmployeeEvent>;
type LeadWork = StreamWork<LeadState, LeadCommand, LeadEvent>;
type ClientWork = StreamWork<ClientState, ClientCommand, ClientEvent>;
type PlanWork = StreamWork<CommissionPlanState, CommissionPlanCommand, CommissionPlanEvent>;

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * Decides every row of an import with the domain's deciders and its
 * crossStreamRules, the very ones the command handlers call, against the ledger's streams
 * and the rows before it, in memory: nothing is appended while deciding. A
 * refused row changes nothing, so the rows after it are decided as if it were
 * not in the file. A row whose events the ledger already holds (an earlier run
 * of the same file) is recognised by its event ids and not decided again.
 *
 * The result is one append per stream with all its new events, in the order
 * the streams were first written to: an employee before the leads they
 * contact, a lead before the client won from it, as the log had them. Two
 * exceptions: an employee who joins again (another department, after leaving)
 * starts a second append at that row, since the pipeline credits a lead to the
 * department its rep was in when it was first contacted; and a row that writes
 * several streams (a win) has them in adjacent appends marked togetherWithNext,
 * starting a new append for a stream whose open one is further back, so the
 * import can store them in one atomic append.
 */
export class ImportPlanner {
  private readonly streams = new Map<string, AnyWork>();
  private readonly planned: Array<{ work: AnyWork; events: NewEvent[]; togetherWithNext: boolean }> = [];
  private present = 0;
  private newEvents = 0;

  constructor(private readonly options: ImportPlannerOptions) {}

  /** Every stream a row reads or writes, to load before deciding. */
  static streamsOf(request: RowRequest): string[] {
    switch (request.type) {
      case 'addEmployee':
      case 'removeEmployee':
        return [streamIds.employee(request.employeeId)];
      case 'setCommissionPlan':
        return [streamIds.commissionPlan(request.department)];
      case 'contactLead':
        return [streamIds.lead(request.leadId), streamIds.employee(request.repId)];
      case 'loseLead':
        return [streamIds.lead(request.leadId)];
      case 'winClient':
        return [streamIds.client(request.clientId), streamIds.lead(request.leadId), streamIds.employee(request.repId)];
      case 'placeReorder':
        return [streamIds.client(request.clientId), streamIds.employee(request.takenBy)];
      case 'handOffClient':
        return [streamIds.client(request.clientId), streamIds.employee(request.toManagerId)];
      case 'escalateKeyAccount':
        return [streamIds.client(request.clientId), streamIds.employee(request.ownerId)];
      case 'loseClient':
        return [streamIds.client(request.clientId)];
      case 'order':
        return [streamIds.client(request.client), streamIds.lead(request.client), streamIds.employee(request.rep)];
    }
  }

  /** Events the ledger already held (an earlier run of the same rows). */
  get alreadyPresent(): number {
    return this.present;
  }

  /** New events planned so far. */
  get events(): number {
    return this.newEvents;
  }

  /** Decides one row: answers why it is refused, or undefined when its events are planned (or already recorded). */
  decide(row: ImportRow): InvalidRow | undefined {
    const decision = new RowDecision(row, this.options);
    const refusal = this.run(row, decision);
    if (refusal) {
      return {
        line: row.line,
        code: refusal.code,
        message: refusal.message,
        ...(refusal.field === undefined ? {} : { field: row.field(refusal.field) }),
      };
    }
    const written = [...decision.changes].filter(([, change]) => change.events.length > 0).length;
    let streamOfRow = 0;
    for (const [work, change] of decision.changes) {
      work.state = change.state;
      if (change.events.length === 0) continue;
      let open = work.open;
      // A row writing several streams puts them in adjacent appends, so they can be stored together: the first
      // stream may join its open append only if that is the last one planned; the others start new ones after it.
      const adjacent = written === 1 || (streamOfRow === 0 && open !== undefined && this.planned.at(-1)?.events === open.events);
      if (!open || !adjacent || change.events[0]!.type === 'EmployeeJoined') {
        open = work.open = { events: [] };
        this.planned.push({ work, events: open.events, togetherWithNext: false });
      }
      if (streamOfRow > 0) this.planned.at(-2)!.togetherWithNext = true;
      streamOfRow++;
      open.events.push(...change.events);
      this.newEvents += change.events.length;
    }
    this.present += decision.present;
    return undefined;
  }

  /** The appends to make, one per stream (a rejoining employee's two), in the order the streams were first written to. */
  appends(): PlannedAppend[] {
    const revisions = new Map<AnyWork, number | undefined>();
    return this.planned.map(({ work, events, togetherWithNext }) => {
      const revision = revisions.has(work) ? revisions.get(work) : work.revision;
      revisions.set(work, (revision ?? -1) + events.length);
      return { streamId: work.streamId, expectedRevision: revision ?? 'no_stream', events, togetherWithNext };
    });
  }

  private run(row: ImportRow, decision: RowDecision): Refusal | undefined {
    const request = row.request;
    const { occurredAt } = request;
    switch (request.type) {
      case 'addEmployee': {
        const { employeeId, name, department, role } = request;
        return decision.step(this.employee(employeeId), 'main', {
          type: 'AddEmployee',
          occurredAt,
          data: { employeeId, name, department, role },
        });
      }
      case 'removeEmployee':
        return decision.step(this.employee(request.employeeId), 'main', {
          type: 'RemoveEmployee',
          occurredAt,
          data: { employeeId: request.employeeId, reason: request.reason },
        });
      case 'setCommissionPlan': {
        const { department, rateBasisPoints, effectiveFrom } = request;
        return decision.step(this.plan(department), 'main', {
          type: 'SetCommissionPlan',
          occurredAt,
          data: { department, rateBasisPoints, effectiveFrom },
        });
      }
      case 'contactLead': {
        const { leadId, repId, company, channel, outcome, note } = request;
        return decision.checkedStep(
          this.lead(leadId),
          'main',
          this.employee(repId),
          (rep) => crossStreamRules.contactLead({ leadId, repId, company, channel, outcome, note }, rep),
          (data): LeadCommand => ({ type: 'ContactLead', occurredAt, data }),
        );
      }
      case 'loseLead':
        return decision.step(this.lead(request.leadId), 'main', {
          type: 'LoseLead',
          occurredAt,
          data: { leadId: request.leadId, reason: request.reason },
        });
      case 'winClient': {
        const client = this.client(request.clientId);
        if (decision.isPresent(client, 'main')) {
          decision.isPresent(this.lead(request.leadId), 'lead');
          return undefined;
        }
        return this.win(decision, client, { ...request, occurredAt });
      }
      case 'placeReorder': {
        const client = this.client(request.clientId);
        if (decision.isPresent(client, 'main')) return undefined;
        return this.reorder(decision, client, request);
      }
      case 'handOffClient':
        return this.moveClient(decision, HAND_OFF_CLIENT, request, (data) => ({ type: 'HandOffClient', occurredAt, data }));
      case 'escalateKeyAccount':
        return this.moveClient(decision, ESCALATE_KEY_ACCOUNT, request, (data) => ({ type: 'EscalateKeyAccount', occurredAt, data }));
      case 'loseClient': {
        const { clientId, reason, competitor } = request;
        return decision.step(this.client(clientId), 'main', { type: 'LoseClient', occurredAt, data: { clientId, reason, competitor } });
      }
      case 'order': {
        // The first order of a client wins it (its lead contacted first, if nobody has); later ones are reorders.
        const { client: clientId, orderId, total, rep } = request;
        const client = this.client(clientId);
        const lead = this.lead(clientId);
        if (decision.isPresent(client, 'main')) {
          decision.isPresent(lead, 'contact');
          decision.isPresent(lead, 'lead');
          return undefined;
        }
        if (decision.state(client).status !== 'none')
          return this.reorder(decision, client, { clientId, orderId, total, takenBy: rep, occurredAt });
        if (decision.state(lead).stage === 'none' && !decision.isPresent(lead, 'contact')) {
          const data = crossStreamRules.contactLead(
            { leadId: clientId, repId: rep, company: clientId, channel: 'other', outcome: 'imported order', note: null },
            decision.state(this.employee(rep)),
          );
          if (!data.ok) return data.failure;
          const contact = decision.decide(lead, 'contact', { type: 'ContactLead', occurredAt, data: data.value }, { compare: false });
          if (contact) return contact;
        }
        return this.win(decision, client, { clientId, leadId: clientId, repId: rep, firstOrder: { orderId, total }, occurredAt });
      }
    }
  }

  /** In the win handler's order: a second win refused, the rep's rules, the win checked, the lead converted, then the client won. */
  private win(
    decision: RowDecision,
    client: ClientWork,
    input: { clientId: string; leadId: string; repId: string; firstOrder: Order; occurredAt: string },
  ): Refusal | undefined {
    const { clientId, leadId, repId, firstOrder, occurredAt } = input;
    const win: WinClient = { type: 'WinClient', occurredAt, data: { clientId, leadId, repId, firstOrder } };
    // An existing client: the decider refuses the second win.
    if (decision.state(client).status !== 'none') return decision.decide(client, 'main', win);
    const rule = crossStreamRules.winClient(win.data, decision.state(this.employee(repId)));
    if (!rule.ok) return rule.failure;
    const won = client.decider.decide(win, decision.state(client), this.options.context);
    if (!won.ok) return won.failure;
    const lead = this.lead(leadId);
    if (!decision.isPresent(lead, 'lead')) {
      const converted = decision.decide(lead, 'lead', { type: 'ConvertLead', occurredAt, data: { leadId, clientId } }, { compare: false });
      if (converted) return converted;
    }
    return decision.record(client, 'main', won.value);
  }

  /** A handoff or an escalation: the receiver and the rule that checks them are the move's own, as its handler takes them. */
  private moveClient<Input extends ClientMoveInput, Move extends HandOffClient | EscalateKeyAccount>(
    decision: RowDecision,
    move: ClientMove<Input, Move>,
    input: Input,
    command: (data: Move['data']) => ClientCommand,
  ): Refusal | undefined {
    const receiver = this.employee(move.receiverOf(input));
    return decision.checkedStep(this.client(input.clientId), 'main', receiver, (state) => move.checked(input, state), command);
  }

  private reorder(
    decision: RowDecision,
    client: ClientWork,
    input: { clientId: string; orderId: string; total: Order['total']; takenBy: string; occurredAt: string },
  ): Refusal | undefined {
    const { clientId, orderId, total, takenBy, occurredAt } = input;
    const data = crossStreamRules.placeReorder({ clientId, orderId, total, takenBy }, decision.state(this.employee(takenBy)));
    if (!data.ok) return data.failure;
    return decision.decide(client, 'main', { type: 'PlaceReorder', occurredAt, data: data.value });
  }

  private employee = (employeeId: string): EmployeeWork => this.work(streamIds.employee(employeeId), employeeDecider);
  private lead = (leadId: string): LeadWork => this.work(streamIds.lead(leadId), leadDecider);
  private client = (clientId: string): ClientWork => this.work(streamIds.client(clientId), clientDecider);
  private plan = (department: Parameters<typeof streamIds.commissionPlan>[0]): PlanWork =>
    this.work(streamIds.commissionPlan(department), commissionPlanDecider);

  private work<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<Command, Event, State>,
  ): StreamWork<State, Command, Event> {
    let work = this.streams.get(streamId) as StreamWork<State, Command, Event> | undefined;
    if (!work) {
      const recorded = this.options.recorded(streamId);
      work = {
        streamId,
        decider,
        state:
          recorded.length === 0
            ? decider.initialState()
            : fold(
                decider,
                recorded.map((event) => toDomainEvent<Event>(event)),
              ),
        revision: recorded.at(-1)?.revision,
        recordedIds: recorded.length === 0 ? NO_IDS : new Set(recorded.map((event) => event.eventId)),
      };
      this.streams.set(streamId, work as unknown as AnyWork);
    }
    return work;
  }
}
