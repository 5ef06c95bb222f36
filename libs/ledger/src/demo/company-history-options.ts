import { DEFAULT_EARLIEST_OCCURRED_AT, parseZonedTime } from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';

/** What company the demo history generator builds: its options, their defaults and how they resolve. */

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

export const COMPANY_HISTORY_DEFAULTS = {
  seed: 1,
  start: '2022-01-03T08:00:00.000Z',
  months: 24,
  leadsPerMonth: 60,
} as const;

export interface ResolvedOptions {
  readonly seed: number;
  readonly start: number;
  readonly months: number;
  readonly leadsPerMonth: number;
}

export function resolveOptions(options: CompanyHistoryOptions): ResolvedOptions {
  const seed = options.seed ?? COMPANY_HISTORY_DEFAULTS.seed;
  const startText = options.start ?? COMPANY_HISTORY_DEFAULTS.start;
  const months = options.months ?? COMPANY_HISTORY_DEFAULTS.months;
  const leadsPerMonth = options.leadsPerMonth ?? COMPANY_HISTORY_DEFAULTS.leadsPerMonth;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
  const start = parseZonedTime(startText);
  if (Number.isNaN(start)) throw new RangeError(`start must be an ISO 8601 time with a zone, got ${JSON.stringify(startText)}`);
  if (start < DEFAULT_EARLIEST_OCCURRED_AT.getTime()) {
    throw new RangeError(
      `start must not lie before ${DEFAULT_EARLIEST_OCCURRED_AT.toISOString()}, the earliest business time, got ${startText}`,
    );
  }
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`months must be a whole number, got ${months}`);
  if (!Number.isFinite(leadsPerMonth) || leadsPerMonth < 0)
    throw new RangeError(`leadsPerMonth must be a number from 0, got ${leadsPerMonth}`);
  return { seed, start, months, leadsPerMonth };
}

/** The same day and time of day, `months` calendar months after the start. */
export function historyEnd({ start, months }: ResolvedOptions): number {
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
