import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import fc from 'fast-check';

import { LEDGER_PROJECTIONS, ledgerProjectionsIn } from '..';
import { companyIntents, realiseHistory } from '../testing/random-history';
import { referenceAnswer } from '../testing/reference';
import { ProjectionRunner } from './projection-runner';

/** A query of every kind, with a period that cuts through the history. */
const QUERIES: Record<string, unknown[]> = {
  pipeline: [
    { period: {} },
    { period: { from: '2024-02-01T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' }, groupBy: 'department' },
    { period: { from: '2024-01-20T00:00:00.000Z' }, repId: 'rep-2' },
  ],
  retention: [
    { period: {} },
    { period: { from: '2024-02-01T00:00:00.000Z' }, atRiskDays: 30 },
    // Months in a zone other than the rollups' (or the same one, named).
    { period: {}, timeZone: 'Europe/Budapest' },
    { period: { from: '2024-01-31T18:30:00.000Z', to: '2024-04-01T00:00:00.000Z' }, timeZone: 'Asia/Kolkata' },
  ],
  revenue: [
    { period: {} },
    { period: { to: '2024-04-01T00:00:00.000Z' }, groupBy: 'rep' },
    { period: { from: '2024-02-10T12:00:00.000Z', to: '2024-03-20T06:00:00.000Z' }, department: 'sales' },
    { period: {}, timeZone: 'Europe/Budapest' },
    { period: { from: '2024-01-31T18:30:00.000Z' }, groupBy: 'rep', timeZone: 'Asia/Kolkata' },
    { period: { from: '2024-02-01T05:00:00.000Z', to: '2024-03-31T22:00:00.000Z' }, timeZone: 'America/New_York' },
  ],
  clients: [
    { limit: 500 },
    { status: 'active', owningDepartment: 'client', limit: 3 },
    { ownerId: 'rep-1', limit: 2 },
    { status: 'lost', limit: 500 },
    { search: 'ACME 1', orderBy: { key: 'company', direction: 'desc' }, limit: 4 },
    { orderBy: { key: 'lastOrderAt', direction: 'desc' }, limit: 3 },
    { orderBy: { key: 'wonAt', direction: 'asc' }, status: 'active', limit: 500 },
  ],
  employees: [
    { limit: 500 },
    { status: 'left', orderBy: { key: 'employeeId', direction: 'desc' }, limit: 2 },
    { search: 'REP', department: 'sales' },
  ],
  leads: [
    { limit: 500 },
    { ownerId: 'rep-2', stage: 'open', orderBy: { key: 'lastContactAt', direction: 'desc' }, limit: 3 },
    { search: 'acme', orderBy: { key: 'company', direction: 'asc' }, limit: 4 },
    { firstContacted: { from: '2024-02-01T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' }, stage: 'won', limit: 500 },
  ],
  handoffs: [
    { period: {} },
    { period: { from: '2024-02-01T00:00:00.000Z' }, department: 'key_accounts' },
    { period: {}, employeeId: 'mgr-1' },
  ],
};

const MINUTE = 60_000;
/** LEDGER_PROPERTY_PROJECTIONS=pipeline,revenue checks only those (while working on one). */
const checked = (name: string) => (process.env.LEDGER_PROPERTY_PROJECTIONS ?? name).split(',').includes(name);
const CHECKED = LEDGER_PROJECTIONS.filter((definition) => checked(definition.name));
/** The company's time zones the rollups are built in: UTC, with and without summer time, a half-hour offset. */
const COMPANY_ZONES = ['UTC', 'Europe/Budapest', 'Asia/Kolkata'];
const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 100);

describe('projections, for any valid history', () => {
  it('answer live (fed in random batches), after a full rebuild, and as of any business or record time, as the log folded up to that bound answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        companyIntents(),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...COMPANY_ZONES),
        async (steps, batchSize, chunkSizes, cuts, companyZone) => {
          const projections = ledgerProjectionsIn(companyZone).filter((definition) => checked(definition.name));
          const history = realiseHistory(steps);
          const times = history.flatMap((append) => append.events.map((event) => event.occurredAt)).sort();
          const first = times[0] ?? '2024-01-01T00:00:00.000Z';
          const last = times.at(-1) ?? first;
          // The ledger records each append a minute after the one before, from the first business time on:
          // record time and business time part ways as histories arrive late.
          let recordedAt = Date.parse(first);
          const events = SqliteEventStore.open({ path: ':memory:', clock: () => new Date((recordedAt += MINUTE)) });
          const store = new SqliteProjectionStore(events.database);
          const runner = new ProjectionRunner(events, store, projections, { batchSize, clock: () => new Date(last) });
          try {
            await runner.start({ follow: false });
            // Live: appends arrive in chunks, and a query between chunks makes the live models catch up that far.
            for (let next = 0, chunk = 0; next < history.length; chunk++) {
              const size = chunkSizes[chunk % chunkSizes.length]!;
              for (const { streamId, events: batch } of history.slice(next, next + size))
                await events.append(streamId, batch, { expectedRevision: 'any' });
              next += size;
              await runner.query(CHECKED[chunk % CHECKED.length]!.name, QUERIES[CHECKED[chunk % CHECKED.length]!.name]![0]);
            }
            const all = await events.readAll();
            const between = (from: string, to: string, cut: number) =>
              new Date(Date.parse(from) + Math.floor((Date.parse(to) - Date.parse(from)) * cut)).toISOString();
            const asOf = between(first, last, cuts[0]!);
            const asKnownAt = between(all[0]?.recordedAt ?? first, all.at(-1)?.recordedAt ?? first, cuts[1]!);
            const bounds = [{}, { asOf: last }, { asOf }, { asKnownAt }, { asOf: between(first, last, cuts[2]!), asKnownAt }];
            const ask = async (name: string, query: unknown) =>
              Promise.all(bounds.map(async (bound) => (await runner.query(name, query, bound)).answer));
            // A report without a zone answers in the company's.
            const inZone = (query: unknown) => ({ timeZone: companyZone, ...(query as object) });
            const expected = (name: string, query: unknown) =>
              bounds.map((bound: { asOf?: string; asKnownAt?: string }) =>
                referenceAnswer(name, all, inZone(query), { ...bound, at: bound.asOf ?? bound.asKnownAt ?? last }),
              );
            for (const definition of CHECKED) {
              for (const query of QUERIES[definition.name]!)
                expect(await ask(definition.name, query)).toEqual(expected(definition.name, query));
            }
            // A full rebuild answers as the live model did.
            for (const definition of CHECKED) {
              const before = await Promise.all(
                QUERIES[definition.name]!.map(async (query) => (await runner.query(definition.name, query)).answer),
              );
              await runner.rebuild(definition.name);
              const after = await Promise.all(
                QUERIES[definition.name]!.map(async (query) => (await runner.query(definition.name, query)).answer),
              );
              expect(after).toEqual(before);
            }
          } finally {
            await runner.stop();
            await events.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Seven read models, a hundred histories each: longer than one request's test.
  }, 180_000);
});
