import { parseZonedTime } from '@ledger/domain';
import type { HistoricalBounds } from '@ledger/projections';

import { reportEnd, reportTime } from '../contract/validators';

/** The period as normalised UTC bounds, [from, to). */
export function periodOf({ from, to }: { from?: string; to?: string }): { from?: string; to?: string } {
  return {
    ...(from === undefined ? {} : { from: new Date(reportTime(from)).toISOString() }),
    ...(to === undefined ? {} : { to: new Date(reportEnd(to)).toISOString() }),
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
