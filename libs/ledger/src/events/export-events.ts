import { Readable } from 'node:stream';

import { type EventStore, GENESIS_HASH, type RecordedEvent } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { EVENT_STORE } from '../application/tokens';
import { csvWriter } from '../csv/csv-writer';
import { LedgerEvidence, type StoredHashes } from '../evidence/ledger-evidence';
import { type EventFilter, isFiltered, storeFilterOf } from './get-events';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

/** The CSV columns exports had before they carried a policy's rule and each event's hash: such a file still imports. */
export const EXPORT_CSV_COLUMNS_WITHOUT_HASHES = [
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

/**
 * The CSV columns; data, actor and rule (empty when no policy acted) are JSON
 * in their cells, so a row keeps the whole event as stored, with the hash the
 * chain stored with it (empty where the store keeps no chain). New columns
 * only ever go at the end.
 */
export const EXPORT_CSV_COLUMNS = [...EXPORT_CSV_COLUMNS_WITHOUT_HASHES, 'rule', 'hash'] as const;

/**
 * Where an export stands in the hash chain, for a consumer to check it against:
 * the hash of the event just before its first (the genesis hash from the start
 * of the log), and the position and hash of the last event it ends at, its head
 * (for an empty range, the start again). A consumer recomputes each event's hash
 * from the start hash and ends at the head hash, or knows the export was cut or changed.
 */
export interface ExportChain {
  readonly startHash: string;
  readonly headPosition: number;
  readonly headHash: string;
}

/** An export: the bytes, and where they stand in the chain (undefined where the store keeps no chain). */
export interface EventExport {
  readonly body: Readable;
  readonly chain: ExportChain | undefined;
}

/** An exported event: as stored, with the chain hash stored with it (absent where the store keeps no chain). */
export type ExportedEvent = RecordedEvent & { readonly hash?: string };

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
export async function* eventsInRange(store: EventStore, range: ExportRange = {}, hashes?: StoredHashes): AsyncGenerator<ExportedEvent> {
  const upToPosition = range.upTo ?? (await store.headPosition());
  const filter = storeFilterOf(range.filter ?? {});
  for (let after = range.after ?? 0; after < upToPosition;) {
    const page = await store.readAll({ ...filter, after, upToPosition, limit: EXPORT_PAGE });
    if (page.length === 0) return;
    if (hashes) {
      // One lookup a page, not an await per event.
      const stored = await hashes(page.map((event) => event.position));
      yield* page.map((event) => ({ ...event, hash: stored.get(event.position) }));
    } else yield* page;
    after = page.at(-1)!.position;
  }
}

/**
 * The range as a byte stream in the format, with backpressure from whoever
 * reads it, and where it stands in the chain. The range is bounded by the head
 * taken now, so the chain named is the one the bytes end at.
 */
export async function exportEvents(
  store: EventStore,
  format: ExportFormat,
  range: ExportRange = {},
  hashes?: StoredHashes,
): Promise<EventExport> {
  const after = range.after ?? 0;
  const head = await store.headPosition();
  const bounded = { after, upTo: Math.max(after, Math.min(range.upTo ?? head, head)), filter: range.filter };
  // A filtered export's events are not consecutive links: each carries its hash, but it names no chain to recompute.
  const chain = hashes === undefined || isFiltered(range.filter ?? {}) ? undefined : await chainOf(bounded, hashes);
  const events = eventsInRange(store, bounded, hashes);
  if (format === 'ndjson') return { body: Readable.from(ndjsonLines(events)), chain };
  const rows = Readable.from(csvRows(events));
  const csv = csvWriter(EXPORT_CSV_COLUMNS);
  rows.on('error', (error) => csv.destroy(error));
  return { body: rows.pipe(csv), chain };
}

/** The chain hashes at the range's two ends; undefined when an end lies past the log. */
async function chainOf({ after, upTo }: { after: number; upTo: number }, hashes: StoredHashes): Promise<ExportChain | undefined> {
  const stored = await hashes([after, upTo].filter((position) => position > 0));
  const hashAt = (position: number) => (position === 0 ? GENESIS_HASH : stored.get(position));
  const [startHash, headHash] = [hashAt(after), hashAt(upTo)];
  return startHash === undefined || headHash === undefined ? undefined : { startHash, headPosition: upTo, headHash };
}

async function* ndjsonLines(events: AsyncIterable<ExportedEvent>): AsyncGenerator<string> {
  for await (const event of events) yield `${JSON.stringify(event)}\n`;
}

async function* csvRows(events: AsyncIterable<ExportedEvent>): AsyncGenerator<Record<(typeof EXPORT_CSV_COLUMNS)[number], unknown>> {
  for await (const event of events) {
    const { metadata, data, hash, ...rest } = event;
    yield {
      ...rest,
      actor: JSON.stringify(metadata.actor),
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      data: JSON.stringify(data),
      rule: metadata.rule === undefined ? undefined : JSON.stringify(metadata.rule),
      hash,
    };
  }
}

/** The whole log or a range of it, streamed as NDJSON or CSV. */
export class ExportEventsQuery extends Query<EventExport> {
  constructor(
    readonly format: ExportFormat,
    readonly range: ExportRange = {},
  ) {
    super();
  }
}

@QueryHandler(ExportEventsQuery)
export class ExportEventsHandler implements IQueryHandler<ExportEventsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly evidence: LedgerEvidence,
  ) {}

  async execute({ format, range }: ExportEventsQuery): Promise<EventExport> {
    return exportEvents(this.store, format, range, this.evidence.storedHashes);
  }
}
