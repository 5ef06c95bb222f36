import { SPEC_NOW } from '../testing/given-when-then';
import {
  checkBusinessTime,
  type DecisionContext,
  DEFAULT_EARLIEST_OCCURRED_AT,
  DEFAULT_MAX_CLOCK_SKEW_MS,
  parseZonedTime,
} from './business-time';

// The clock of every decider spec: 2024-06-01T12:00:00Z, five minutes of allowed skew, nothing before 2000.
const context: DecisionContext = {
  now: SPEC_NOW,
  maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS,
  earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT,
};
const latest = '2024-06-01T10:00:00.000Z';

const refused = (code: string) => ({ ok: false, failure: { code, message: expect.any(String), field: 'occurredAt' } });

/** One test per time a new stream's first event may claim, each answered with `answer`; the title's placeholders take the story, then the time. */
const itAnswersFirstEventsAt = (title: string, answer: unknown, cases: ReadonlyArray<readonly [story: string, occurredAt: string]>) =>
  it.each(cases)(title, (_story, occurredAt) => {
    expect(checkBusinessTime(occurredAt, undefined, context)).toEqual(answer);
  });

describe('business time', () => {
  it('allows five minutes of clock skew by default', () => {
    expect(DEFAULT_MAX_CLOCK_SKEW_MS).toBe(5 * 60 * 1000);
  });

  describe('never runs backwards within a stream', () => {
    it('accepts the first event of a stream at any past time from the earliest business time on', () => {
      expect(checkBusinessTime('2001-01-01T00:00:00.000Z', undefined, context)).toEqual({ ok: true, value: '2001-01-01T00:00:00.000Z' });
    });

    it("accepts a command at the same time as the stream's latest accepted event", () => {
      expect(checkBusinessTime(latest, latest, context)).toEqual({ ok: true, value: latest });
    });

    it('accepts the same instant written in another zone', () => {
      expect(checkBusinessTime('2024-06-01T12:00:00+02:00', latest, context)).toEqual({ ok: true, value: latest });
    });

    it("accepts a command after the stream's latest event", () => {
      expect(checkBusinessTime('2024-06-01T10:00:00.001Z', latest, context)).toEqual({ ok: true, value: '2024-06-01T10:00:00.001Z' });
    });

    it("refuses a command even a millisecond before the stream's latest event with OCCURRED_AT_BACKWARDS", () => {
      expect(checkBusinessTime('2024-06-01T09:59:59.999Z', latest, context)).toEqual(refused('OCCURRED_AT_BACKWARDS'));
    });

    it('refuses an earlier instant written in another zone', () => {
      expect(checkBusinessTime('2024-06-01T11:59:59+02:00', latest, context)).toEqual(refused('OCCURRED_AT_BACKWARDS'));
    });
  });

  describe('does not lie beyond the near future', () => {
    it('accepts now', () => {
      expect(checkBusinessTime('2024-06-01T12:00:00Z', latest, context)).toEqual({ ok: true, value: '2024-06-01T12:00:00.000Z' });
    });

    it('accepts a time within the allowed clock skew, up to its last millisecond', () => {
      expect(checkBusinessTime('2024-06-01T12:04:59Z', latest, context).ok).toBe(true);
      expect(checkBusinessTime('2024-06-01T12:05:00.000Z', latest, context)).toEqual({ ok: true, value: '2024-06-01T12:05:00.000Z' });
    });

    it('refuses a time beyond the allowed clock skew with OCCURRED_AT_IN_FUTURE', () => {
      expect(checkBusinessTime('2024-06-01T12:05:00.001Z', latest, context)).toEqual(refused('OCCURRED_AT_IN_FUTURE'));
      expect(checkBusinessTime('2030-01-01T00:00:00Z', undefined, context)).toEqual(refused('OCCURRED_AT_IN_FUTURE'));
    });

    it('measures the skew from the clock it is given', () => {
      const strict: DecisionContext = { ...context, maxClockSkewMs: 0 };
      expect(checkBusinessTime('2024-06-01T12:00:00.000Z', undefined, strict).ok).toBe(true);
      expect(checkBusinessTime('2024-06-01T12:00:00.001Z', undefined, strict)).toEqual(refused('OCCURRED_AT_IN_FUTURE'));
    });
  });

  describe('does not lie before the earliest business time', () => {
    it('is 1 January 2000 (UTC) by default', () => {
      expect(DEFAULT_EARLIEST_OCCURRED_AT.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    });

    it('accepts the earliest business time itself', () => {
      expect(checkBusinessTime('2000-01-01T00:00:00Z', undefined, context)).toEqual({ ok: true, value: '2000-01-01T00:00:00.000Z' });
    });

    itAnswersFirstEventsAt('refuses %s with OCCURRED_AT_TOO_EARLY (%s)', refused('OCCURRED_AT_TOO_EARLY'), [
      ['a millisecond before it', '1999-12-31T23:59:59.999Z'],
      ['the same instant written in a zone east of UTC', '2000-01-01T00:30:00+01:00'],
      ['year 0001', '0001-01-01T00:00:00Z'],
      ['a typo of 2024', '0224-06-01T00:00:00Z'],
      ['the epoch', '1970-01-01T00:00:00Z'],
    ]);

    it('names the earliest business time in the refusal', () => {
      const refusal = checkBusinessTime('0001-01-01T00:00:00Z', undefined, context);
      expect(!refusal.ok && refusal.failure.message).toBe(
        'occurredAt 0001-01-01T00:00:00Z lies before the earliest business time the ledger accepts, 2000-01-01T00:00:00.000Z',
      );
    });

    it('takes the earliest business time from the context it is given', () => {
      const older: DecisionContext = { ...context, earliestOccurredAt: new Date('1985-01-01T00:00:00Z') };
      expect(checkBusinessTime('1990-06-01T00:00:00Z', undefined, older).ok).toBe(true);
      expect(checkBusinessTime('1984-12-31T23:59:59Z', undefined, older)).toEqual(refused('OCCURRED_AT_TOO_EARLY'));
    });
  });

  describe('is an ISO 8601 time with a zone', () => {
    itAnswersFirstEventsAt('refuses %s with OCCURRED_AT_INVALID (%j)', refused('OCCURRED_AT_INVALID'), [
      ['words', 'last tuesday'],
      ['nothing', ''],
      ['a month that does not exist', '2024-13-01T00:00:00Z'],
      ['an hour that does not exist', '2024-06-01T25:00:00Z'],
      ['a day that does not exist in its month', '2024-02-30T00:00:00Z'],
      ['29 February of a common year', '2023-02-29T00:00:00Z'],
      ['31 April', '2024-04-31T10:00:00Z'],
      ['words around a number, which Date.parse reads as 1 January 2001', 'hello 1'],
      ['words around a year, which Date.parse reads as 1 January 2024', 'garbage 2024'],
      ['a date in words', 'June 1 2024'],
      ['a date without a time', '2024-06-01'],
      ['a time without a zone, which means different moments in different offices', '2024-06-01T11:00:00'],
      ['trailing junk', '2024-06-01T11:00:00.000Z junk'],
    ]);

    it('refuses garbage before comparing it with the stream', () => {
      expect(checkBusinessTime('not a date', latest, context)).toEqual(refused('OCCURRED_AT_INVALID'));
    });

    it('accepts 29 February of a leap year', () => {
      expect(checkBusinessTime('2024-02-29T00:00:00Z', undefined, context)).toEqual({ ok: true, value: '2024-02-29T00:00:00.000Z' });
    });

    itAnswersFirstEventsAt('normalises %s to ISO UTC (%s)', { ok: true, value: '2024-06-01T12:00:00.000Z' }, [
      ['an offset east of UTC', '2024-06-01T14:00:00+02:00'],
      ['an offset without a colon', '2024-06-01T14:00:00+0200'],
      ['an offset west of UTC', '2024-06-01T07:00:00-05:00'],
      ['a time without seconds', '2024-06-01T12:00Z'],
      ['a time with fractional seconds', '2024-06-01T12:00:00.000Z'],
      ['a space instead of T', '2024-06-01 12:00:00Z'],
    ]);

    it('reads only real zoned times as instants', () => {
      expect(parseZonedTime('2024-06-01T14:00:00+02:00')).toBe(SPEC_NOW.getTime());
      expect(parseZonedTime('garbage 2024')).toBeNaN();
      expect(parseZonedTime('2024-06-01T12:00:00')).toBeNaN();
    });
  });
});
