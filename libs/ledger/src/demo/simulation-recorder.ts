import { type CommissionPlanState, type Decider, type Department, type DomainEvent } from '@ledger/domain';
import type { Actor, NewEvent } from '@ledger/event-store';

import { eventMetadata, newEventOf } from '../application/new-event';
import { COMPANY_HISTORY_DEFAULTS, type HistoryAppend, historyEnd, type ResolvedOptions } from './company-history-options';
import {
  type Cause,
  type ClientSim,
  COMPANY_HISTORY_ID_NAMESPACE,
  DECISION_CONTEXT,
  type Person,
  type Stream,
  uuidV5Sequence,
} from './simulation-model';
import { Random } from './simulation-random';
import { Agenda } from './simulation-time';

/** The simulation's state and clock, and how it decides commands and records their events as the ledger would. */
export abstract class SimulationRecorder {
  protected readonly random: Random;
  protected readonly agenda = new Agenda();
  protected readonly end: number;
  protected readonly eventId: (index: number) => string;
  /** Scales the headcount with the volume of leads, so reps keep a human workload. */
  protected readonly staff: number;
  protected eventCount = 0;
  protected out: HistoryAppend[] = [];

  protected readonly people = new Map<string, Person>();
  protected readonly roster = new Map<string, Person[]>();
  protected readonly plans = new Map<Department, Stream<CommissionPlanState>>();
  protected personCount = 0;
  protected leadCount = 0;
  protected clientCount = 0;
  /** Clients owned by the sales department, per owning rep: handed over when the rep leaves. */
  protected readonly salesBook = new Map<string, Set<ClientSim>>();
  protected clientDepartmentOpen = false;
  protected keyAccountsOpen = false;

  constructor(protected readonly options: ResolvedOptions) {
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

  /** Puts the organisation's milestones and the first working day on the agenda. */
  protected abstract planMilestones(): void;

  // -------------------------------------------------------------------------------------------
  // Deciding and recording

  /**
   * Decides a command on the stream's state as the ledger would, evolves the state,
   * and queues the append. A refusal is a bug in the generator, never skipped.
   */
  protected decide<Command extends { type: string }, Event extends DomainEvent, State>(
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
