import { calendarOf, canonicalTimeZone } from './time-zone';

describe('calendars of time zones', () => {
  describe('given Europe/Budapest (UTC+1 in winter, +2 in summer)', () => {
    const budapest = calendarOf('Europe/Budapest');

    it('when an order is placed at 00:30 local time on 1 October, then it is in October and on 1 October', () => {
      const halfPastMidnight = '2024-09-30T22:30:00.000Z';
      expect(budapest.monthOf(halfPastMidnight)).toBe('2024-10');
      expect(budapest.dayOf(halfPastMidnight)).toBe('2024-10-01');
      expect(calendarOf('UTC').monthOf(halfPastMidnight)).toBe('2024-09');
    });

    it('when a month starts in summer time and ends in winter time, then its range follows both offsets', () => {
      expect(budapest.month('2024-10')).toEqual({
        name: '2024-10',
        start: '2024-09-30T22:00:00.000Z',
        end: '2024-10-31T23:00:00.000Z',
        next: '2024-11',
        month: '2024-10',
      });
      expect(budapest.monthOf('2024-10-31T22:59:59.999Z')).toBe('2024-10');
      expect(budapest.monthOf('2024-10-31T23:00:00.000Z')).toBe('2024-11');
    });

    it('when the clocks go forward (31 March 2024), then that day lasts 23 hours; when they go back (27 October), 25', () => {
      const spring = budapest.day('2024-03-31');
      expect([spring.start, spring.end]).toEqual(['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z']);
      const autumn = budapest.day('2024-10-27');
      expect([autumn.start, autumn.end]).toEqual(['2024-10-26T22:00:00.000Z', '2024-10-27T23:00:00.000Z']);
      // 02:30 local on the autumn day happens twice: both are that day.
      expect(budapest.dayOf('2024-10-27T00:30:00.000Z')).toBe('2024-10-27');
      expect(budapest.dayOf('2024-10-27T01:30:00.000Z')).toBe('2024-10-27');
      expect(budapest.dayOf('2024-10-27T22:59:59.999Z')).toBe('2024-10-27');
      expect(budapest.dayOf('2024-10-27T23:00:00.000Z')).toBe('2024-10-28');
    });
  });

  describe('given Asia/Kolkata (UTC+5:30)', () => {
    const kolkata = calendarOf('Asia/Kolkata');

    it('when a time falls at 18:29 or 18:30 UTC on the last day of a month, then it is in that month or the next', () => {
      expect(kolkata.monthOf('2024-01-31T18:29:59.999Z')).toBe('2024-01');
      expect(kolkata.monthOf('2024-01-31T18:30:00.000Z')).toBe('2024-02');
      expect(kolkata.monthStart('2024-02')).toBe('2024-01-31T18:30:00.000Z');
    });
  });

  describe('given a zone west of UTC (America/New_York)', () => {
    it('when it is 03:00 UTC on 1 March, then it is still 28 February there', () => {
      expect(calendarOf('America/New_York').dayOf('2024-03-01T03:00:00.000Z')).toBe('2024-02-29');
    });
  });

  describe('given a day whose midnight a clock change skips (America/Santiago, 8 September 2024)', () => {
    it('then the day starts at its first moment, 01:00 local', () => {
      const santiago = calendarOf('America/Santiago');
      expect(santiago.dayStart('2024-09-08')).toBe('2024-09-08T04:00:00.000Z');
      expect(santiago.dayOf('2024-09-08T03:59:59.999Z')).toBe('2024-09-07');
    });
  });

  describe('names', () => {
    it('when a name is an IANA zone in any case, then it is known by its canonical name; offsets and unknown names are not zones', () => {
      expect(canonicalTimeZone('europe/budapest')).toBe('Europe/Budapest');
      expect(canonicalTimeZone('Etc/UTC')).toBe('UTC');
      expect(canonicalTimeZone('+01:00')).toBeUndefined();
      expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
      expect(canonicalTimeZone('')).toBeUndefined();
    });
  });
});
