import { Readable } from 'node:stream';

import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { EVENT_STORE } from '../application/tokens';
import { csvWriter } from '../csv/csv-writer';
import { type EventFilter, storeFilterOf } from './get-events';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

/** The CSV columns; data and actor are JSON in their cells, so a row keeps the whole event. */
export const EXPORT_CSV_COLUMNS = [
  'position',
  'eventId',
  'streamId',
  'revision',
  'type',
  'schemaVersion',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'data',
] as const;

export interface ExportRange {
  /** Events after this position (0: from the start). */
  readonly after?: number;
  /** Events up to and including this position; absent: up to the head when the export starts. */
  readonly upTo?: number;
  /** Only the events matching it, as a page of GET /v1/events would hold them. */
  readonly filter?: EventFilter;
}

const EXPORT_PAGE = 1_000;

/**
 * The log in global order, a page at a time, bounded by the head taken when
 * the export starts (an export is one consistent range even while appends go
 * on). Pages are read only as the consumer asks for more, so a slow reader
 * holds back the reading instead of piling events up in memory.
 */
export async function* eventsInRange(store: EventStore, range: ExportRange = {}): AsyncGenerator<RecordedEvent> {
  const upToPosition = range.upTo ?? (await store.headPosition());
  const filter = storeFilterOf(range.filter ?? {});
  for (let after = range.after ?? 0; after < upToPosition;) {
    const page = await store.readAll({ ...filter, after, upToPosition, limit: EXPORT_PAGE });
    if (page.length === 0) return;
    yield* page;
    after = page.at(-1)!.position;
  }
}

/** The range as a byte stream in the format, with backpressure from whoever reads it. */
export function exportEvents(store: EventStore, format: ExportFormat, range: ExportRange = {}): Readable {
  if (format === 'ndjson') return Readable.from(ndjsonLines(eventsInRange(store, range)));
  const rows = Readable.from(csvRows(eventsInRange(store, range)));
  const csv = csvWriter(EXPORT_CSV_COLUMNS);
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}

async function* ndjsonLines(events: AsyncIterable<RecordedEvent>): AsyncGenerator<string> {
  for await (const event of events) yield `${JSON.stringify(event)}\n`;
}

async function* csvRows(events: AsyncIterable<RecordedEvent>): AsyncGenerator<Record<(typeof EXPORT_CSV_COLUMNS)[number], unknown>> {
  for await (const event of events) {
    const { metadata, data, ...rest } = event;
    yield {
      ...rest,
      actor: JSON.stringify(metadata.actor),
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      data: JSON.stringify(data),
    };
  }
}

/** The whole log or a range of it, streamed as NDJSON or CSV. */
export class ExportEventsQuery extends Query<Readable> {
  constructor(
    readonly format: ExportFormat,
    readonly range: ExportRange = {},
  ) {
    super();
  }
}

@QueryHandler(ExportEventsQuery)
export class ExportEventsHandler implements IQueryHandler<ExportEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ format, range }: ExportEventsQuery): Promise<Readable> {
    return exportEvents(this.store, format, range);
  }
}
