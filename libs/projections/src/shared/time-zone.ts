/**
 * Calendar months and days in an IANA time zone, for normalised UTC ISO 8601
 * times ("2024-03-05T10:00:00.000Z"). Node's Intl knows every zone's offsets
 * and their history (DST, 30- and 45-minute offsets); only the start of each
 * local day and month is asked of it, once, and every time is then placed by
 * comparing its text with those starts, so bucketing costs two comparisons.
 */

const UTC = 'UTC';

/** Zone names resolved so far: Intl's resolution costs far more than a request's other work (most ask the same few). */
const resolvedZones = new Map<string, string | undefined>();
/** Bounded, so names a client makes up cannot grow it without end. */
const RESOLVED_ZONES_KEPT = 1_000;

/** The zone's canonical name ("europe/budapest" → "Europe/Budapest", "Etc/UTC" → "UTC"); undefined when it is no IANA zone name. */
export function canonicalTimeZone(name: string): string | undefined {
  if (resolvedZones.has(name)) return resolvedZones.get(name);
  const canonical = resolveTimeZone(name);
  if (resolvedZones.size < RESOLVED_ZONES_KEPT) resolvedZones.set(name, canonical);
  return canonical;
}

function resolveTimeZone(name: string): string | undefined {
  // Intl would take an offset ("+01:00") in newer versions: only names are zones here.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return resolved === 'Etc/UTC' || resolved === 'Etc/GMT' ? UTC : resolved;
  } catch {
    return undefined;
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const pad = (value: number, length = 2) => String(value).padStart(length, '0');
const monthName = (year: number, month: number) => `${pad(year, 4)}-${pad(month)}`;
/** The month after ("2024-12" → "2025-01") and before. */
export const nextMonthName = (month: string) => shiftMonth(month, 1);
export const previousMonthName = (month: string) => shiftMonth(month, -1);
function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return monthName(Math.floor(index / 12), (index % 12) + 1);
}
/** The day after ("2024-02-29" → "2024-03-01") and before. */
export const nextDayName = (day: string) => iso(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).slice(0, 10);
const previousDayName = (day: string) => iso(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).slice(0, 10);

/** A calendar month or day of a zone, as the half-open range of UTC times [start, end) it covers. */
export interface CalendarUnit {
  /** "2024-03" or "2024-03-05". */
  readonly name: string;
  /** ISO 8601 UTC. */
  readonly start: string;
  /** The next unit's start. */
  readonly end: string;
  /** The next unit's name. */
  readonly next: string;
  /** The month the unit lies in. */
  readonly month: string;
}

/** Months and days of one time zone. Instances are shared per zone (see `calendarOf`): their caches serve every answer. */
export class ZonedCalendar {
  private readonly wallClock: Intl.DateTimeFormat;
  private readonly dayStarts = new Map<string, string>();

  private constructor(readonly timeZone: string) {
    this.wallClock = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  private static readonly byZone = new Map<string, ZonedCalendar>();

  /** The calendar of a zone; throws on a name that is no zone (check it with canonicalTimeZone first). */
  static of(timeZone: string): ZonedCalendar {
    const canonical = canonicalTimeZone(timeZone);
    if (canonical === undefined) throw new RangeError(`unknown time zone: ${timeZone}`);
    let calendar = ZonedCalendar.byZone.get(canonical);
    if (!calendar) ZonedCalendar.byZone.set(canonical, (calendar = new ZonedCalendar(canonical)));
    return calendar;
  }

  get isUtc(): boolean {
    return this.timeZone === UTC;
  }

  /** The local day of a time, "2024-03-05". */
  dayOf(time: string): string {
    if (this.isUtc) return time.slice(0, 10);
    // The local day is the UTC day, or the one before or after it.
    const utcDay = time.slice(0, 10);
    if (time < this.dayStart(utcDay)) return previousDayName(utcDay);
    const next = nextDayName(utcDay);
    return time < this.dayStart(next) ? utcDay : next;
  }

  /** The local month of a time, "2024-03". */
  monthOf(time: string): string {
    return this.isUtc ? time.slice(0, 7) : this.dayOf(time).slice(0, 7);
  }

  /** When the local day ("2024-03-05") starts, ISO 8601 UTC: its midnight, or its first moment when a clock change skips midnight. */
  dayStart(day: string): string {
    if (this.isUtc) return `${day}T00:00:00.000Z`;
    let start = this.dayStarts.get(day);
    if (start === undefined) this.dayStarts.set(day, (start = iso(this.firstMomentOf(day))));
    return start;
  }

  /** When the local month ("2024-03") starts, ISO 8601 UTC. */
  monthStart(month: string): string {
    return this.dayStart(`${month}-01`);
  }

  month(name: string): CalendarUnit {
    const next = nextMonthName(name);
    return { name, start: this.monthStart(name), end: this.monthStart(next), next, month: name };
  }

  day(name: string): CalendarUnit {
    const next = nextDayName(name);
    return { name, start: this.dayStart(name), end: this.dayStart(next), next, month: name.slice(0, 7) };
  }

  /** Local wall-clock time of an instant, as milliseconds of a UTC clock showing it. */
  private wallTime(ms: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.wallClock.formatToParts(new Date(ms))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (ms % 1000);
  }

  /** The first instant whose local time is at or after the day's midnight. */
  private firstMomentOf(day: string): number {
    const midnight = Date.parse(`${day}T00:00:00.000Z`);
    // Offsets lie within ±18 h: the instant is in this window, and local time never runs backwards by more than an hour,
    // so searching for the first instant showing midnight or later finds it (to the second, as zones' changes fall on seconds).
    let low = midnight - 18 * 60 * 60 * 1000;
    let high = midnight + 18 * 60 * 60 * 1000;
    // Most days: midnight minus the offset in force then.
    for (const probe of [midnight, midnight - DAY_MS / 2, midnight + DAY_MS / 2]) {
      const guess = midnight - (this.wallTime(probe) - probe);
      if (this.wallTime(guess) === midnight && this.wallTime(guess - 1000) < midnight) return guess;
    }
    // A clock change around midnight: search the window (local time within it rises but for a DST fall-back, an hour at most).
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (this.wallTime(middle) >= midnight) high = middle;
      else low = middle;
    }
    return high;
  }
}

/** The calendar of a zone (UTC when none is given). */
export const calendarOf = (timeZone: string | undefined): ZonedCalendar => ZonedCalendar.of(timeZone ?? UTC);

export const UTC_ZONE = UTC;

/**
 * A projection's version together with the zone its rollups are bucketed in
 * (UTC keeps the bare version): the runner builds a generation anew when it
 * differs from the stored one's, so changing LEDGER_TIME_ZONE rebuilds those
 * projections. Below 2^31, as the stores keep it in a 32-bit integer.
 */
export function zonedVersion(version: number, calendar: ZonedCalendar): number {
  if (calendar.isUtc) return version;
  let hash = 0x811c9dc5;
  for (const char of calendar.timeZone) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return version + 1_000 * (1 + (hash % 1_000_000));
}
