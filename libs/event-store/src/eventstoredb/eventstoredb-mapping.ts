import type {
  AllStreamResolvedEvent,
  AppendResult as ClientAppendResult,
  CurrentRevision,
  EventData,
  ExpectedRevision as ClientExpectedRevision,
  JSONType,
  Position,
  ReadPosition,
  RecordedEvent as ClientRecordedEvent,
  RegexFilter,
  ResolvedEvent,
} from '@eventstore/db-client';
import { v5 as uuidv5 } from 'uuid';

import {
  type AppendResult,
  DuplicateEventIdError,
  type EventMetadata,
  type ExpectedRevision,
  type FoldedEvent,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
} from '../event-store';

/**
 * Pure translation between the ledger's EventStore port and the types of the
 * official EventStoreDB client. Nothing here talks to a server, and nothing
 * here loads the client at run time: only its types are imported, and its few
 * string constants ('no_stream', 'any', 'start', 'eventType') are written out,
 * checked against the client's own types by the compiler. So the adapter loads
 * the client (about 0.4 s of gRPC and protobuf) only when an EventStoreDB
 * store is opened, and `@kurrent/kurrentdb-client` 1.x, whose types have the
 * same shapes, can serve by changing the package named in the imports.
 *
 * How an event is stored
 *
 * - Stream: the ledger's stream id, one to one.
 * - Event id: the server's id must be a UUID. A ledger event id that already is
 *   a lowercase canonical UUID is used as it is (the usual case: uuid v5/v7);
 *   any other id (an upper-case UUID, an id an import file chose) is mapped to
 *   a UUID v5 of itself, so the same ledger id always gives the same server id
 *   and the server's idempotency still applies, and the original is kept in
 *   the metadata so it reads back exactly.
 * - Type: the ledger's event type, as is.
 * - Data: JSON (content type application/json), the ledger's data as is
 *   (undefined, which JSON cannot carry, is stored as null, as the SQL stores do).
 * - Metadata: JSON, see StoredEventMetadata: business time, schema version and
 *   the ledger's own metadata, plus EventStoreDB's conventional `$correlationId`
 *   and `$causationId` for its tools and its by-correlation-id projection.
 * - Record time: not stored by us; the server's `created` timestamp (100 ns
 *   ticks, which the client truncates to milliseconds) is `recordedAt`.
 *
 * Positions: the commit position, as a number
 *
 * A ledger position is the event's commit position in the server's
 * transaction log ($all), as a JavaScript number. For events appended the
 * ordinary way (one append call, committed implicitly) the server gives every
 * event its own record in the log, and its commit position is that record's
 * byte offset (commit = prepare position). So commit positions are unique per
 * event, only grow in $all order, survive restarts and are what the server
 * itself pages and subscribes by: the port's "order in the whole log, never
 * reused" holds. A number is exact up to 2^53 bytes of log (9 PB); past that
 * toLedgerPosition refuses rather than round.
 *
 * What does not hold: positions are NOT dense. They are byte offsets, so they
 * grow by the size of each record (hundreds of bytes and more), system events
 * ($stats, $settings, projections' own events) sit between ledger events, and
 * a new database starts well above 1. The adapter says so in its
 * capabilities (densePositions: false), and the shared contract suite
 * (testing/event-store-contract.ts) then checks positions that only grow,
 * read after positions it was handed. Nothing in the application's own code
 * relies on density: it keeps and compares positions (checkpoints, "after",
 * "up to"), and reports a projection's lag as unknown while it is behind.
 *
 * A corollary: a position handed to readAll ("after", "upToPosition") or to
 * subscribe must be 0 or a position this store returned. The server resumes a
 * read from the exact log record at that offset; an offset in the middle of a
 * record is not a place in the log.
 */

/** The namespace of the UUID v5 ids derived from ledger event ids that are not canonical UUIDs. */
export const LEDGER_EVENT_ID_NAMESPACE = '6b0bb3f2-6f51-4b8e-9c6a-3f1d2a7e5c40';

/** The server's constants, written out so this module loads nothing at run time; typed as the client's. */
const NO_STREAM: Extract<ClientExpectedRevision, 'no_stream'> = 'no_stream';
const ANY: Extract<ClientExpectedRevision, 'any'> = 'any';
const START: Extract<ReadPosition, 'start'> = 'start';
const EVENT_TYPE: RegexFilter['filterOn'] = 'eventType';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The metadata JSON stored with every ledger event. */
export interface StoredEventMetadata {
  /** Business time (ISO 8601, UTC), NewEvent.occurredAt. */
  readonly occurredAt: string;
  readonly schemaVersion: number;
  /** The ledger's own metadata (actor, correlation, causation, rule), exactly as appended. */
  readonly ledger: EventMetadata;
  /** The ledger's event id, only when it is not itself the server's id (see serverEventId). */
  readonly eventId?: string;
  /** EventStoreDB's conventional keys, read by its by-correlation-id projection and its UI. */
  readonly $correlationId: string;
  readonly $causationId: string;
}

/** An event on the server that is not a ledger event (no ledger metadata, binary, no position): it cannot be read as one. */
export class NotALedgerEventError extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: string,
    reason: string,
  ) {
    super(`the event at revision ${revision} of stream ${streamId} is not a ledger event: ${reason}`);
    this.name = 'NotALedgerEventError';
  }
}

// ---------------------------------------------------------------- events out

/** The id the server keeps for a ledger event id: the id itself when it is a canonical lowercase UUID, else a UUID v5 of it. */
export function serverEventId(eventId: string): string {
  return CANONICAL_UUID.test(eventId) ? eventId : uuidv5(eventId, LEDGER_EVENT_ID_NAMESPACE);
}

/** The metadata JSON stored with an event. */
export function toStoredMetadata(event: NewEvent): StoredEventMetadata {
  return {
    occurredAt: event.occurredAt,
    schemaVersion: event.schemaVersion,
    ledger: event.metadata,
    ...(serverEventId(event.eventId) === event.eventId ? {} : { eventId: event.eventId }),
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
  };
}

/**
 * A new ledger event as the client's event data: what `jsonEvent({ id, type,
 * data, metadata })` makes, built here so the client need not be loaded.
 */
export function toEventData(event: NewEvent): EventData {
  return {
    id: serverEventId(event.eventId),
    contentType: 'application/json',
    type: event.type,
    // The client writes JSON.stringify(data); any JSON value round-trips, though its type names only objects, arrays and strings.
    data: (event.data === undefined ? null : event.data) as JSONType,
    metadata: toStoredMetadata(event) as unknown as JSONType,
  };
}

// ----------------------------------------------------------------- events in

/** A server position as a ledger position: the commit position as a number, refused when a number cannot hold it exactly. */
export function toLedgerPosition(position: Pick<Position, 'commit'> | bigint): number {
  const commit = typeof position === 'bigint' ? position : position.commit;
  if (commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`commit position ${commit} is outside the positions a ledger position can hold exactly`);
  return Number(commit);
}

/** A stream revision (a bigint on the wire) as the port's number. */
export function toRevision(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`stream revision ${revision} is outside the revisions a number can hold exactly`);
  return Number(revision);
}

/** Whether the server keeps the event for itself: a `$` type ($metadata, $statsCollected, the link type `$>`...) or a `$` stream. */
export function isSystemEvent(event: { readonly type: string; readonly streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * A recorded event from the client as the ledger's RecordedEvent. The position
 * is the event's own commit position (`position`, which servers from 22.6 on
 * also send on stream reads), else the one given (a $all read's commitPosition).
 */
export function fromRecordedEvent(recorded: ClientRecordedEvent, commitPosition?: bigint): RecordedEvent {
  const revision = String(recorded.revision);
  const notLedger = (reason: string) => new NotALedgerEventError(recorded.streamId, revision, reason);
  if (!recorded.isJson) throw notLedger('its content type is not application/json');
  const commit = recorded.position?.commit ?? commitPosition;
  if (commit === undefined) throw notLedger('the server sent no log position with it (EventStoreDB 22.6 or later sends one on every read)');
  const metadata = parseStoredMetadata(recorded.metadata);
  if (typeof metadata === 'string') throw notLedger(metadata);
  return {
    eventId: metadata.eventId ?? recorded.id,
    streamId: recorded.streamId,
    revision: toRevision(recorded.revision),
    position: toLedgerPosition(commit),
    type: recorded.type,
    schemaVersion: metadata.schemaVersion,
    occurredAt: metadata.occurredAt,
    recordedAt: toRecordedAt(recorded.created),
    data: recorded.data as unknown,
    metadata: metadata.ledger,
  };
}

/**
 * A resolved event from a read or a subscription as a ledger event, or
 * undefined when there is none to read: no event (a link to a deleted one)
 * or a system event. Throws NotALedgerEventError for any other foreign event.
 */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const recorded = resolved.event;
  if (recorded === undefined || isSystemEvent(recorded)) return undefined;
  return fromRecordedEvent(recorded as ClientRecordedEvent, resolved.commitPosition);
}

/** The commit position of whatever a read or subscription delivered (system events too), or undefined when it carries none. */
export function positionOfResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): number | undefined {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  return commit === undefined ? undefined : toLedgerPosition(commit);
}

/** What a fold reads of an event. */
export function toFoldedEvent(event: RecordedEvent): FoldedEvent {
  return {
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    data: event.data,
  };
}

/** The server's `created` as the port's record time (ISO 8601, UTC, milliseconds). */
export function toRecordedAt(created: Date): string {
  if (!(created instanceof Date) || Number.isNaN(created.getTime())) throw new RangeError('the server sent no valid created time');
  return created.toISOString();
}

/** The stored metadata, checked; a string says what is wrong. */
function parseStoredMetadata(metadata: unknown): StoredEventMetadata | string {
  if (metadata === undefined) return 'it has no metadata';
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || metadata instanceof Uint8Array)
    return 'its metadata is not a JSON object';
  const stored = metadata as Partial<Record<keyof StoredEventMetadata, unknown>>;
  if (typeof stored.occurredAt !== 'string') return 'its metadata has no occurredAt';
  if (typeof stored.schemaVersion !== 'number' || !Number.isInteger(stored.schemaVersion))
    return 'its metadata has no integer schemaVersion';
  if (typeof stored.ledger !== 'object' || stored.ledger === null || Array.isArray(stored.ledger))
    return 'its metadata has no ledger metadata';
  if (stored.eventId !== undefined && typeof stored.eventId !== 'string') return 'its metadata has an eventId that is not a string';
  return stored as StoredEventMetadata;
}

// ---------------------------------------------------------- appends, revisions

/** The port's expected revision as the client's: 'no_stream' → NO_STREAM, 'any' → ANY, n → BigInt(n). */
export function toClientExpectedRevision(expected: ExpectedRevision): ClientExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new TypeError(`expected revision must be 'no_stream', 'any' or a revision (an integer from 0), not ${String(expected)}`);
  return BigInt(expected);
}

/** The client's current revision ('no_stream', or the last event's revision) as the port's: undefined for an absent stream. */
export function fromCurrentRevision(current: CurrentRevision | bigint): number | undefined {
  if (current === NO_STREAM || current < 0n) return undefined;
  return toRevision(current);
}

/** The first event id a batch carries twice, if any: refused before the server sees the batch. */
export function firstRepeatedEventId(events: readonly NewEvent[]): string | undefined {
  const seen = new Set<string>();
  for (const { eventId } of events) {
    const id = serverEventId(eventId);
    if (seen.has(id)) return eventId;
    seen.add(id);
  }
  return undefined;
}

/** Where a successful append's events are: the revisions ending at the one the server answered. */
export function appendedRevisions(result: ClientAppendResult, count: number): { readonly from: number; readonly to: number } {
  const to = toRevision(result.nextExpectedRevision);
  return { from: to - count + 1, to };
}

/**
 * The port's AppendResult from the batch and the events read back at the
 * revisions the server answered. After a fresh append they are the batch's own
 * events. After an append the server judged already done ("idempotent") they
 * are the first append's events, so the first result is answered, as the port
 * wants. When they are not the batch's events in the batch's order, the server
 * took a repeat of stored ids in another order or in part for an idempotent
 * one (its check for 'any' only looks each id up): DuplicateEventIdError.
 */
export function appendResultOf(events: readonly NewEvent[], stored: readonly RecordedEvent[]): AppendResult {
  const matches = stored.length === events.length && events.every((event, index) => stored[index]!.eventId === event.eventId);
  if (!matches || events.length === 0) throw new DuplicateEventIdError(events[0]?.eventId ?? '(none)');
  const appended = stored.map((event) => ({ eventId: event.eventId, revision: event.revision, position: event.position }));
  const last = appended.at(-1)!;
  return { revision: last.revision, position: last.position, events: appended };
}

// -------------------------------------------------------------- reading $all

/** Where a read or subscription of $all starts for "after this position": START for 0, else the event's own position (commit = prepare). */
export function toReadPosition(after: number): ReadPosition {
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`a position must be an integer from 0, not ${after}`);
  if (after === 0) return START;
  const position = BigInt(after);
  return { commit: position, prepare: position };
}

/** A text as a .NET regular expression that matches it literally (the server evaluates the filter). */
export function escapeServerRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The server-side filter of a read or subscription of $all: on event type,
 * only the given types (exact match) when there are some, else every type
 * that does not start with `$` (no system events), as the client's
 * excludeSystemEvents() does. The adapter applies the same rules to what it
 * receives (readAllVerdict, isSystemEvent), since @eventstore/db-client 6.x
 * sends a filter only for subscriptions, not for reads.
 */
export function serverEventTypeFilter(types?: readonly string[]): RegexFilter {
  const regex = types === undefined || types.length === 0 ? '^[^$].*' : `^(?:${types.map(escapeServerRegex).join('|')})$`;
  return { filterOn: EVENT_TYPE, regex, checkpointInterval: 1 };
}

/**
 * What readAll does with the next ledger event of $all, in position order:
 * 'stop' once past upToPosition (nothing later can qualify), 'skip' when at or
 * before `after` or filtered out (type, stream, business time, record time), else 'take'.
 * A stream filter is applied here, over $all, as every other one is: simple, but it reads the log.
 * Business and record times are ISO 8601 UTC text, compared as text, as the SQL stores do.
 */
export function readAllVerdict(
  event: Pick<RecordedEvent, 'position' | 'type' | 'streamId' | 'occurredAt' | 'recordedAt'>,
  options: ReadAllOptions,
): 'take' | 'skip' | 'stop' {
  if (options.upToPosition !== undefined && event.position > options.upToPosition) return 'stop';
  if (event.position <= (options.after ?? 0)) return 'skip';
  if (options.types !== undefined && options.types.length > 0 && !options.types.includes(event.type)) return 'skip';
  if (options.streamId !== undefined && event.streamId !== options.streamId) return 'skip';
  if (options.occurredUpTo !== undefined && event.occurredAt > options.occurredUpTo) return 'skip';
  if (options.occurredFrom !== undefined && event.occurredAt < options.occurredFrom) return 'skip';
  if (options.recordedUpTo !== undefined && event.recordedAt > options.recordedUpTo) return 'skip';
  if (options.recordedFrom !== undefined && event.recordedAt < options.recordedFrom) return 'skip';
  return 'take';
}

// --------------------------------------------------------------------- misc

/** A connection string fit for a log line: a password in it is never shown. */
export function redactConnectionString(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/,]*:)[^@/]*@/i, '$1***@');
}
