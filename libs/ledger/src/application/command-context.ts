import type { Actor, PolicyRule } from '@ledger/event-store';

/** What a transport knows about a command besides its body. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** Makes event ids deterministic, so a retry appends nothing new. */
  readonly idempotencyKey?: string;
  /** From If-Match: the revision the caller last saw of the target stream. */
  readonly expectedRevision?: number;
  /** The event that caused this command (a policy's trigger); absent, the request itself (its correlation id). */
  readonly causationId?: string;
  /** When a policy issues the command: the rule it applied, recorded on every event. */
  readonly rule?: PolicyRule;
}

/** The answer to every accepted command. */
export interface CommandAnswer {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}
