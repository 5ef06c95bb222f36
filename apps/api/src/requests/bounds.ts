import { parseZonedTime } from '@ledger/domain';
import type { HistoricalBounds } from '@ledger/projections';

/** A report's period as asked (days or zoned times) and its time zone, if named: the ledger reads the days in that zone or the company's. */
export function periodOf({ from, to, timeZone }: { from?: string; to?: string; timeZone?: string }): {
  period: { from?: string; to?: string };
  timeZone?: string;
} {
  return {
    period: { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
    ...(timeZone === undefined ? {} : { timeZone }),
  };
}

const normalisedTime = (time: string | undefined): string | undefined =>
  time === undefined ? undefined : new Date(parseZonedTime(time)).toISOString();

/** A query's two clocks as normalised UTC times, business time (asOf) and record time (asKnownAt), and the position it waits for. */
export const historicalBounds = ({
  asOf,
  asKnownAt,
  minPosition,
}: {
  asOf?: string;
  asKnownAt?: string;
  minPosition?: number;
}): HistoricalBounds => ({
  ...(asOf === undefined ? {} : { asOf: normalisedTime(asOf) }),
  ...(asKnownAt === undefined ? {} : { asKnownAt: normalisedTime(asKnownAt) }),
  ...(minPosition === undefined ? {} : { minPosition }),
});
