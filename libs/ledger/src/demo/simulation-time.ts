export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Working days in a year, to spread monthly volumes over days. */
export const WORKING_DAYS_PER_MONTH = 261 / 12;

export const startOfDay = (time: number): number => Math.floor(time / DAY) * DAY;

/** The same day if it is a weekday, else the Monday after. */
export function workday(day: number): number {
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) return day + 2 * DAY;
  if (weekday === 0) return day + DAY;
  return day;
}

export interface Scheduled {
  readonly time: number;
  readonly seq: number;
  readonly run: (time: number) => void;
}

/** A binary min-heap on (time, seq): ties run in the order they were scheduled, so runs are reproducible. */
export class Agenda {
  private readonly items: Scheduled[] = [];
  private seq = 0;

  add(time: number, run: (time: number) => void): void {
    const items = this.items;
    const item: Scheduled = { time, seq: this.seq++, run };
    let index = items.push(item) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  pop(): Scheduled | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, last)) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

export const before = (a: Scheduled, b: Scheduled): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
let isoDay = Number.NaN;
let isoDate = '';

/** toISOString, faster: business time mostly stays within a day, so the date part is kept. */
export function iso(time: number): string {
  const day = startOfDay(time);
  if (day !== isoDay) {
    isoDay = day;
    isoDate = new Date(day).toISOString().slice(0, 11);
  }
  let rest = time - day;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  const seconds = Math.floor(rest / 1000);
  return `${isoDate}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest - seconds * 1000]}Z`;
}
