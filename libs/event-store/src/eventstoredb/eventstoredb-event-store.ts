import type { AllStreamResolvedEvent, EventStoreDBClient, Filter, ReadAllOptions as ClientReadAllOptions } from '@eventstore/db-client';
import { Observable } from 'rxjs';

import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type ChainedEvent,
  type ChainVerification,
  CopyRefusedError,
  DuplicateEventIdError,
  type EventStore,
  type EventStoreCapabilities,
  type FoldedEvent,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '../event-store';
import { failedAppendError, isStreamNotFoundError, isUnavailableError, toAppendError } from './eventstoredb-errors';
import {
  appendedRevisions,
  appendResultOf,
  firstRepeatedEventId,
  fromResolvedEvent,
  isSystemEvent,
  positionOfResolved,
  readAllVerdict,
  redactConnectionString,
  serverEventTypeFilter,
  toClientExpectedRevision,
  toEventData,
  toFoldedEvent,
  toReadPosition,
  toRevision,
} from './eventstoredb-mapping';
import { consume, withTimeout } from './eventstoredb-reads';
import { appendStreamsInTurn } from './eventstoredb-streams-in-turn';

export { NotALedgerEventError } from './eventstoredb-mapping';

/**
 * The part of the official client this adapter calls. `EventStoreDBClient`
 * of `@eventstore/db-client` 6.x is one; `KurrentDBClient` of
 * `@kurrent/kurrentdb-client` 1.x has the same methods with the same shapes
 * (see eventstoredb-mapping.ts on switching). Tests may hand in a fake.
 */
/**
 * A read of $all with a server-side filter: @kurrent/kurrentdb-client applies it;
 * @eventstore/db-client 6.x, whose reads take no filter, ignores it.
 */
type FilteredReadAllOptions = ClientReadAllOptions & { readonly filter?: Filter };

export type EventStoreDbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbEventStoreOptions {
  /**
   * The connection string, e.g. `esdb://localhost:2113?tls=false` for an
   * insecure local node, or `esdb://admin:changeit@host:2113` for a secure one
   * (reading $all needs a user allowed to read it, admin by default).
   */
  readonly url: string;
  /** Check at connect that the server answers (default true); a store that cannot be reached fails then, not on its first use. */
  readonly probe?: boolean;
  /** How long that check may take (default 10 s). */
  readonly probeTimeoutMs?: number;
}

/** The server could not be reached or the connection string is unusable: the message says what to check, in one line. */
export class EventStoreDbUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreDbUnavailableError';
  }
}

/** verifyChain on a store that keeps no hash chain. */
export class ChainNotStoredError extends Error {
  constructor() {
    super(
      'the hash chain is not kept in EventStoreDB mode: the server assigns positions and record times only as it writes, so no hash over them can be stored with an event; ' +
        "tamper evidence here rests on the server's append-only log and its access control. Use the sqlite or postgres store for a verifiable chain",
    );
    this.name = 'ChainNotStoredError';
  }
}

/**
 * The ledger on an EventStoreDB server (20.10 or later; 22.6 or later for
 * positions on stream reads, which appends and readStream need), through the
 * official client. All translation is in eventstoredb-mapping.ts.
 *
 * - Streams map one to one; revisions are the server's stream revisions.
 * - Concurrency is the server's: the expected revision goes with the append
 *   ('no_stream' → NO_STREAM, 'any' → ANY, n → n) and its
 *   WrongExpectedVersionError becomes WrongExpectedRevisionError.
 * - Idempotency is the server's: an event's id is the server's event id, and
 *   the server answers a repeat of an append it has already done with that
 *   append's revisions, appending nothing. The AppendResult is then read back
 *   from those revisions, so a repeat answers the first result, as the port
 *   wants. Where the server's idempotency is weaker than the port's promise:
 *   it is per stream (an event id already used in ANOTHER stream is not
 *   refused, it is appended), it only looks where the expected revision points
 *   (a batch that reuses a stored id under an expected revision that matches
 *   the stream's current one is appended: only events at the expected
 *   revision's place are compared), and for 'any' it looks ids up in a cache
 *   of recent events (an old batch repeated with 'any' can be appended again).
 *   With 'any', a repeat in another order or in part is refused with
 *   DuplicateEventIdError; with a revision or 'no_stream', one at the expected
 *   place is refused as WrongExpectedRevisionError (the server answers it as
 *   it answers a stale revision). A batch carrying one id twice is refused
 *   here, before the server sees it.
 * - Positions are commit positions in $all: unique, growing, NOT dense (see
 *   eventstoredb-mapping.ts). readAll, headPosition and subscribe read $all
 *   with a server-side event type filter that leaves out system events (`$`
 *   types) or keeps only the asked types; what arrives is filtered again here
 *   (system events and `$` streams dropped), as @eventstore/db-client 6.x
 *   applies a filter only to subscriptions, not to reads.
 * - Business time, schema version and metadata travel in the event's metadata
 *   JSON; the record time is the server's `created`.
 * - appendMany runs the appends one after another, each judged alone: the
 *   server commits one stream per append, so there is no batch to share.
 * - appendAtomically cannot be atomic over several streams, for the same reason:
 *   every stream is judged before any is written, then they are appended in
 *   turn; a writer slipping in between leaves the earlier ones stored and says
 *   so (PartialAppendError). See eventstoredb-streams-in-turn.ts.
 * - verifyChain: see there. The hash chain is not kept.
 *
 * Other writers may use the same database: their events are read as ledger
 * events only if they carry ledger metadata, else reading them throws
 * NotALedgerEventError. Give the ledger a database of its own.
 */
export class EventStoreDbEventStore implements EventStore {
  /** Commit positions are not dense, idempotency is per stream, no hash chain is kept, and no append spans streams atomically (see above). */
  readonly capabilities: EventStoreCapabilities = {
    densePositions: false,
    eventIdsUniqueAcrossLog: false,
    hashChain: false,
    atomicMultiStreamAppend: false,
  };
  private closed = false;
  private readonly liveSubscriptions = new Set<() => void>();

  constructor(private readonly client: EventStoreDbClient) {}

  /** Makes the client from the connection string (`EventStoreDBClient.connectionString`), then checks the server answers. */
  static async connect(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const where = redactConnectionString(options.url);
    let client: EventStoreDbClient;
    try {
      // Loaded here, not at import: the client brings gRPC and protobuf, which the other stores never need.
      const { EventStoreDBClient } = await import('@eventstore/db-client');
      client = EventStoreDBClient.connectionString(options.url);
    } catch (error) {
      throw new EventStoreDbUnavailableError(`cannot use the EventStoreDB connection string ${where}: ${reasonOf(error)}`);
    }
    const store = new EventStoreDbEventStore(client);
    if (options.probe === false) return store;
    try {
      await withTimeout(store.headPosition(), options.probeTimeoutMs ?? 10_000, 'no answer in time');
    } catch (error) {
      await client.dispose().catch(() => undefined);
      const unreachable = isUnavailableError(error) ? 'the server is unavailable' : reasonOf(error);
      throw new EventStoreDbUnavailableError(
        `cannot reach EventStoreDB at ${where}: ${unreachable}; check EVENTSTORE_URL and that the server runs`,
      );
    }
    return store;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const repeated = firstRepeatedEventId(events);
    if (repeated !== undefined) throw new DuplicateEventIdError(repeated);
    const expectedRevision = toClientExpectedRevision(options.expectedRevision);

    let result;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision });
    } catch (error) {
      throw toAppendError(error, streamId, options.expectedRevision, events);
    }
    if (!result.success) throw failedAppendError(result, streamId, options.expectedRevision);

    // The server answers the last revision (its own earlier one for a repeat); where and when each event landed is read back.
    const { from, to } = appendedRevisions(result, events.length);
    const stored = from < 0 ? [] : await this.readStream(streamId, { fromRevision: from, toRevision: to });
    return appendResultOf(events, stored);
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]> {
    const outcomes: PromiseSettledResult<AppendResult>[] = [];
    for (const request of requests) {
      try {
        outcomes.push({ status: 'fulfilled', value: await this.append(request.streamId, request.events, request.options) });
      } catch (reason) {
        outcomes.push({ status: 'rejected', reason });
      }
    }
    return outcomes;
  }

  /** Not atomic: each stream is judged first, then appended in turn (see appendStreamsInTurn and capabilities). */
  appendAtomically(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return appendStreamsInTurn(this, requests);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision;
    if (to !== undefined && to < from) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: BigInt(from),
        direction: 'forwards',
        ...(to === undefined ? {} : { maxCount: to - from + 1 }),
      });
      for await (const resolved of read) {
        const event = fromResolvedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFoundError(error)) return [];
      throw error;
    }
    return events;
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    try {
      const read = this.client.readStream(streamId, { fromRevision: 'end', direction: 'backwards', maxCount: 1 });
      for await (const resolved of read) {
        if (resolved.event) return toRevision(resolved.event.revision);
      }
    } catch (error) {
      if (isStreamNotFoundError(error)) return undefined;
      throw error;
    }
    return undefined;
  }

  readAll(options?: ReadAllOptions & { readonly forFold?: false }): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions & { readonly forFold: true }): Promise<FoldedEvent[]>;
  async readAll(options: ReadAllOptions & { readonly forFold?: boolean } = {}): Promise<FoldedEvent[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const taken: RecordedEvent[] = [];
    if (limit <= 0) return taken;
    const after = options.after ?? 0;
    // One read from `after` to the end of the log; left early (and cancelled) once the limit or upToPosition is reached.
    const request: FilteredReadAllOptions = {
      fromPosition: toReadPosition(after),
      direction: 'forwards',
      filter: serverEventTypeFilter(options.types),
    };
    await consume(this.client.readAll(request), (resolved) => {
      const event = fromResolvedEvent(resolved);
      if (event === undefined) return true;
      const verdict = readAllVerdict(event, options);
      if (verdict === 'stop') return false;
      if (verdict === 'take') taken.push(event);
      return taken.length < limit;
    });
    return options.forFold === true ? taken.map(toFoldedEvent) : taken;
  }

  /** The position of the newest ledger event: $all read backwards to the first event that is not a system event. */
  async headPosition(): Promise<number> {
    let head = 0;
    const request: FilteredReadAllOptions = {
      fromPosition: 'end',
      direction: 'backwards',
      filter: serverEventTypeFilter(),
    };
    await consume(this.client.readAll(request), (resolved) => {
      if (resolved.event === undefined || isSystemEvent(resolved.event)) return true;
      head = positionOfResolved(resolved) ?? 0;
      return false;
    });
    return head;
  }

  /**
   * Always rejects with ChainNotStoredError: in this mode the ledger keeps no
   * hash chain, and this says so rather than answer `intact`.
   *
   * The chain of the SQL stores hashes each event together with its position
   * and record time and stores the hash in the same transaction. Here the
   * server assigns both only as it writes, an event cannot be changed after,
   * and appends from several processes are not serialised through the
   * adapter, so there is no hash to store with an event and no previous hash
   * to chain it to. Walking $all and hashing what is read would only show that
   * the read agrees with itself, and ChainWalker's "no missing position" check
   * does not apply to positions that are not dense. What EventStoreDB offers
   * instead is an append-only log (events are never updated; deletes and
   * scavenges are explicit, audited operations) behind its access control.
   */
  async verifyChain(): Promise<ChainVerification> {
    throw new ChainNotStoredError();
  }

  /** The server assigns positions and record times as it writes, and keeps no hash chain: a copy could not be the same chain. */
  async appendCopiedEvents(_events: readonly ChainedEvent[]): Promise<void> {
    throw new CopyRefusedError(
      'EventStoreDB assigns positions and record times itself and keeps no hash chain: a copied log cannot be kept as recorded; copy it to SQLite or PostgreSQL',
    );
  }

  /**
   * A catch-up subscription to $all from `after`, with the server-side filter
   * that leaves out system events: the server delivers the history, then live
   * events, in $all order, each once. An event at or before the last one
   * delivered is dropped, so a read that starts at `after` itself (inclusive)
   * cannot repeat it. If the server ends the subscription, the observable errors.
   */
  subscribe(options: SubscribeOptions = {}): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      let last = options.after ?? 0;
      let stopped = false;
      const subscription = this.client.subscribeToAll({ fromPosition: toReadPosition(last), filter: serverEventTypeFilter() });
      const stop = () => {
        if (stopped) return;
        stopped = true;
        this.liveSubscriptions.delete(completeOnClose);
        subscription.unsubscribe().catch(() => undefined);
      };
      const fail = (error: unknown) => {
        if (stopped) return;
        stop();
        subscriber.error(error);
      };
      const completeOnClose = () => {
        stop();
        subscriber.complete();
      };
      this.liveSubscriptions.add(completeOnClose);

      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        if (stopped) return;
        try {
          const event = fromResolvedEvent(resolved);
          if (event === undefined || event.position <= last) return;
          last = event.position;
          subscriber.next(event);
        } catch (error) {
          fail(error);
        }
      });
      subscription.on('error', (error: Error) => fail(error));
      subscription.on('end', () => fail(new Error('the EventStoreDB subscription to $all was ended by the server')));
      return stop;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const complete of [...this.liveSubscriptions]) complete();
    await this.client.dispose();
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
