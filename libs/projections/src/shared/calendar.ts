/**
 * Calendar arithmetic on normalised UTC ISO 8601 text ("2024-03-05T10:00:00.000Z"),
 * whose text order is time order.
 */

/** "2024-03" */
export const monthOf = (iso: string): string => iso.slice(0, 7);

/** "2024-03-05" */
export const dayOf = (iso: string): string => iso.slice(0, 10);

/** Whole calendar months from one month ("2024-03") to another ("2025-01" → 10). */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS;
}

/** A half-open business-time range [from, to); either end may be open. */
export interface Period {
  readonly from?: string;
  readonly to?: string;
}

export function inPeriod(iso: string, period: Period): boolean {
  return (period.from === undefined || iso >= period.from) && (period.to === undefined || iso < period.to);
}

/** The median of the values, undefined when there are none. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds to a number of decimals, for ratios and percentages in answers. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
