import { failure } from './failure';
import { ok, refuse, type Result } from './result';

/** What a decision may know about the world besides the stream: the clock, passed in. */
export interface DecisionContext {
  readonly now: Date;
  /** How far in the future a command's occurredAt may lie (clocks drift). */
  readonly maxClockSkewMs: number;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

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
 * Business time never runs backwards within a stream, and does not lie beyond
 * the near future: corrections are new events, never rewrites.
 */
export function checkBusinessTime(
  occurredAt: string,
  streamLatest: string | undefined,
  context: DecisionContext,
): Result<string> {
  const at = parseZonedTime(occurredAt);
  if (Number.isNaN(at)) return refuse(failure('OCCURRED_AT_INVALID', 'occurredAt must be an ISO 8601 time with a zone', 'occurredAt'));
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
