import { DEFAULT_EARLIEST_OCCURRED_AT } from '@ledger/domain';
import { type EventStore, type NewEvent, SqliteEventStore } from '@ledger/event-store';

import { LedgerError } from '../application/ledger-error';
import { groupsOf, ImportHistoryCommand, ImportHistoryHandler, ImportRejectedError, type ImportReport } from './import-history';
import type { PlannedAppend } from './import-planner';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const actor = { type: 'user', id: 'importer', role: 'admin' } as const;
const ORDERS = [
  'client,orderId,occurredAt,amount,currency,rep',
  ...Array.from(
    { length: 40 },
    (_, index) => `c-${index % 10},o-${index},2024-02-${String(1 + Math.floor(index / 10)).padStart(2, '0')}T10:00:00Z,1000,EUR,anna`,
  ),
].join('\n');
const ANNA = JSON.stringify({
  type: 'addEmployee',
  occurredAt: '2024-01-01T08:00:00Z',
  employeeId: 'anna',
  name: 'Anna',
  department: 'sales',
  role: 'rep',
});

const importInto = (store: EventStore, content: string, format: 'ndjson' | 'csv', skipInvalid = false): Promise<ImportReport> =>
  new ImportHistoryHandler(store, () => NOW, {
    maxClockSkewMs: 300_000,
    earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT,
    atRiskDays: 90,
  }).execute(new ImportHistoryCommand({ content, format, skipInvalid }, { actor }));

/** The store, on which another writer appends to a stream just before the import starts appending (a reorder, or the event given). */
function withWriterBeforeAppending(store: SqliteEventStore, streamId: string, theirs?: NewEvent): EventStore {
  let heads = 0;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'headPosition') return Reflect.get(target, property, receiver);
      return async () => {
        // The first call is the import's look at the ledger before reading it; the second comes before appending.
        if (++heads === 2) {
          const data = {
            clientId: streamId.replace('client-', ''),
            orderId: 'theirs',
            total: { amount: 1, currency: 'EUR' },
            takenBy: 'anna',
            creditedDepartment: 'sales',
            creditedOwnerId: 'anna',
          };
          const metadata = { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: 'other', causationId: 'other' } as const;
          const event = {
            eventId: '0190a7c2-0000-7000-8000-0000000000aa',
            type: 'ReorderPlaced',
            schemaVersion: 1,
            occurredAt: '2024-02-01T12:00:00.000Z',
            data,
            metadata,
          };
          await target.append(streamId, [theirs ?? event], { expectedRevision: 'any' });
        }
        return target.headPosition();
      };
    },
  });
}

describe('importing history into a real SQLite store', () => {
  let store: SqliteEventStore;

  beforeEach(async () => {
    store = SqliteEventStore.open({ path: ':memory:' });
    await importInto(store, ANNA, 'ndjson');
  });
  afterEach(() => store.close());

  it('appends every planned event, once per stream, in groups sharing a transaction', async () => {
    const report = await importInto(store, ORDERS, 'csv');
    expect(report).toMatchObject({ rows: 40, applied: 40 + 10 * 2, alreadyPresent: 0, streams: 20, invalid: [] });
    const events = await store.readAll();
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: 61 }, (_, index) => index + 1));
    expect((await store.readStream('client-c-3')).map((event) => event.type)).toEqual([
      'ClientWon',
      'ReorderPlaced',
      'ReorderPlaced',
      'ReorderPlaced',
    ]);
    expect((await store.verifyChain()).intact).toBe(true);
  });

  it('appends nothing of a file with an invalid row, and reports it', async () => {
    const error = await importInto(store, `${ORDERS}\nc-1,o-x,2024-13-01T00:00:00Z,5,EUR,anna`, 'csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).report.invalid).toEqual([
      { line: 42, code: 'OCCURRED_AT_INVALID', field: 'occurredAt', message: expect.any(String) },
    ]);
    expect(await store.headPosition()).toBe(1);
  });

  it('stops with CONCURRENCY_CONFLICT when a stream changed after it was read, its group of appends stored whole or not at all; importing again finishes', async () => {
    await importInto(store, ORDERS.split('\n').slice(0, 11).join('\n'), 'csv');
    const head = await store.headPosition();
    const error = await importInto(withWriterBeforeAppending(store, 'client-c-5'), ORDERS, 'csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerError);
    // The file's 10 client appends form one group, one atomic append: the refused one takes the others with it.
    expect((error as LedgerError).failure).toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
      message: expect.stringMatching(
        /^client-c-5 was changed by another command during the import; 0 of 10 streams \(0 events\) were applied; import the same file again/,
      ),
    });
    expect(await store.headPosition()).toBe(head + 1);
    // Decided again after the other writer's reorder, the rest of the file goes in; what was applied before is recognised.
    const again = await importInto(store, ORDERS, 'csv');
    expect(again).toMatchObject({ applied: 30, alreadyPresent: 30, streams: 10, invalid: [] });
    expect(
      (await store.readStream('client-c-5')).map(
        ({ data }) =>
          (data as { orderId?: string; firstOrder?: { orderId: string } }).orderId ??
          (data as { firstOrder: { orderId: string } }).firstOrder.orderId,
      ),
    ).toEqual(['o-5', 'theirs', 'o-15', 'o-25', 'o-35']);
  });

  it('never stores a win half: when its client was won elsewhere meanwhile, its lead is not converted either', async () => {
    const firstOrders = ORDERS.split('\n').slice(0, 11).join('\n');
    const metadata = { actor: { type: 'user', id: 'anna', role: 'rep' }, correlationId: 'other', causationId: 'other' } as const;
    const wonElsewhere: NewEvent = {
      eventId: '0190a7c2-0000-7000-8000-0000000000bb',
      type: 'ClientWon',
      schemaVersion: 1,
      occurredAt: '2024-02-01T09:00:00.000Z',
      data: {
        clientId: 'c-5',
        leadId: 'elsewhere',
        repId: 'anna',
        firstOrder: { orderId: 'theirs', total: { amount: 1, currency: 'EUR' } },
      },
      metadata,
    };
    const head = await store.headPosition();
    const error = await importInto(withWriterBeforeAppending(store, 'client-c-5', wonElsewhere), firstOrders, 'csv').catch(
      (caught: unknown) => caught,
    );
    expect((error as LedgerError).failure).toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    expect(await store.readStream('lead-c-5')).toEqual([]);
    expect(await store.headPosition()).toBe(head + 1);
    expect((await store.verifyChain()).intact).toBe(true);
  });

  it('groups the appends without ever splitting what a row wrote together', () => {
    const append = (streamId: string, togetherWithNext = false): PlannedAppend => ({
      streamId,
      expectedRevision: 'no_stream',
      events: [],
      togetherWithNext,
    });
    const appends = [
      append('a'),
      append('lead-b', true),
      append('client-b'),
      append('lead-c', true),
      append('lead-d', true),
      append('client-d'),
      append('e'),
    ];
    expect([...groupsOf(appends, 2)].map((group) => group.map((planned) => planned.streamId))).toEqual([
      ['a', 'lead-b', 'client-b'],
      ['lead-c', 'lead-d', 'client-d'],
      ['e'],
    ]);
  });
});
