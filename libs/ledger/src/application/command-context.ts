import type { Actor } from '@ledger/event-store';

/** What a transport knows about a command besides its body. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** Makes event ids deterministic, so a retry appends nothing new. */
  readonly idempotencyKey?: string;
  /** From If-Match: the revision the caller last saw of the target stream. */
  readonly expectedRevision?: number;
}

/** The answer to every accepted command. */
export interface CommandAnswer {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}
