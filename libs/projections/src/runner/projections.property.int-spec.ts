import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import fc from 'fast-check';
import { LEDGER_PROJECTIONS } from '..';
import { toProjectedEvent } from '../shared/projection';
import { ReadModel } from '../shared/read-model';
import { companyIntents, realiseHistory } from '../testing/random-history';
import { ProjectionRunner } from './projection-runner';

/** A query of every kind, with a period that cuts through the history. */
const QUERIES: Record<string, unknown[]> = {
  pipeline: [{ period: {} }, { period: { from: '2024-02-01T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' }, groupBy: 'department' }],
  retention: [{ period: {} }, { period: { from: '2024-02-01T00:00:00.000Z' }, atRiskDays: 30 }],
  revenue: [{ period: {} }, { period: { to: '2024-04-01T00:00:00.000Z' }, groupBy: 'rep' }],
  clients: [{ limit: 500 }, { status: 'active', owningDepartment: 'client', limit: 3 }, { ownerId: 'rep-1', limit: 2 }],
  handoffs: [{ period: {} }, { period: { from: '2024-02-01T00:00:00.000Z' }, department: 'key_accounts' }, { period: {}, employeeId: 'mgr-1' }],
};

describe('projections, for any valid history', () => {
  it('give the same answer live (fed in random batches), after a full rebuild, and as of the last business time', async () => {
    await fc.assert(
      fc.asyncProperty(
        companyIntents(),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 10 }),
        async (steps, batchSize, chunkSizes) => {
          const history = realiseHistory(steps);
          const events = SqliteEventStore.open({ path: ':memory:' });
          const lastOccurredAt = history.flatMap((append) => append.events.map((e) => e.occurredAt)).sort().at(-1) ?? '2024-01-01T00:00:00.000Z';
          const runner = new ProjectionRunner(events, new SqliteProjectionStore(events.database), LEDGER_PROJECTIONS, {
            batchSize,
            clock: () => new Date(lastOccurredAt),
          });
          try {
            await runner.start({ follow: false });
            // Live: appends arrive in chunks, and a query between chunks makes the live models catch up that far.
            for (let next = 0, chunk = 0; next < history.length; chunk++) {
              const size = chunkSizes[chunk % chunkSizes.length]!;
              for (const { streamId, events: batch } of history.slice(next, next + size)) await events.append(streamId, batch, { expectedRevision: 'any' });
              next += size;
              await runner.query(LEDGER_PROJECTIONS[chunk % LEDGER_PROJECTIONS.length]!.name, { period: {} });
            }
            const all = await events.readAll();
            for (const definition of LEDGER_PROJECTIONS) {
              // Folded over every event, whatever its type: the runner reads only the declared ones.
              const rebuilt = new ReadModel(false);
              for (const event of all) definition.apply(rebuilt, toProjectedEvent(event));
              const { model: asOf } = await runner.modelAt(definition, { asOf: lastOccurredAt });
              await runner.query(definition.name, { period: {} });
              const live = runner.liveModel(definition.name);
              expect(live.documents()).toEqual(rebuilt.documents());
              expect(asOf.documents()).toEqual(rebuilt.documents());
              for (const query of QUERIES[definition.name]!) {
                const liveAnswer = (await runner.query(definition.name, query)).answer;
                expect((await runner.query(definition.name, query, { asOf: lastOccurredAt })).answer).toEqual(liveAnswer);
                expect(definition.query({ model: rebuilt, at: lastOccurredAt }, query)).toEqual(liveAnswer);
              }
            }
          } finally {
            await runner.stop();
            await events.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
