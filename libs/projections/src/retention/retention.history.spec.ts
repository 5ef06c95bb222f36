import type { RecordedEvent } from '@ledger/event-store';
import fc from 'fast-check';

import type { ProjectedEvent } from '../shared/projection';
import { companyIntents, realiseHistory } from '../testing/random-history';
import { referenceAnswer } from '../testing/reference';
import { storedProjection } from '../testing/tables';
import { retentionProjection, type RetentionQuery } from '.';

const DAY_MS = 86_400_000;

/**
 * A company history as a ledger would record it when much of it arrives days to
 * weeks after it happened: record time runs on with the log, never back, and
 * spans several months, so an asKnownAt bound falls between the months recorded.
 */
function recordedOverMonths(seed: number): ProjectedEvent[] {
  const [steps] = fc.sample(companyIntents(120, 80), { numRuns: 1, seed });
  const [delays] = fc.sample(fc.array(fc.integer({ min: 0, max: 40 * DAY_MS }), { minLength: 2_000, maxLength: 2_000 }), {
    numRuns: 1,
    seed,
  });
  let recordedAt = 0;
  return realiseHistory(steps!)
    .flatMap((append) => append.events)
    .map((event, index) => {
      recordedAt = Math.max(recordedAt, Date.parse(event.occurredAt) + delays![index % delays!.length]!);
      return { ...event, position: index + 1, recordedAt: new Date(recordedAt).toISOString() } as unknown as ProjectedEvent;
    });
}

const QUERIES: RetentionQuery[] = [
  { period: {} },
  { period: { from: '2024-01-20T12:00:00.000Z', to: '2024-04-01T00:00:00.000Z' }, atRiskDays: 20 },
];

describe('retention projection over histories recorded late, across months', () => {
  it.each([1, 2, 3, 4])('answers, for any bound, as the log folded up to it (history %i)', async (seed) => {
    const events = recordedOverMonths(seed);
    const stored = await storedProjection(retentionProjection, events);
    try {
      const spread = (times: string[], fraction: number) => times[Math.floor((times.length - 1) * fraction)]!;
      const occurred = events.map((event) => event.occurredAt).sort();
      const recorded = events.map((event) => event.recordedAt);
      const fractions = [0.1, 0.35, 0.6, 0.85, 1];
      const bounds: Array<{ asOf?: string; asKnownAt?: string }> = [
        {},
        ...fractions.map((fraction) => ({ asOf: spread(occurred, fraction) })),
        ...fractions.map((fraction) => ({ asKnownAt: spread(recorded, fraction) })),
        ...fractions.map((fraction) => ({ asOf: spread(occurred, fraction), asKnownAt: spread(recorded, Math.min(1, fraction + 0.1)) })),
      ];
      for (const bound of bounds) {
        for (const query of QUERIES) {
          const at = bound.asOf ?? bound.asKnownAt ?? spread(occurred, 1);
          const expected = referenceAnswer('retention', events as unknown as RecordedEvent[], query, { ...bound, at });
          expect({ bound, query, answer: await stored.ask(query, { ...bound, at }) }).toEqual({ bound, query, answer: expected });
        }
      }
    } finally {
      await stored.close();
    }
  });
});
