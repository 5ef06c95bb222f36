import type { LedgerEvent } from '@ledger/domain';
import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';

import type { AnswerContext, ProjectedEvent, TableProjection } from '../shared/projection';
import { RowBuffer } from '../shared/row-buffer';
import { recorded } from './fold';

/** The answer's time: the asOf time, the asKnownAt time, or this fixed "now" of the specifications. */
export const SPEC_NOW = '2024-06-01T00:00:00.000Z';

/**
 * A table projection over these events, stored in a throwaway SQLite database,
 * for specifications: `ask` answers a query live or with historical bounds;
 * `apply` stores more events. Each batch of events is stored twice, once event
 * by event and once in one batch, in two databases: the rows merged in memory
 * and the rows merged by SQL must give the same answers, or `ask` says so.
 */
export async function storedProjection<Query, Answer>(
  definition: TableProjection<Query, Answer>,
  events: readonly LedgerEvent[] | readonly ProjectedEvent[],
) {
  const stores = [openStore(), openStore()];
  for (const { store } of stores) await store.createGeneration(definition.name, definition.version, definition.tables);
  let position = 0;
  const apply = async (more: readonly LedgerEvent[] | readonly ProjectedEvent[]) => {
    const batch = toRecorded(more, position);
    const [oneByOne, together] = stores as [Opened, Opened];
    for (const event of batch) {
      const rows = new RowBuffer(definition.tables);
      definition.apply(rows, event);
      await oneByOne.store.commit(definition.name, 1, event.position - 1, event.position, rows.takeChanges());
    }
    const rows = new RowBuffer(definition.tables);
    for (const event of batch) definition.apply(rows, event);
    await together.store.commit(definition.name, 1, position, position + batch.length, rows.takeChanges());
    position += batch.length;
  };
  await apply(events);
  const ask = async (query: Query, bounds: Omit<AnswerContext, 'at'> & { at?: string } = {}): Promise<Answer> => {
    const context: AnswerContext = {
      at: bounds.asOf ?? bounds.asKnownAt ?? bounds.at ?? SPEC_NOW,
      asOf: bounds.asOf,
      asKnownAt: bounds.asKnownAt,
    };
    const [first, second] = await Promise.all(stores.map(({ store }) => definition.query(store.reader(definition.name), query, context)));
    expect(second).toEqual(first);
    return first!;
  };
  const close = async () => {
    for (const { events: log } of stores) await log.close();
  };
  return { ask, apply, close, reader: () => stores[0]!.store.reader(definition.name) };
}

/** A table projection over these events stored once for the specifications of a file: before them all, closed after them. */
export function storedForSpecs<Query, Answer>(
  definition: TableProjection<Query, Answer>,
  events: readonly LedgerEvent[] | readonly ProjectedEvent[],
): { ask(query: Query, bounds?: Omit<AnswerContext, 'at'> & { at?: string }): Promise<Answer> } {
  let stored: Awaited<ReturnType<typeof storedProjection<Query, Answer>>> | undefined;
  beforeAll(async () => {
    stored = await storedProjection(definition, events);
  });
  afterAll(async () => stored?.close());
  return { ask: (query, bounds = {}) => stored!.ask(query, bounds) };
}

/** One answer of a table projection over these events: stored, asked, closed. */
export async function answerOf<Query, Answer>(
  definition: TableProjection<Query, Answer>,
  events: readonly LedgerEvent[] | readonly ProjectedEvent[],
  query: Query,
  bounds: Omit<AnswerContext, 'at'> & { at?: string } = {},
): Promise<Answer> {
  const stored = await storedProjection(definition, events);
  try {
    return await stored.ask(query, bounds);
  } finally {
    await stored.close();
  }
}

interface Opened {
  readonly events: SqliteEventStore;
  readonly store: SqliteProjectionStore;
}

function openStore(): Opened {
  const events = SqliteEventStore.open({ path: ':memory:' });
  return { events, store: new SqliteProjectionStore(events.database) };
}

/** Events as recorded after `after`: given recorded (with positions) they keep what they carry, only renumbered. */
function toRecorded(events: readonly LedgerEvent[] | readonly ProjectedEvent[], after: number): ProjectedEvent[] {
  const withPositions =
    'position' in (events[0] ?? {}) ? (events as readonly ProjectedEvent[]) : recorded(events as readonly LedgerEvent[]);
  return withPositions.map((event, index) => ({ ...event, position: after + index + 1 }));
}
