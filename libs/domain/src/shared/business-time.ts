import { failure } from './failure';
import { ok, refuse, type Result } from './result';

/** What a decision may know about the world besides the stream: the clock, passed in. */
export interface DecisionContext {
  readonly now: Date;
  /** How far in the future a command's occurredAt may lie (clocks drift). */
  readonly maxClockSkewMs: number;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Business time never runs backwards within a stream, and does not lie beyond
 * the near future: corrections are new events, never rewrites.
 */
export function checkBusinessTime(
  occurredAt: string,
  streamLatest: string | undefined,
  context: DecisionContext,
): Result<string> {
  const at = Date.parse(occurredAt);
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
