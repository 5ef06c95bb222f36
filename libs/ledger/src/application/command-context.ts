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

/**
 * A correlation id a caller may give (causation ids are one, or an event id):
 * letters, digits and . _ : -, starting with a letter or digit, at most 128.
 * Nothing a spreadsheet could run from an exported cell, nor a log line split.
 */
export const CORRELATION_ID_MAX_LENGTH = 128;
export const CORRELATION_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${CORRELATION_ID_MAX_LENGTH - 1}}$`);
/** The rule in words, for messages and the schemas' descriptions. */
export const CORRELATION_ID_SHAPE = `1-${CORRELATION_ID_MAX_LENGTH} letters, digits and . _ : - starting with a letter or digit`;
export const CORRELATION_ID_RULE = `must be ${CORRELATION_ID_SHAPE}`;
