import { EventEmitter } from 'node:events';

import {
  type AllStreamResolvedEvent,
  ANY,
  type AppendResult as ClientAppendResult,
  type EventData,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  NO_STREAM,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { firstValueFrom, take, toArray } from 'rxjs';
import { v5 as uuidv5 } from 'uuid';

import {
  CopyRefusedError,
  DuplicateEventIdError,
  type NewEvent,
  PartialAppendError,
  type ReadAllOptions,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store';
import {
  failedAppendError,
  isStreamNotFoundError,
  isUnavailableError,
  isWrongExpectedVersionError,
  toAppendError,
} from './eventstoredb-errors';
import {
  ChainNotStoredError,
  type EventStoreDbClient,
  EventStoreDbEventStore,
  EventStoreDbUnavailableError,
} from './eventstoredb-event-store';
import {
  appendedRevisions,
  appendResultOf,
  escapeServerRegex,
  firstRepeatedEventId,
  fromCurrentRevision,
  fromRecordedEvent,
  fromResolvedEvent,
  isSystemEvent,
  LEDGER_EVENT_ID_NAMESPACE,
  NotALedgerEventError,
  positionOfResolved,
  readAllVerdict,
  redactConnectionString,
  serverEventId,
  serverEventTypeFilter,
  toClientExpectedRevision,
  toEventData,
  toFoldedEvent,
  toLedgerPosition,
  toReadPosition,
  toRecordedAt,
  toRevision,
  toStoredMetadata,
} from './eventstoredb-mapping';
import { verdictBeforeAppend } from './eventstoredb-streams-in-turn';

const ID_A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ID_C = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';

const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: ID_A,
  type: 'ClientWon',
  schemaVersion: 2,
  occurredAt: '2024-03-01T10:00:00.000Z',
  data: { clientId: 'c-1', total: { amount: 12_345, currency: 'EUR' } },
  metadata: { actor: { type: 'user', id: 'rep-anna', role: 'rep' }, correlationId: 'corr-1', causationId: 'cmd-1' },
  ...overrides,
});

/** What the client hands back for an event written as `data`: a plain object of the client's RecordedEvent shape. */
function recordedFrom(
  data: EventData,
  at: { streamId?: string; revision?: bigint; commit?: bigint | null; created?: Date } = {},
): ClientRecordedEvent {
  const commit = at.commit === undefined ? 4_096n : at.commit;
  return {
    streamId: at.streamId ?? 'client-c-1',
    id: data.id,
    isJson: true,
    revision: at.revision ?? 3n,
    type: data.type,
    created: at.created ?? new Date('2024-03-01T10:00:01.234Z'),
    // The client parses both from the JSON it reads; a JSON round trip is what the server does to them.
    data: JSON.parse(JSON.stringify(data.data)) as never,
    metadata: data.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(data.metadata)) as never),
    position: commit === null ? undefined : { commit, prepare: commit },
  } as ClientRecordedEvent;
}

describe('EventStoreDB mapping', () => {
  describe('event ids', () => {
    it('keeps a canonical lowercase UUID as the server id, and maps any other id to a UUID v5 of itself', () => {
      expect(serverEventId(ID_A)).toBe(ID_A);
      expect(serverEventId(ID_A.toUpperCase())).toBe(uuidv5(ID_A.toUpperCase(), LEDGER_EVENT_ID_NAMESPACE));
      expect(serverEventId('import-line-42')).toBe(uuidv5('import-line-42', LEDGER_EVENT_ID_NAMESPACE));
      expect(serverEventId('import-line-42')).toBe(serverEventId('import-line-42'));
      expect(serverEventId('import-line-42')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  describe('NewEvent to the client', () => {
    it("stores business time, schema version and the ledger's metadata, with EventStoreDB's correlation keys", () => {
      expect(toStoredMetadata(newEvent())).toEqual({
        occurredAt: '2024-03-01T10:00:00.000Z',
        schemaVersion: 2,
        ledger: { actor: { type: 'user', id: 'rep-anna', role: 'rep' }, correlationId: 'corr-1', causationId: 'cmd-1' },
        $correlationId: 'corr-1',
        $causationId: 'cmd-1',
      });
      const rule = { name: 'handoff-after-reorders', parameters: { reorders: 3 } };
      const byPolicy = newEvent({
        metadata: { actor: { type: 'policy', name: 'auto-handoff' }, correlationId: 'c', causationId: ID_B, rule },
      });
      expect(toStoredMetadata(byPolicy).ledger).toEqual(byPolicy.metadata);
      expect(toStoredMetadata(newEvent({ eventId: 'line-7' }))).toMatchObject({ eventId: 'line-7' });
      expect(toStoredMetadata(newEvent())).not.toHaveProperty('eventId');
    });

    it("is the client's own jsonEvent of the event", () => {
      const event = newEvent();
      expect(toEventData(event)).toEqual(
        jsonEvent({ id: ID_A, type: 'ClientWon', data: event.data as never, metadata: toStoredMetadata(event) }),
      );
      expect(toEventData(event)).toMatchObject({ id: ID_A, contentType: 'application/json', type: 'ClientWon', data: event.data });
      expect(toEventData(newEvent({ eventId: 'line-7' })).id).toBe(serverEventId('line-7'));
    });

    it('stores data JSON cannot carry (undefined) as null, and any other JSON value as it is', () => {
      expect(toEventData(newEvent({ data: undefined })).data).toBeNull();
      for (const data of [null, 'a string', 0, true, [], [1, { a: 2 }]]) expect(toEventData(newEvent({ data })).data).toEqual(data);
    });
  });

  describe('the client to RecordedEvent', () => {
    it('gives back the event as appended, with stream, revision, commit position and the server time', () => {
      const event = newEvent();
      const recorded = recordedFrom(toEventData(event), { streamId: 'client-c-9', revision: 7n, commit: 123_456_789n });
      expect(fromRecordedEvent(recorded)).toEqual({
        ...event,
        streamId: 'client-c-9',
        revision: 7,
        position: 123_456_789,
        recordedAt: '2024-03-01T10:00:01.234Z',
      });
    });

    it('round-trips every metadata shape, unicode and an id that is not a UUID', () => {
      const events = [
        newEvent({
          metadata: {
            actor: { type: 'policy', name: 'auto-handoff' },
            correlationId: 'c',
            causationId: ID_B,
            rule: { name: 'r', parameters: { days: 30, on: true, why: 'x' } },
          },
        }),
        newEvent({
          metadata: { actor: { type: 'user', id: 'ops', role: null }, correlationId: 'corr-🚀', causationId: 'Zürich 東京' },
          data: { text: 'مرحبا "q" \\ \n' },
        }),
        newEvent({ eventId: 'line-7' }),
        newEvent({ eventId: ID_A.toUpperCase() }),
        newEvent({ data: null }),
      ];
      for (const event of events) {
        const read = fromRecordedEvent(recordedFrom(toEventData(event)));
        expect({
          eventId: read.eventId,
          type: read.type,
          schemaVersion: read.schemaVersion,
          occurredAt: read.occurredAt,
          data: read.data,
          metadata: read.metadata,
        }).toEqual(event);
      }
    });

    it("takes the position given with the read when the event carries none (a $all read's commitPosition)", () => {
      const recorded = recordedFrom(toEventData(newEvent()), { commit: null });
      expect(fromRecordedEvent(recorded, 5_000n).position).toBe(5_000);
      expect(() => fromRecordedEvent(recorded)).toThrow(/no log position.*22\.6/);
    });

    it('refuses an event that is not a ledger event, naming its stream and revision', () => {
      const data = toEventData(newEvent());
      const withMetadata = (metadata: unknown) => ({ ...recordedFrom(data), metadata }) as ClientRecordedEvent;
      expect(() => fromRecordedEvent({ ...recordedFrom(data), isJson: false, data: new Uint8Array([1]) } as ClientRecordedEvent)).toThrow(
        NotALedgerEventError,
      );
      expect(() => fromRecordedEvent(withMetadata(undefined))).toThrow(
        /revision 3 of stream client-c-1 is not a ledger event: it has no metadata/,
      );
      expect(() => fromRecordedEvent(withMetadata(new Uint8Array([123])))).toThrow(/not a JSON object/);
      expect(() => fromRecordedEvent(withMetadata({ schemaVersion: 1, ledger: {} }))).toThrow(/no occurredAt/);
      expect(() => fromRecordedEvent(withMetadata({ occurredAt: 'x', schemaVersion: '1', ledger: {} }))).toThrow(/schemaVersion/);
      expect(() => fromRecordedEvent(withMetadata({ occurredAt: 'x', schemaVersion: 1 }))).toThrow(/no ledger metadata/);
      expect(() => fromRecordedEvent(withMetadata({ occurredAt: 'x', schemaVersion: 1, ledger: {}, eventId: 5 }))).toThrow(/eventId/);
    });

    it('reads a resolved event: none for system events, $ streams and missing events, else the event at its position', () => {
      const data = toEventData(newEvent());
      const resolved = (event: ClientRecordedEvent | undefined, commitPosition?: bigint): AllStreamResolvedEvent =>
        ({ event, commitPosition }) as AllStreamResolvedEvent;
      expect(fromResolvedEvent(resolved(recordedFrom(data, { commit: null }), 777n))).toMatchObject({ eventId: ID_A, position: 777 });
      expect(fromResolvedEvent(resolved({ ...recordedFrom(data), type: '$statsCollected' } as ClientRecordedEvent))).toBeUndefined();
      expect(fromResolvedEvent(resolved({ ...recordedFrom(data), type: '$>' } as ClientRecordedEvent))).toBeUndefined();
      expect(fromResolvedEvent(resolved(recordedFrom(data, { streamId: '$settings' })))).toBeUndefined();
      expect(fromResolvedEvent(resolved(undefined, 5n))).toBeUndefined();
      expect(positionOfResolved(resolved({ ...recordedFrom(data, { commit: 900n }), type: '$metadata' } as ClientRecordedEvent))).toBe(900);
      expect(positionOfResolved(resolved(undefined, 901n))).toBe(901);
      expect(positionOfResolved(resolved(undefined))).toBeUndefined();
    });

    it('tells system events by a $ type or a $ stream', () => {
      expect(isSystemEvent({ type: '$metadata', streamId: '$$client-1' })).toBe(true);
      expect(isSystemEvent({ type: 'ClientWon', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
      expect(isSystemEvent({ type: 'ClientWon', streamId: 'client-1' })).toBe(false);
    });

    it('keeps only what a fold reads', () => {
      const read = fromRecordedEvent(recordedFrom(toEventData(newEvent())));
      expect(toFoldedEvent(read)).toEqual({
        position: 4_096,
        type: 'ClientWon',
        schemaVersion: 2,
        occurredAt: '2024-03-01T10:00:00.000Z',
        recordedAt: read.recordedAt,
        data: read.data,
      });
    });
  });

  describe('positions, revisions and times', () => {
    it('uses the commit position as the ledger position, refusing one a number cannot hold exactly', () => {
      expect(toLedgerPosition(1_234n)).toBe(1_234);
      expect(toLedgerPosition({ commit: 9_007_199_254_740_991n })).toBe(Number.MAX_SAFE_INTEGER);
      expect(() => toLedgerPosition(9_007_199_254_740_992n)).toThrow(RangeError);
      expect(() => toLedgerPosition(-1n)).toThrow(RangeError);
    });

    it('reads a stream revision as a number', () => {
      expect(toRevision(0n)).toBe(0);
      expect(toRevision(9_999n)).toBe(9_999);
      expect(() => toRevision(-1n)).toThrow(RangeError);
      expect(() => toRevision(2n ** 60n)).toThrow(RangeError);
    });

    it("starts a $all read at START for 0, else at the event's own position", () => {
      expect(toReadPosition(0)).toBe(START);
      expect(toReadPosition(4_096)).toEqual({ commit: 4_096n, prepare: 4_096n });
      expect(() => toReadPosition(-1)).toThrow(RangeError);
      expect(() => toReadPosition(1.5)).toThrow(RangeError);
    });

    it("takes the record time from the server's created time", () => {
      expect(toRecordedAt(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02T03:04:05.006Z');
      expect(() => toRecordedAt(new Date(Number.NaN))).toThrow(RangeError);
    });
  });

  describe('expected revisions and append errors', () => {
    it("maps 'no_stream' to NO_STREAM, 'any' to ANY and a revision to a bigint", () => {
      expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
      expect(toClientExpectedRevision('any')).toBe(ANY);
      expect(toClientExpectedRevision(0)).toBe(0n);
      expect(toClientExpectedRevision(41)).toBe(41n);
      for (const bad of [-1, 1.5, Number.NaN]) expect(() => toClientExpectedRevision(bad)).toThrow(TypeError);
    });

    it("reads the server's current revision: an absent stream as undefined", () => {
      expect(fromCurrentRevision('no_stream')).toBeUndefined();
      expect(fromCurrentRevision(-1n)).toBeUndefined();
      expect(fromCurrentRevision(4n)).toBe(4);
    });

    it("recognises the client's errors by their type, from either client", () => {
      const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n });
      expect(isWrongExpectedVersionError(wrong)).toBe(true);
      expect(isWrongExpectedVersionError({ type: 'wrong-expected-version', actualVersion: 1n })).toBe(true);
      expect(isWrongExpectedVersionError(new Error('wrong expected version'))).toBe(false);
      expect(isStreamNotFoundError(new StreamNotFoundError(undefined, 'client-x'))).toBe(true);
      expect(isStreamNotFoundError(wrong)).toBe(false);
      expect(isUnavailableError(new UnavailableError())).toBe(true);
      expect(isUnavailableError(Object.assign(new Error('connect failed'), { code: 14 }))).toBe(true);
      expect(isUnavailableError(new Error('14 UNAVAILABLE: No connection established'))).toBe(true);
      expect(isUnavailableError(new Error('permission denied'))).toBe(false);
      expect(isUnavailableError(undefined)).toBe(false);
    });

    it('turns WrongExpectedVersionError into WrongExpectedRevisionError naming the stream, the expected and the actual revision', () => {
      const events = [newEvent()];
      const stale = toAppendError(
        new WrongExpectedVersionError(undefined, { streamName: 'client-1', expected: 0n, current: 1n }),
        'client-1',
        0,
        events,
      );
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale).toMatchObject({ streamId: 'client-1', expected: 0, actual: 1 });
      const exists = toAppendError(
        new WrongExpectedVersionError(undefined, { streamName: 'client-1', expected: 'no_stream', current: 0n }),
        'client-1',
        'no_stream',
        events,
      );
      expect(exists).toMatchObject({ streamId: 'client-1', expected: 'no_stream', actual: 0 });
      const absent = toAppendError(
        new WrongExpectedVersionError(undefined, { streamName: 'client-1', expected: 3n, current: 'no_stream' }),
        'client-1',
        3,
        events,
      );
      expect(absent).toMatchObject({ streamId: 'client-1', expected: 3, actual: undefined });
      expect((absent as Error).message).toBe('stream client-1: expected revision 3, but it is absent');
    });

    it("reads a wrong-expected-version answer to 'any' as a partly repeated batch, and passes other errors on", () => {
      const events = [newEvent({ eventId: ID_B }), newEvent({ eventId: ID_C })];
      const corrupted = toAppendError(
        new WrongExpectedVersionError(undefined, { streamName: 's', expected: 'any', current: 4n }),
        's',
        'any',
        events,
      );
      expect(corrupted).toBeInstanceOf(DuplicateEventIdError);
      expect(corrupted).toMatchObject({ eventId: ID_B });
      const other = new UnavailableError();
      expect(toAppendError(other, 's', 0, events)).toBe(other);
    });

    it('maps an append answered with success: false to WrongExpectedRevisionError', () => {
      const failed = (nextExpectedRevision: bigint): ClientAppendResult => ({ success: false, nextExpectedRevision, position: undefined });
      expect(failedAppendError(failed(-1n), 's', 2)).toMatchObject({ streamId: 's', expected: 2, actual: undefined });
      expect(failedAppendError(failed(5n), 's', 'no_stream')).toMatchObject({ streamId: 's', expected: 'no_stream', actual: 5 });
    });

    it('finds a batch repeating an id, also one given in two spellings of the same server id', () => {
      expect(firstRepeatedEventId([newEvent({ eventId: ID_A }), newEvent({ eventId: ID_B })])).toBeUndefined();
      expect(firstRepeatedEventId([newEvent({ eventId: ID_A }), newEvent({ eventId: ID_B }), newEvent({ eventId: ID_A })])).toBe(ID_A);
      expect(firstRepeatedEventId([newEvent({ eventId: 'x' }), newEvent({ eventId: 'x' })])).toBe('x');
    });

    it("locates an append's events at the revisions ending at the server's answer", () => {
      expect(appendedRevisions({ success: true, nextExpectedRevision: 4n }, 2)).toEqual({ from: 3, to: 4 });
      expect(appendedRevisions({ success: true, nextExpectedRevision: 0n }, 1)).toEqual({ from: 0, to: 0 });
    });

    it("answers the batch's events read back, and refuses them in another order or in part", () => {
      const batch = [newEvent({ eventId: ID_A }), newEvent({ eventId: ID_B })];
      const stored = batch.map((event, index) => ({
        ...event,
        streamId: 's',
        revision: 3 + index,
        position: 1_000 + 250 * index,
        recordedAt: '2024-03-01T10:00:01.000Z',
      }));
      expect(appendResultOf(batch, stored)).toEqual({
        revision: 4,
        position: 1_250,
        events: [
          { eventId: ID_A, revision: 3, position: 1_000 },
          { eventId: ID_B, revision: 4, position: 1_250 },
        ],
      });
      expect(() => appendResultOf([batch[1]!, batch[0]!], stored)).toThrow(DuplicateEventIdError);
      expect(() => appendResultOf(batch, stored.slice(0, 1))).toThrow(DuplicateEventIdError);
      expect(() => appendResultOf(batch, [])).toThrow(DuplicateEventIdError);
    });
  });

  describe('filters of $all', () => {
    const matches = (regex: string, type: string) => new RegExp(regex).test(type);

    it("leaves system events out, as the client's excludeSystemEvents does", () => {
      const filter = serverEventTypeFilter();
      expect(filter).toEqual(excludeSystemEvents());
      expect(serverEventTypeFilter([])).toEqual(filter);
      expect(matches(filter.regex, 'ClientWon')).toBe(true);
      expect(matches(filter.regex, '$statsCollected')).toBe(false);
      expect(matches(filter.regex, '$>')).toBe(false);
    });

    it('keeps exactly the given types, metacharacters in them taken literally', () => {
      const filter = serverEventTypeFilter(['Kept', 'Other', 'a.b+c']);
      expect(filter).toEqual(eventTypeFilter({ regex: '^(?:Kept|Other|a\\.b\\+c)$' }));
      for (const type of ['Kept', 'Other', 'a.b+c']) expect(matches(filter.regex, type)).toBe(true);
      for (const type of ['KeptX', 'XKept', 'aXb+c', 'abbc', 'Skipped', '$metadata']) expect(matches(filter.regex, type)).toBe(false);
      expect(escapeServerRegex('a$b^c(d)[e]{f}|g?h*i\\j')).toBe('a\\$b\\^c\\(d\\)\\[e\\]\\{f\\}\\|g\\?h\\*i\\\\j');
    });

    it('decides each event of $all: stop past upToPosition, skip at or before after and what the filters leave out', () => {
      const event = {
        position: 5_000,
        type: 'Kept',
        streamId: 'client-acme',
        occurredAt: '2024-03-01T10:00:00.000Z',
        recordedAt: '2024-05-01T00:00:00.000Z',
      };
      const verdict = (options: ReadAllOptions) => readAllVerdict(event, options);
      expect(verdict({})).toBe('take');
      expect(verdict({ after: 4_999, upToPosition: 5_000 })).toBe('take');
      expect(verdict({ after: 5_000 })).toBe('skip');
      expect(verdict({ upToPosition: 4_999 })).toBe('stop');
      expect(verdict({ types: ['Kept', 'Other'] })).toBe('take');
      expect(verdict({ types: ['Other'] })).toBe('skip');
      expect(verdict({ types: [] })).toBe('take');
      expect(verdict({ occurredUpTo: '2024-03-01T10:00:00.000Z' })).toBe('take');
      expect(verdict({ occurredUpTo: '2024-03-01T09:59:59.999Z' })).toBe('skip');
      expect(verdict({ recordedUpTo: '2024-05-01T00:00:00.000Z' })).toBe('take');
      expect(verdict({ recordedUpTo: '2024-04-30T23:59:59.999Z' })).toBe('skip');
      expect(verdict({ streamId: 'client-acme' })).toBe('take');
      expect(verdict({ streamId: 'client-acme-2' })).toBe('skip');
      expect(verdict({ occurredFrom: '2024-03-01T10:00:00.000Z' })).toBe('take');
      expect(verdict({ occurredFrom: '2024-03-01T10:00:00.001Z' })).toBe('skip');
      expect(verdict({ recordedFrom: '2024-05-01T00:00:00.000Z' })).toBe('take');
      expect(verdict({ recordedFrom: '2024-05-01T00:00:00.001Z' })).toBe('skip');
    });
  });

  it('hides the password of a connection string', () => {
    expect(redactConnectionString('esdb://admin:changeit@localhost:2113?tls=false')).toBe('esdb://admin:***@localhost:2113?tls=false');
    expect(redactConnectionString('esdb+discover://admin:changeit@a:2113,b:2113')).toBe('esdb+discover://admin:***@a:2113,b:2113');
    expect(redactConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
  });
});

/**
 * The adapter's wiring over a small in-memory stand-in for the client, which
 * behaves as the server is documented to: byte-offset commit positions (not
 * dense), system events between ledger events, revisions and wrong expected
 * versions, per-stream idempotency, reads of $all that ignore a filter (as
 * @eventstore/db-client 6.x does) and start at the given position inclusive.
 * It checks the adapter's own logic, not the server: that is the int-spec's job.
 */
describe('EventStoreDbEventStore over a stand-in for the client', () => {
  let client: FakeClient;
  let store: EventStoreDbEventStore;
  beforeEach(() => {
    client = new FakeClient();
    store = new EventStoreDbEventStore(client as unknown as EventStoreDbClient);
  });
  afterEach(() => store.close());

  const event = (type: string, id: string, data: unknown = { type }): NewEvent => newEvent({ type, eventId: id, data });
  const ids = Array.from({ length: 8 }, (_, index) => uuidv5(`event-${index}`, LEDGER_EVENT_ID_NAMESPACE));

  it('appends and answers the revisions and commit positions read back, which grow but are not dense', async () => {
    client.systemEvent();
    const result = await store.append('client-1', [event('A', ids[0]!), event('B', ids[1]!)], { expectedRevision: 'no_stream' });
    const read = await store.readStream('client-1');
    expect(result).toEqual({
      revision: 1,
      position: read[1]!.position,
      events: read.map((e) => ({ eventId: e.eventId, revision: e.revision, position: e.position })),
    });
    expect(read[1]!.position - read[0]!.position).toBeGreaterThan(1);
    expect(read[0]).toEqual({
      ...event('A', ids[0]!),
      streamId: 'client-1',
      revision: 0,
      position: result.events[0]!.position,
      recordedAt: read[0]!.recordedAt,
    });
    expect(await store.streamRevision('client-1')).toBe(1);
    expect(await store.headPosition()).toBe(result.position);
  });

  it('answers a repeat with the first result and appends nothing; refuses partial and reordered repeats and stale revisions', async () => {
    const batch = [event('A', ids[0]!), event('B', ids[1]!)];
    const first = await store.append('client-1', batch, { expectedRevision: 'no_stream' });
    await store.append('client-1', [event('C', ids[2]!)], { expectedRevision: 1 });
    expect(await store.append('client-1', batch, { expectedRevision: 'no_stream' })).toEqual(first);
    expect(await store.append('client-1', batch, { expectedRevision: 'any' })).toEqual(first);
    await expect(store.append('client-1', [batch[0]!, event('X', ids[3]!)], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    await expect(store.append('client-1', [batch[1]!, batch[0]!], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    await expect(store.append('client-1', [event('Y', ids[4]!)], { expectedRevision: 0 })).rejects.toMatchObject({
      streamId: 'client-1',
      expected: 0,
      actual: 2,
    });
    await expect(store.append('absent', [event('Y', ids[4]!)], { expectedRevision: 3 })).rejects.toMatchObject({
      streamId: 'absent',
      expected: 3,
      actual: undefined,
    });
    const appends = client.appends;
    await expect(
      store.append('client-2', [batch[0]!, event('Z', ids[5]!), batch[0]!], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(client.appends).toBe(appends);
    expect((await store.readStream('client-1')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });

  describe('appendAtomically: judged first, then appended in turn, not atomic', () => {
    const request = (streamId: string, events: NewEvent[], expectedRevision: 'no_stream' | 'any' | number) => ({
      streamId,
      events,
      options: { expectedRevision },
    });

    it('judges each request before any is written: new, a repeat of the stored append at the expected place, or refused as the server would', () => {
      const batch = [event('A', ids[0]!), event('B', ids[1]!)];
      expect(verdictBeforeAppend(request('s', batch, 'no_stream'), undefined, [])).toBe('new');
      expect(verdictBeforeAppend(request('s', batch, 2), 2, [])).toBe('new');
      expect(verdictBeforeAppend(request('s', batch, 'any'), 7, [])).toBe('new');
      expect(verdictBeforeAppend(request('s', batch, 'no_stream'), 3, batch)).toBe('repeat');
      expect(() => verdictBeforeAppend(request('s', batch, 'no_stream'), 3, [batch[1]!, batch[0]!])).toThrow(WrongExpectedRevisionError);
      expect(() => verdictBeforeAppend(request('s', batch, 0), 1, batch.slice(0, 1))).toThrow(WrongExpectedRevisionError);
      expect(() => verdictBeforeAppend(request('s', batch, 4), 2, [])).toThrow(
        expect.objectContaining({ streamId: 's', expected: 4, actual: 2 }),
      );
    });

    it('appends every stream when all are as expected, and answers a repeat with the first results', async () => {
      await store.append('lead-1', [event('Contacted', ids[0]!)], { expectedRevision: 'no_stream' });
      const requests = [request('lead-1', [event('Converted', ids[1]!)], 0), request('client-1', [event('Won', ids[2]!)], 'no_stream')];
      const first = await store.appendAtomically(requests);
      expect(first.map((result) => result.revision)).toEqual([1, 0]);
      expect(first[1]!.position).toBeGreaterThan(first[0]!.position);
      const appends = client.appends;
      expect(await store.appendAtomically(requests)).toEqual(first);
      expect((await store.readStream('lead-1')).map((e) => e.type)).toEqual(['Contacted', 'Converted']);
      expect((await store.readStream('client-1')).map((e) => e.type)).toEqual(['Won']);
      expect(client.appends - appends).toBe(2);
    });

    it('stores nothing when a stream is not as expected when called, or an id comes twice', async () => {
      await store.append('client-1', [event('Won', ids[0]!)], { expectedRevision: 'no_stream' });
      const appends = client.appends;
      const refused = store.appendAtomically([
        request('lead-2', [event('Converted', ids[1]!)], 'no_stream'),
        request('client-1', [event('Won', ids[2]!)], 'no_stream'),
      ]);
      await expect(refused).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: 'client-1', actual: 0 });
      const twice = store.appendAtomically([
        request('lead-2', [event('Converted', ids[3]!)], 'no_stream'),
        request('client-2', [event('Won', ids[3]!)], 'no_stream'),
      ]);
      await expect(twice).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(client.appends).toBe(appends);
      expect(await store.readStream('lead-2')).toEqual([]);
    });

    it('says which streams it stored when a writer changes a later stream between the judging and its append', async () => {
      // The other writer wins the client just before this append to it arrives (the lead's is let through).
      client.beforeAppend = (streamId) => {
        if (streamId !== 'client-1') return;
        client.beforeAppend = undefined;
        void client.appendToStream('client-1', [toEventData(event('WonElsewhere', ids[5]!))], { expectedRevision: 'no_stream' });
      };
      const failure = store.appendAtomically([
        request('lead-1', [event('Converted', ids[0]!)], 'no_stream'),
        request('client-1', [event('Won', ids[1]!)], 'no_stream'),
      ]);
      await expect(failure).rejects.toBeInstanceOf(PartialAppendError);
      await expect(failure).rejects.toMatchObject({
        appended: ['lead-1'],
        refusedStreamId: 'client-1',
        cause: expect.any(WrongExpectedRevisionError),
      });
      expect((await store.readStream('lead-1')).map((e) => e.type)).toEqual(['Converted']);
      expect((await store.readStream('client-1')).map((e) => e.type)).toEqual(['WonElsewhere']);
      expect(store.capabilities.atomicMultiStreamAppend).toBe(false);
    });
  });

  it('reads streams by revision range, an unknown stream as empty', async () => {
    await store.append(
      'client-1',
      ids.slice(0, 6).map((id, index) => event(`E${index}`, id)),
      { expectedRevision: 'no_stream' },
    );
    const types = async (options: { fromRevision?: number; toRevision?: number }) =>
      (await store.readStream('client-1', options)).map((e) => e.type);
    expect(await types({ fromRevision: 2, toRevision: 3 })).toEqual(['E2', 'E3']);
    expect(await types({ fromRevision: 5, toRevision: 99 })).toEqual(['E5']);
    expect(await types({ fromRevision: 3, toRevision: 2 })).toEqual([]);
    expect(await store.readStream('unknown')).toEqual([]);
    expect(await store.streamRevision('unknown')).toBeUndefined();
  });

  it('reads $all without system events, after a position, up to one, by type, a page at a time, and for a fold', async () => {
    expect(await store.headPosition()).toBe(0);
    client.systemEvent();
    await store.append('a', [event('Kept', ids[0]!), event('Skipped', ids[1]!)], { expectedRevision: 'no_stream' });
    client.systemEvent();
    await store.append('b', [event('Kept', ids[2]!, { n: 3 }), event('Other', ids[3]!)], { expectedRevision: 'no_stream' });
    client.systemEvent();
    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['Kept', 'Skipped', 'Kept', 'Other']);
    expect(await store.headPosition()).toBe(all[3]!.position);
    expect((await store.readAll({ after: all[0]!.position, limit: 2 })).map((e) => e.position)).toEqual([
      all[1]!.position,
      all[2]!.position,
    ]);
    expect((await store.readAll({ upToPosition: all[2]!.position })).map((e) => e.type)).toEqual(['Kept', 'Skipped', 'Kept']);
    expect((await store.readAll({ types: ['Kept', 'Other'], after: all[0]!.position })).map((e) => e.type)).toEqual(['Kept', 'Other']);
    expect(await store.readAll({ types: ['Kept'], forFold: true, limit: 1, after: all[1]!.position })).toEqual([toFoldedEvent(all[2]!)]);
    expect(await store.readAll({ limit: 0 })).toEqual([]);
    expect(client.openReads).toBe(0);
  });

  it('subscribes from a position: the history after it, then live appends, without system events, until unsubscribed or closed', async () => {
    await store.append('a', [event('Old', ids[0]!), event('From', ids[1]!)], { expectedRevision: 'no_stream' });
    const [, from] = await store.readStream('a');
    const received: RecordedEvent[] = [];
    let completed = false;
    store.subscribe({ after: from!.position }).subscribe({ next: (e) => received.push(e), complete: () => (completed = true) });
    const live = firstValueFrom(store.subscribe({ after: from!.position }).pipe(take(2), toArray()));
    client.systemEvent();
    await store.append('b', [event('New1', ids[2]!)], { expectedRevision: 'no_stream' });
    client.systemEvent();
    await store.append('b', [event('New2', ids[3]!)], { expectedRevision: 0 });
    expect((await live).map((e) => e.type)).toEqual(['New1', 'New2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.map((e) => e.type)).toEqual(['New1', 'New2']);
    await store.close();
    expect(completed).toBe(true);
    expect(client.liveSubscriptions).toBe(0);
  });

  it('says the hash chain is not kept, rather than answer intact', async () => {
    await expect(store.verifyChain()).rejects.toBeInstanceOf(ChainNotStoredError);
  });

  it('refuses a copied log, which it could not keep as recorded, storing nothing', async () => {
    const copied = {
      ...event('A', ids[0]!),
      streamId: 'a',
      revision: 0,
      position: 1,
      recordedAt: '2024-03-01T10:00:00.000Z',
      hash: '0'.repeat(64),
    };
    await expect(store.appendCopiedEvents([copied])).rejects.toThrow(CopyRefusedError);
    await expect(store.appendCopiedEvents([copied])).rejects.toThrow(/EventStoreDB assigns positions and record times itself/);
    expect(await store.readAll()).toEqual([]);
  });

  it('fails to connect with one clear error when nothing answers, the password hidden', async () => {
    // The real client, against a port where nothing listens: gRPC's UNAVAILABLE, normalised.
    const failure = EventStoreDbEventStore.connect({ url: 'esdb://admin:secret@127.0.0.1:1?tls=false', probeTimeoutMs: 20_000 });
    await expect(failure).rejects.toBeInstanceOf(EventStoreDbUnavailableError);
    await expect(failure).rejects.toThrow(
      /^cannot reach EventStoreDB at esdb:\/\/admin:\*\*\*@127\.0\.0\.1:1\?tls=false: .*check EVENTSTORE_URL/,
    );
    await expect(EventStoreDbEventStore.connect({ url: 'postgresql://x' })).rejects.toThrow(
      /cannot use the EventStoreDB connection string/,
    );
  });
});

interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly data: string;
  readonly metadata: string;
  readonly created: Date;
}

/** The few calls the adapter makes, answered as the server does (see the describe above). */
class FakeClient {
  private readonly log: StoredRecord[] = [];
  private next = 1_024n;
  private readonly subscribers = new Set<(record: StoredRecord) => void>();
  appends = 0;
  openReads = 0;
  /** Called as an append arrives, before it is judged: a test's other writer slips in here. */
  beforeAppend: ((streamId: string) => void) | undefined;

  get liveSubscriptions(): number {
    return this.subscribers.size;
  }

  systemEvent(): void {
    this.write('$stats-127.0.0.1:2113', {
      id: uuidv5(String(this.next), LEDGER_EVENT_ID_NAMESPACE),
      type: '$statsCollected',
      data: {},
      metadata: undefined,
    });
  }

  async appendToStream(
    streamId: string,
    events: EventData[],
    { expectedRevision }: { expectedRevision: bigint | 'any' | 'no_stream' },
  ): Promise<ClientAppendResult> {
    this.beforeAppend?.(streamId);
    this.appends += 1;
    const stream = this.log.filter((record) => record.streamId === streamId);
    const current = stream.length - 1;
    const wrong = () =>
      new WrongExpectedVersionError(undefined, {
        streamName: streamId,
        expected: expectedRevision,
        current: current < 0 ? 'no_stream' : BigInt(current),
      });
    const stored = (id: string) => stream.find((record) => record.id === id);
    if (expectedRevision === 'any') {
      if (stored(events[0]!.id)) {
        if (!events.every((e) => stored(e.id))) throw wrong();
        return { success: true, nextExpectedRevision: stored(events.at(-1)!.id)!.revision };
      }
    } else {
      const expected = expectedRevision === 'no_stream' ? -1 : Number(expectedRevision);
      if (expected < current) {
        const same = events.every((e, index) => stream[expected + 1 + index]?.id === e.id);
        if (!same) throw wrong();
        return { success: true, nextExpectedRevision: BigInt(expected + events.length) };
      }
      if (expected !== current) throw wrong();
    }
    for (const e of events) this.write(streamId, e);
    return { success: true, nextExpectedRevision: BigInt(current + events.length) };
  }

  readStream(
    streamId: string,
    options: { fromRevision?: bigint | 'start' | 'end'; direction?: string; maxCount?: number },
  ): AsyncIterable<ResolvedEvent> {
    const stream = this.log.filter((record) => record.streamId === streamId);
    const backwards = options.direction === 'backwards';
    const from =
      options.fromRevision === undefined || options.fromRevision === 'start'
        ? 0
        : options.fromRevision === 'end'
          ? stream.length - 1
          : Number(options.fromRevision);
    const selected = backwards ? stream.slice(0, from + 1).reverse() : stream.slice(from);
    const events = selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER).map((record) => ({ event: this.recorded(record) }));
    return this.read(events, stream.length === 0 ? new StreamNotFoundError(undefined, streamId) : undefined);
  }

  readAll(options: {
    fromPosition?: 'start' | 'end' | { commit: bigint };
    direction?: string;
  }): AsyncIterable<AllStreamResolvedEvent> & { cancel(): Promise<void> } {
    const from = options.fromPosition;
    const selected =
      options.direction === 'backwards'
        ? this.log
            .filter((record) => from === 'end' || from === undefined || typeof from === 'string' || record.position < from.commit)
            .reverse()
        : this.log.filter((record) => typeof from !== 'object' || record.position >= from.commit);
    return this.read(
      selected.map((record) => ({ event: this.recorded(record), commitPosition: record.position }) as AllStreamResolvedEvent),
    );
  }

  subscribeToAll(options: {
    fromPosition: 'start' | { commit: bigint };
    filter: { regex: string };
  }): EventEmitter & { unsubscribe(): Promise<void> } {
    const emitter = new EventEmitter() as EventEmitter & { unsubscribe(): Promise<void> };
    const regex = new RegExp(options.filter.regex);
    const deliver = (record: StoredRecord) => {
      if (regex.test(record.type)) emitter.emit('data', { event: this.recorded(record), commitPosition: record.position });
    };
    const from = options.fromPosition;
    // Inclusive of the start position, to show the adapter drops what it has already seen.
    setImmediate(() => this.log.filter((record) => typeof from !== 'object' || record.position >= from.commit).forEach(deliver));
    const live = (record: StoredRecord) => setImmediate(() => deliver(record));
    this.subscribers.add(live);
    emitter.unsubscribe = async () => {
      this.subscribers.delete(live);
    };
    return emitter;
  }

  async dispose(): Promise<void> {}

  private write(streamId: string, event: Pick<EventData, 'id' | 'type' | 'data' | 'metadata'>): void {
    const revision = BigInt(this.log.filter((record) => record.streamId === streamId).length);
    const data = JSON.stringify(event.data);
    const record: StoredRecord = {
      streamId,
      id: event.id,
      type: event.type,
      revision,
      position: this.next,
      data,
      metadata: JSON.stringify(event.metadata ?? null),
      created: new Date(),
    };
    this.next += 120n + BigInt(data.length);
    this.log.push(record);
    for (const subscriber of this.subscribers) subscriber(record);
  }

  private recorded(record: StoredRecord): ClientRecordedEvent {
    const metadata = JSON.parse(record.metadata) as unknown;
    return {
      streamId: record.streamId,
      id: record.id,
      isJson: true,
      revision: record.revision,
      type: record.type,
      created: record.created,
      data: JSON.parse(record.data) as never,
      metadata: (metadata ?? undefined) as never,
      position: { commit: record.position, prepare: record.position },
    } as ClientRecordedEvent;
  }

  private read<E>(events: E[], failure?: Error): AsyncIterable<E> & { cancel(): Promise<void> } {
    this.openReads += 1;
    let open = true;
    const close = () => {
      if (open) this.openReads -= 1;
      open = false;
    };
    return {
      cancel: async () => close(),
      [Symbol.asyncIterator]: async function* () {
        try {
          if (failure) throw failure;
          yield* events;
        } finally {
          close();
        }
      },
    };
  }
}
