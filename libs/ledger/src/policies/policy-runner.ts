import type { PolicyDecision } from '@ledger/domain';
import { eventsBehind, type EventStore, type ProjectionStore } from '@ledger/event-store';
import { ProjectionRunner, type RunnerLogger } from '@ledger/projections';
import type { Subscription } from 'rxjs';

import type { CommandAnswer, CommandContext } from '../application/command-context';
import { LedgerError } from '../application/ledger-error';
import { EscalateKeyAccountCommand } from '../clients/escalate-key-account';
import { HandOffClientCommand } from '../clients/hand-off-client';
import {
  ledgerPolicies,
  type LedgerPolicy,
  POLICY_FACTS,
  policyFactsDefinition,
  type PolicyName,
  type PolicySettings,
} from './ledger-policies';

export interface PolicyStatus {
  readonly policy: PolicyName;
  readonly enabled: boolean;
  /** The names its events carry in `metadata.rule`. */
  readonly rules: readonly string[];
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Global position of the last event the policies' facts applied. */
  readonly checkpoint: number;
  readonly head: number;
  /** Events behind the head; null when the store cannot count them (positions that are not dense) and it is behind. */
  readonly lag: number | null;
  /** `elsewhere`: another process (holding the read-model lease) runs the policies. */
  readonly state: 'live' | 'failed' | 'stopped' | 'elsewhere';
  readonly failure?: string;
  /** Commands this process issued for the policy since it started (one another process had already made appends nothing). */
  readonly issued: number;
  /** Clients due now whose command is not made yet: a round is working through them (0 when switched off). */
  readonly due: number;
  /** Clients due but waiting, and why (e.g. no manager to receive them). */
  readonly waiting: number;
  readonly waitingReasons: readonly string[];
  /** When the scheduler next looks for a time-based rule falling due. */
  readonly nextDueAt?: string;
}

/**
 * Whether this process's policies have reacted to the log up to a position:
 * `handled` (a round that saw it has ended, so whatever they issued for it is
 * appended), `pending` (not within the wait), `elsewhere` (another process runs
 * them), `off` (none is enabled: nothing will react).
 */
export type PolicyReach = 'handled' | 'pending' | 'elsewhere' | 'off';

/**
 * Runs what a policy issues through the same handlers as every other command.
 * Given directly rather than through the command bus, whose handlers are only
 * registered once the whole application has bootstrapped.
 */
export type PolicyCommandExecutor = (command: HandOffClientCommand | EscalateKeyAccountCommand) => Promise<CommandAnswer>;

export interface PolicyRunnerOptions {
  readonly clock?: () => Date;
  readonly logger?: RunnerLogger;
}

/** Refusals that only mean the facts were a little behind the log (another process or a person acted first): the next round sees why. */
const SETTLED_ELSEWHERE = new Set(['HANDOFF_NOT_FROM_SALES', 'ALREADY_KEY_ACCOUNT', 'CLIENT_LOST', 'CONCURRENCY_CONFLICT']);

/**
 * Runs the policies from the durable log. Their facts are a read model with its
 * own checkpoint (a projection rebuild never touches it), and every round asks
 * each enabled policy what is due now and issues those commands through the
 * command bus. A command carries an idempotency key derived from the event that
 * caused it, so the same cause always makes the same event id: after a crash,
 * or with two processes running the same round, the second attempt finds the
 * first one's event and appends nothing, and the domain's own rules (a client
 * leaves the sales department once, becomes a key account once) refuse a second
 * cause. Rounds run after appends and on a timer, for the rules that fall due
 * with time.
 */
export class PolicyRunner {
  private readonly facts: ProjectionRunner;
  private readonly policies: LedgerPolicy[];
  private readonly clock: () => Date;
  private readonly logger: RunnerLogger | undefined;
  private readonly issued = new Map<PolicyName, number>();
  private readonly waiting = new Map<PolicyName, PolicyDecision[]>();
  /** The last outcome logged per policy and client, so a repeated refusal is told once, not every round. */
  private readonly told = new Map<string, string>();
  private following: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;
  /** Another process runs the policies (it holds the lease). */
  private elsewhere = false;
  private nextDueAt: string | undefined;
  /** A command of the last round failed in a way the next round may overcome: look again soon, not only at the next append. */
  private retrySoon = false;
  /** The log position every event up to which a finished round has decided on. */
  private handledThrough = 0;
  /** Callers waiting for a round to have decided on the log up to their position. */
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    private readonly execute: PolicyCommandExecutor,
    private readonly settings: PolicySettings,
    options: PolicyRunnerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger;
    this.policies = ledgerPolicies(settings).filter((policy) => settings.enabled.includes(policy.name));
    this.facts = new ProjectionRunner(events, store, [policyFactsDefinition], {
      clock: this.clock,
      logger: options.logger,
      commitIntervalMs: 0,
      liveCommitIntervalMs: 0,
    });
  }

  get enabled(): boolean {
    return this.policies.length > 0;
  }

  /** Catches the facts up, starts a first round, then follows appends and the clock. Does nothing when every policy is switched off. */
  async start(): Promise<void> {
    if (!this.enabled || this.started) return;
    this.started = true;
    this.stopped = false;
    let head: number;
    try {
      await this.facts.start({ follow: true });
      head = await this.events.headPosition();
    } catch (error) {
      // The database failed while starting: a later start (the lease's next renewal) tries again from the start.
      await this.facts.stop().catch(() => undefined);
      this.started = false;
      throw error;
    }
    this.logger?.log(`policies running: ${this.policies.map((policy) => policy.name).join(', ')}`);
    this.following = this.events.subscribe({ after: head }).subscribe({
      next: () => this.schedule(),
      error: (error: unknown) => this.logger?.error(`policies stopped following the log: ${describe(error)}`),
    });
    // The first round may work through a backlog: the process serves meanwhile.
    this.schedule();
  }

  /** Lets the round in progress finish its current command, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.following?.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
    if (this.started) await this.facts.stop();
    this.started = false;
  }

  /** Says whether another process runs the policies (so this one reports them as run elsewhere, not stopped). */
  runElsewhere(elsewhere: boolean): void {
    this.elsewhere = elsewhere;
  }

  /** Runs a round now (or once more after the one in progress), resolving when it is done. */
  runRound(): Promise<void> {
    if (this.round) {
      this.again = true;
      return this.round;
    }
    this.round = (async () => {
      try {
        do {
          this.again = false;
          await this.roundOnce();
          // Appends came in meanwhile: look again, but after a pause, so a steady stream of commands
          // is not slowed by a round after every one of them.
          if (this.again && !this.stopped) await new Promise((resolve) => setTimeout(resolve, ROUND_GAP_MS));
        } while (this.again && !this.stopped);
      } finally {
        this.round = undefined;
        this.scheduleTimer();
      }
    })();
    return this.round;
  }

  /**
   * Waits up to `waitMs` for a round to have decided on every event up to
   * `position` (so a command's answer can carry what the policies appended in
   * reaction to it), and says how far it got.
   */
  async reach(position: number, waitMs: number): Promise<PolicyReach> {
    if (!this.enabled) return 'off';
    if (this.elsewhere) return 'elsewhere';
    if (this.handledThrough >= position) return 'handled';
    if (!this.started || this.stopped) return 'pending';
    let timer: NodeJS.Timeout | undefined;
    let waiter: (() => void) | undefined;
    const handled = await new Promise<boolean>((resolve) => {
      waiter = () => {
        if (this.handledThrough >= position) resolve(true);
      };
      this.waiters.add(waiter);
      timer = setTimeout(() => resolve(false), waitMs);
    });
    clearTimeout(timer);
    this.waiters.delete(waiter!);
    return handled ? 'handled' : 'pending';
  }

  async status(): Promise<PolicyStatus[]> {
    const head = await this.events.headPosition();
    const facts = this.started ? (await this.facts.status())[0] : undefined;
    // Run by another process: how far its facts are stored is how far it has come.
    const storedCheckpoint =
      !this.started && this.elsewhere
        ? ((await this.store.generations(POLICY_FACTS)).find((generation) => generation.live)?.checkpoint ?? 0)
        : undefined;
    const dueNow = new Map<PolicyName, number>();
    for (const policy of this.policies) {
      if (!this.started || facts?.state !== 'live') continue;
      const { answer: decisions } = await this.facts.query<LedgerPolicy, PolicyDecision[]>(POLICY_FACTS, policy);
      dueNow.set(policy.name, decisions.filter((decision) => decision.kind !== 'waiting').length);
    }
    return ledgerPolicies(this.settings).map((policy) => {
      const enabled = this.settings.enabled.includes(policy.name);
      const checkpoint = facts?.checkpoint ?? storedCheckpoint ?? 0;
      const waiting = this.waiting.get(policy.name) ?? [];
      return {
        policy: policy.name,
        enabled,
        rules: policy.rules,
        parameters: policy.parameters,
        checkpoint,
        head,
        lag: eventsBehind(head, checkpoint, this.events.capabilities),
        state: enabled && facts ? facts.state : enabled && this.elsewhere ? 'elsewhere' : 'stopped',
        ...(facts?.failure ? { failure: facts.failure } : {}),
        issued: this.issued.get(policy.name) ?? 0,
        due: dueNow.get(policy.name) ?? 0,
        waiting: waiting.length,
        waitingReasons: [...new Set(waiting.map((decision) => decision.kind === 'waiting' && decision.reason))].filter(
          (reason): reason is string => reason !== false,
        ),
        ...(enabled && policy.name === 'auto-handoff' && this.nextDueAt ? { nextDueAt: this.nextDueAt } : {}),
      };
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    void this.runRound().catch((error: unknown) => this.logger?.error(`policy round failed: ${describe(error)}`));
  }

  /** Wakes up when the next time-based rule falls due, and at least every check interval. */
  private scheduleTimer(): void {
    if (this.stopped || !this.started) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.clock().getTime();
    const due = this.nextDueAt === undefined ? Infinity : Date.parse(this.nextDueAt) - now;
    const scheduled = due > 0 ? Math.min(due + 1, this.settings.checkIntervalMs) : this.settings.checkIntervalMs;
    const delay = this.retrySoon ? Math.min(scheduled, RETRY_DELAY_MS) : scheduled;
    this.timer = setTimeout(() => this.schedule(), delay);
    this.timer.unref();
  }

  private async roundOnce(): Promise<void> {
    this.retrySoon = false;
    // The facts' query below waits for everything appended before it: this round decides on the log up to here.
    const upTo = await this.events.headPosition();
    for (const policy of this.policies) {
      if (this.stopped) return;
      // Waits until the facts have applied everything appended before the call.
      const { answer: decisions } = await this.facts.query<LedgerPolicy, PolicyDecision[]>(POLICY_FACTS, policy);
      this.noteWaiting(
        policy,
        decisions.filter((decision) => decision.kind === 'waiting'),
      );
      const due = decisions.filter((decision) => decision.kind !== 'waiting');
      // A backlog is told in two lines, not one per client.
      const backlog = due.length > DETAILED_LOG_LIMIT;
      if (backlog) this.logger?.log(`${policy.name}: ${due.length} clients due, working through them`);
      const started = performance.now();
      let issued = 0;
      for (const decision of due) {
        if (this.stopped) return;
        if (await this.issue(policy, decision, !backlog)) issued++;
        // The store answers synchronously: without this a backlog would keep requests waiting until its end.
        await yieldToOthers();
      }
      if (backlog)
        this.logger?.log(
          `${policy.name}: ${issued} of ${due.length} commands issued in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
    }
    const facts = policyFactsDefinition.facts(this.facts.liveModel(POLICY_FACTS));
    const next = this.policies
      .map((policy) => policy.nextDueAt(facts))
      .filter((at): at is string => at !== undefined)
      .sort()[0];
    this.nextDueAt = next;
    this.handledThrough = Math.max(this.handledThrough, upTo);
    for (const waiter of this.waiters) waiter();
  }

  /** Answers whether the command took effect (or had already, by an earlier attempt). */
  private async issue(policy: LedgerPolicy, decision: Exclude<PolicyDecision, { kind: 'waiting' }>, tellEach: boolean): Promise<boolean> {
    const context: CommandContext = {
      actor: { type: 'policy', name: policy.name },
      correlationId: decision.cause.correlationId,
      causationId: decision.cause.eventId,
      rule: decision.rule,
      // One cause, one event id: a second attempt (after a crash, or by another process) appends nothing.
      idempotencyKey: `policy:${policy.name}:${decision.rule.name}:${decision.cause.eventId}`,
    };
    const subject = `${policy.name}: client ${decision.clientId}`;
    try {
      if (decision.kind === 'hand-off') {
        const { clientId, toManagerId, reason, occurredAt } = decision;
        await this.execute(new HandOffClientCommand({ clientId, toManagerId, reason, occurredAt }, context));
        if (tellEach)
          this.logger?.log(
            `${subject} handed to manager ${toManagerId} (${decision.rule.name}, caused by event ${decision.cause.eventId})`,
          );
      } else {
        const { clientId, ownerId, reason, occurredAt } = decision;
        await this.execute(new EscalateKeyAccountCommand({ clientId, ownerId, reason, occurredAt }, context));
        if (tellEach)
          this.logger?.log(
            `${subject} escalated to key-account owner ${ownerId} (${decision.rule.name}, caused by event ${decision.cause.eventId})`,
          );
      }
      this.issued.set(policy.name, (this.issued.get(policy.name) ?? 0) + 1);
      this.told.delete(subject);
      return true;
    } catch (error) {
      // Whatever it was, the next round comes soon and decides afresh: a conflict may have been a concurrent order rather than another process's handoff.
      this.retrySoon = true;
      if (error instanceof LedgerError && SETTLED_ELSEWHERE.has(error.failure.code)) return false;
      // Anything else (a receiver who left meanwhile, business time overtaken by a concurrent order, the database busy) is told once.
      const outcome = error instanceof LedgerError ? error.failure.code : describe(error);
      this.tell(subject, outcome, () => this.logger?.warn(`${subject} not done yet, will retry: ${describe(error)}`));
      return false;
    }
  }

  private noteWaiting(policy: LedgerPolicy, waiting: PolicyDecision[]): void {
    const before = this.waiting.get(policy.name)?.length ?? 0;
    this.waiting.set(policy.name, waiting);
    if (waiting.length === before) return;
    if (waiting.length === 0) {
      this.logger?.log(`${policy.name}: no client is waiting any more`);
      return;
    }
    const reasons = [...new Set(waiting.map((decision) => (decision.kind === 'waiting' ? decision.reason : '')))].join('; ');
    this.logger?.warn(`${policy.name}: ${waiting.length} client(s) due but waiting: ${reasons}`);
  }

  private tell(subject: string, outcome: string, log: () => void): void {
    if (this.told.get(subject) === outcome) return;
    this.told.set(subject, outcome);
    log();
  }
}

/** Above this many commands in a round, the round is told in a summary instead of a line per client. */
const DETAILED_LOG_LIMIT = 20;
/** The least time between two rounds while appends keep coming. */
const ROUND_GAP_MS = 100;
/** How soon a round follows one whose command failed for a passing reason. */
const RETRY_DELAY_MS = 1_000;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
