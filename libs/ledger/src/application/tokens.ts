import type { BusinessTimeBounds } from '@ledger/domain';

/** Injection tokens for the ports the application layer depends on. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const IDEMPOTENCY_KEYS = Symbol('IDEMPOTENCY_KEYS');
export const CLOCK = Symbol('CLOCK');
export const LEDGER_OPTIONS = Symbol('LEDGER_OPTIONS');

/** The clock is passed in, so tests fix time instead of patching globals. */
export type Clock = () => Date;

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
export const POLICY_RUNNER = Symbol('POLICY_RUNNER');
/** How long a read waits for the read models to store the position it asks for (milliseconds). */
export const READ_WAIT_MS = Symbol('READ_WAIT_MS');

/** With the bounds of business time: how far in the future a command's occurredAt may lie, and the earliest it may be. */
export interface LedgerOptions extends BusinessTimeBounds {
  /** Retention: a client without an order for this many days is at risk (a query may ask otherwise). */
  readonly atRiskDays: number;
  /** The company's time zone (IANA name): the reports' months and days, and the read models' rollups; default UTC. */
  readonly timeZone?: string;
}
