import {
  datedCommand,
  type Decider,
  decisionContext,
  type DomainCommand,
  type DomainEvent,
  fold,
  type UndatedCommand,
} from '@ledger/domain';
import { type AppendRequest, type EventStore, type NewEvent, type RecordedEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

import type { CommandAnswer, CommandContext } from './command-context';
import { FoldedStreams } from './folded-streams';
import { GroupedAppends } from './grouped-appends';
import { LedgerError, type LedgerFailure } from './ledger-error';
import { LEDGER_METRICS, type LedgerMetrics, UNMEASURED } from './ledger-metrics';
import { eventMetadata, newEventOf } from './new-event';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_OPTIONS, type LedgerOptions } from './tokens';

// Fixed namespace: the same idempotency key always yields the same event ids.
const EVENT_ID_NAMESPACE = '6f1c2b1e-3d4a-4e8b-9c55-5a0c7e2f9b10';

export interface StreamCommand<Command extends DomainCommand, State = unknown> {
  readonly streamId: string;
  readonly decider: Decider<Command, DomainEvent, State>;
  /**
   * occurredAt is optional so history can be imported; absent means the moment the
   * command is decided. That moment is taken at each attempt, after the state is had:
   * a command retried after a concurrent append is decided at its own, later moment,
   * never before the event that beat it.
   */
  readonly command: UndatedCommand<Command>;
  /**
   * A rule of who may do this that depends on the stream (a lead's owner, the department
   * looking after a client): asked of the very state the command is decided on, at each attempt.
   */
  readonly authorise?: (state: State) => LedgerFailure | undefined;
  readonly context: CommandContext;
  /** Distinguishes the event ids of the several streams one request may write. */
  readonly step?: string;
  /** If-Match applies to the stream the request names; false for the other streams it writes. */
  readonly ifMatchApplies?: boolean;
}

/**
 * Load the stream, fold, decide, append with the revision that was read (several
 * streams: all in one atomic append, each with its own revision). A concurrent
 * writer makes the append fail; the command is then decided once more on fresh
 * state, and a second conflict is answered as such. A stream this process folded
 * is first decided on unread (see decideUnread): the append's revision check is
 * what judges it. Commands deciding at the same time append their single streams
 * together (see GroupedAppends).
 */
@Injectable()
export class StreamCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
    @Optional() @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics = UNMEASURED,
    @Optional() private readonly states: FoldedStreams = new FoldedStreams(),
  ) {
    this.appends = new GroupedAppends(store);
  }

  /** Concurrent commands' single-stream appends, committed together. */
  private readonly appends: GroupedAppends;

  /** Runs a command whose decision always appends; answers its last event. */
  async execute<Command extends DomainCommand, State>(request: StreamCommand<Command, State>): Promise<CommandAnswer> {
    const answer = await this.run(request);
    if (answer === undefined) throw new Error(`${request.streamId}: the decision appended nothing`);
    return answer;
  }

  /** Answers the last event appended, or undefined when the decision appended nothing. */
  async run<Command extends DomainCommand, State>(request: StreamCommand<Command, State>): Promise<CommandAnswer | undefined> {
    const [answer] = await this.runTogether<[State]>([request]);
    return answer;
  }

  /**
   * Commands on several streams that stand or fall together (a win converts the lead and
   * starts the client): each is decided on its own stream's state, in order, then all are
   * appended in one atomic append, each stream at the revision it was decided on. A
   * concurrent change to any of them refuses the whole append, and the commands are
   * decided once more on fresh state. Answers each stream's last event, or undefined
   * where its decision appended nothing.
   */
  async runTogether<States extends unknown[]>(commands: { [At in keyof States]: StreamCommand<DomainCommand, States[At]> }): Promise<
    Array<CommandAnswer | undefined>
  > {
    // Each command is decided with its own decider's state: the state types need not agree.
    const requests = commands as ReadonlyArray<StreamCommand<DomainCommand, unknown>>;
    // The first decision may be made on states as this process folded them, unread; a conflict of its append
    // is then no one's race but news this process had not read: decided once more on read states, not counted.
    for (let attempt = 1, unreadFirst = true; ; attempt++, unreadFirst = false) {
      const decided = await this.decideEach(requests, unreadFirst);
      const appends = decided.filter((decision) => decision.events.length > 0);
      // One stream's append may go with other commands' (group commit); several streams' is one atomic append of its own.
      if (appends.length !== 1) this.appends.leave();
      if (appends.length === 0) {
        if (decided.some((decision) => decision.answer !== undefined)) this.metrics.idempotentReplay('event-id');
        return decided.map((decision) => decision.answer);
      }
      try {
        const started = performance.now();
        const results =
          appends.length === 1
            ? [await this.appends.leaveToAppend(appendRequestOf(appends[0]!))]
            : await this.store.appendAtomically(appends.map(appendRequestOf));
        this.metrics.appended(
          results.reduce((sum, result) => sum + result.events.length, 0),
          (performance.now() - started) / 1000,
        );
        for (const [index, decision] of appends.entries()) {
          const last = results[index]!.events.at(-1)!;
          decision.answer = { eventId: last.eventId, streamId: decision.streamId, revision: last.revision, position: last.position };
          this.rememberAppended(decision, last.revision);
        }
        return decided.map((decision) => decision.answer);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (decided.some((decision) => decision.unread && decision.streamId === error.streamId)) {
          attempt -= 1;
          continue;
        }
        if (attempt >= 2 || decided.some((decision) => decision.ifMatch !== undefined)) {
          this.metrics.conflict('CONCURRENCY_CONFLICT');
          throw new LedgerError({
            code: 'CONCURRENCY_CONFLICT',
            message: `${error.streamId} was changed by another command at the same time; read it again and retry`,
          });
        }
      }
    }
  }

  /** Decides each command in order; the caller leaves the decision (to append, or not) when it resolves. */
  private async decideEach(requests: ReadonlyArray<StreamCommand<DomainCommand>>, unreadFirst: boolean): Promise<Decided[]> {
    this.appends.enter();
    const decided: Decided[] = [];
    try {
      for (const request of requests) decided.push((unreadFirst && this.decideUnread(request)) || (await this.decide(request)));
    } catch (error) {
      this.appends.leave();
      throw error;
    }
    return decided;
  }

  /**
   * Decides on the stream as this process last folded it, without reading it: the append's expected
   * revision refuses the events if another writer appended since. Only a decision to append is
   * taken so; a refusal, or nothing to append, may be the unread news' doing, and is left to a
   * decision on the stream as read (undefined). A command with a key or an If-Match is always read.
   */
  private decideUnread(request: StreamCommand<DomainCommand>): Decided | undefined {
    const { streamId, decider, context } = request;
    const mustRead = context.idempotencyKey !== undefined || (request.ifMatchApplies !== false && context.expectedRevision !== undefined);
    const known = mustRead ? undefined : this.states.get(streamId, decider);
    if (!known) return undefined;
    const decided = this.decideOn(request, known.state, known.revision, undefined, true);
    return 'code' in decided || decided.events.length === 0 ? undefined : decided;
  }

  /**
   * Loads one stream, folds, decides: the events to append at the revision that was read,
   * or, for a retry whose events are stored already, the answer they gave.
   */
  private async decide(request: StreamCommand<DomainCommand>): Promise<Decided> {
    const { streamId, decider, context } = request;
    // A retry with an idempotency key looks for its own events in the whole stream; any other command
    // starts from the state this process last folded and reads only what was appended since.
    const known = context.idempotencyKey === undefined ? this.states.get(streamId, decider) : undefined;
    const recorded = await this.store.readStream(streamId, known ? { fromRevision: known.revision + 1 } : {});
    const ifMatch = request.ifMatchApplies === false ? undefined : context.expectedRevision;
    const currentRevision = recorded.at(-1)?.revision ?? known?.revision;

    // A retry of a command that already took effect: answer what it appended then.
    if (context.idempotencyKey !== undefined) {
      const earlier = appendedBefore(recorded, (index) => this.eventId(request, index));
      if (earlier) {
        return {
          streamId,
          events: [],
          expectedRevision: currentRevision ?? 'no_stream',
          ifMatch,
          answer: answerOf(earlier),
          unread: false,
        };
      }
    }

    if (ifMatch !== undefined && ifMatch !== currentRevision) {
      this.metrics.conflict('REVISION_MISMATCH');
      throw new LedgerError({
        code: 'REVISION_MISMATCH',
        message: `If-Match names revision ${ifMatch}, but ${streamId} is at ${currentRevision ?? 'no revision (absent)'}`,
        ...(currentRevision === undefined ? {} : { revision: currentRevision }),
      });
    }

    const { state } = this.states.foldOn(streamId, decider, known, recorded);
    const decided = this.decideOn(request, state, currentRevision, ifMatch, false);
    if ('code' in decided) throw new LedgerError(decided);
    return decided;
  }

  /** Who may (the stream's own rule), then the decision, on the state at `revision`: the events to append, or the refusal. */
  private decideOn(
    request: StreamCommand<DomainCommand>,
    state: unknown,
    revision: number | undefined,
    ifMatch: number | undefined,
    unread: boolean,
  ): Decided | LedgerFailure {
    const { streamId, decider, command, context } = request;
    const refusal = request.authorise?.(state);
    if (refusal) return refusal;
    const now = this.clock();
    const decision = decider.decide(datedCommand(command, now), state, decisionContext(now, this.options));
    if (!decision.ok) return decision.failure;

    const metadata = eventMetadata(context);
    const events = decision.value.map((event, index) => newEventOf(event, this.eventId(request, index), metadata));
    const expectedRevision = revision ?? 'no_stream';
    // Without a key the ids are new, so a successful append stored exactly these events right after the state decided on.
    const folded = context.idempotencyKey === undefined ? { decider, state, events: decision.value } : undefined;
    return { streamId, events, expectedRevision, ifMatch, answer: undefined, unread, folded };
  }

  /**
   * The state after an append, remembered: the state decided on with the events the append
   * stored after it, folded on (their data as the store reads it back: written as JSON, it
   * comes back equal), so the next command on the stream reads no event of its own back.
   */
  private rememberAppended(decision: Decided, revision: number): void {
    const { folded } = decision;
    if (folded) this.states.remember(decision.streamId, folded.decider, fold(folded.decider, folded.events, folded.state), revision);
  }

  /** Decides against a given state without appending: refuses early what the real run would refuse. */
  check<Command extends DomainCommand, State>(
    decider: Decider<Command, DomainEvent, State>,
    command: UndatedCommand<Command>,
    state: State,
  ): void {
    const now = this.clock();
    const decision = decider.decide(datedCommand(command, now), state, decisionContext(now, this.options));
    if (!decision.ok) throw new LedgerError(decision.failure);
  }

  private eventId(request: Pick<StreamCommand<DomainCommand>, 'context' | 'step' | 'streamId'>, index: number): string {
    const key = request.context.idempotencyKey;
    return key === undefined ? uuidv7() : uuidv5(`${key}|${request.step ?? request.streamId}|${index}`, EVENT_ID_NAMESPACE);
  }
}

/** One stream's part of a run: what to append, at which revision, or the answer an earlier run gave. */
interface Decided {
  readonly streamId: string;
  readonly events: NewEvent[];
  readonly expectedRevision: number | 'no_stream';
  readonly ifMatch: number | undefined;
  answer: CommandAnswer | undefined;
  /** Decided on the state this process had folded, without reading the stream (see decideUnread). */
  readonly unread: boolean;
  /** The state decided on and the events decided, for the state after the append (absent for a command with a key). */
  readonly folded?: {
    readonly decider: Decider<DomainCommand, DomainEvent, unknown>;
    readonly state: unknown;
    readonly events: readonly DomainEvent[];
  };
}

/** The last event an earlier run of the same command appended, if it ran. */
function appendedBefore(recorded: readonly RecordedEvent[], eventId: (index: number) => string): RecordedEvent | undefined {
  const first = recorded.findIndex((event) => event.eventId === eventId(0));
  if (first < 0) return undefined;
  let last = first;
  while (recorded[last + 1]?.eventId === eventId(last + 1 - first)) last++;
  return recorded[last];
}

const appendRequestOf = ({ streamId, events, expectedRevision }: Decided): AppendRequest => ({
  streamId,
  events,
  options: { expectedRevision },
});

const answerOf = (event: RecordedEvent): CommandAnswer => ({
  eventId: event.eventId,
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
});
