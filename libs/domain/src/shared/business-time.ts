import { failure } from './failure';
import { ok, refuse, type Result } from './result';

/** The window a business time must fall in: both its bounds, configured together and checked in checkBusinessTime only. */
export interface BusinessTimeBounds {
  /** How far in the future a command's occurredAt may lie (clocks drift). */
  readonly maxClockSkewMs: number;
  /** The earliest occurredAt accepted: older is a typo or junk, and each older month costs every report that spans it. */
  readonly earliestOccurredAt: Date;
}

/** What a decision may know about the world besides the stream: the clock, passed in, and the bounds of business time. */
export interface DecisionContext extends BusinessTimeBounds {
  readonly now: Date;
}

export const decisionContext = (now: Date, { maxClockSkewMs, earliestOccurredAt }: BusinessTimeBounds): DecisionContext => ({
  now,
  maxClockSkewMs,
  earliestOccurredAt,
});

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The default floor of business time. A sales ledger's history, even one imported
 * from an older system, is digital-era; 2000 leaves a quarter century of it while a
 * mistyped year (0224, 1924) is refused, and it bounds a retention answer to about
 * 320 monthly cohorts. Older history is accepted by configuring an earlier floor.
 */
export const DEFAULT_EARLIEST_OCCURRED_AT = new Date('2000-01-01T00:00:00.000Z');

// Date.parse alone reads "garbage 2024" as 2024-01-01, a zone-less time in the server's zone
// and 2024-02-30 as 1 March: the shape, the zone and the calendar day are checked first.
const ZONED_ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch of an ISO 8601 time with a zone on a real calendar day; NaN for anything else. */
export function parseZonedTime(text: string): number {
  const match = typeof text === 'string' ? ZONED_ISO_TIME.exec(text) : null;
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  if (calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day) return Number.NaN;
  return Date.parse(text);
}

/**
 * Business time never runs backwards within a stream, does not lie before the
 * earliest business time nor beyond the near future: corrections are new events,
 * never rewrites.
 */
export function checkBusinessTime(occurredAt: string, streamLatest: string | undefined, context: DecisionContext): Result<string> {
  const at = parseZonedTime(occurredAt);
  if (Number.isNaN(at)) return refuse(failure('OCCURRED_AT_INVALID', 'occurredAt must be an ISO 8601 time with a zone', 'occurredAt'));
  if (at < context.earliestOccurredAt.getTime()) {
    return refuse(
      failure(
        'OCCURRED_AT_TOO_EARLY',
        `occurredAt ${occurredAt} lies before the earliest business time the ledger accepts, ${context.earliestOccurredAt.toISOString()}`,
        'occurredAt',
      ),
    );
  }
  if (streamLatest !== undefined && at < Date.parse(streamLatest)) {
    return refuse(
      failure('OCCURRED_AT_BACKWARDS', `occurredAt ${occurredAt} precedes the stream's latest event (${streamLatest})`, 'occurredAt'),
    );
  }
  if (at > context.now.getTime() + context.maxClockSkewMs) {
    return refuse(
      failure(
        'OCCURRED_AT_IN_FUTURE',
        `occurredAt ${occurredAt} lies more than ${Math.round(context.maxClockSkewMs / 1000)} s in the future`,
        'occurredAt',
      ),
    );
  }
  return ok(new Date(at).toISOString());
}
