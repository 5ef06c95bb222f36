import { parseZonedTime } from '@ledger/domain';
import { calendarOf, nextDayName, type Period } from '@ledger/projections';

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report's period as normalised UTC bounds [from, to), in the report's time
 * zone: a day ("2024-01-01") starts at that day's first moment there (a `to`
 * day counts whole: up to the next day's start), a zoned time is that moment.
 */
export function periodIn({ from, to }: Period, timeZone: string): Period {
  const calendar = calendarOf(timeZone);
  const at = (value: string, whole: boolean) =>
    DAY_ONLY.test(value) ? calendar.dayStart(whole ? nextDayName(value) : value) : new Date(parseZonedTime(value)).toISOString();
  return { ...(from === undefined ? {} : { from: at(from, false) }), ...(to === undefined ? {} : { to: at(to, true) }) };
}
