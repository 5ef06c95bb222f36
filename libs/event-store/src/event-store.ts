import type { Observable } from 'rxjs';

/** Who caused an event: a person acting in a role, or a named policy. */
export type Actor =
  { readonly type: 'user'; readonly id: string; readonly role: string | null } | { readonly type: 'policy'; readonly name: string };

export interface EventMetadata {
  readonly actor: Actor;
  /** Shared by every event that one outside request led to. */
  readonly correlationId: string;
  /** The id of the command or event that directly caused this one. */
  readonly causationId: string;
  /** When a policy acted: the rule it applied and that rule's parameters then. */
  readonly rule?: PolicyRule;
}

/** A policy's rule as recorded on what it caused, e.g. { name: 'handoff-after-reorders', parameters: { reorders: 3 } }. */
export interface PolicyRule {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
}

/** An event as the caller hands it over for appending. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** Business time: when it happened in the world (ISO 8601, UTC). */
  readonly occurredAt: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** An event as stored: the new event plus where and when the ledger recorded it. */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  /** 0 for a stream's first event, then +1 each. */
  readonly revision: number;
  /** Order in the whole log, from 1; never reused. */
  readonly position: number;
  /** Record time: when the ledger stored it (ISO 8601, UTC). */
  readonly recordedAt: string;
}

/** An event exactly as a store recorded it, with the chain hash stored beside it: what a copy of the log carries. */
export interface ChainedEvent extends RecordedEvent {
  /** SHA-256 hex of the previous event's hash and this event's canonical content (event-chain.ts). */
  readonly hash: string;
}

/**
 * What a fold over the whole log (a projection) reads: where, what and when,
 * without ids, record time and metadata. Reading only these costs a third of
 * reading whole recorded events, which matters over millions of them.
 */
export type FoldedEvent = Pick<RecordedEvent, 'position' | 'type' | 'schemaVersion' | 'occurredAt' | 'recordedAt' | 'data'>;

/** The revision of the stream's last event, or a claim about its existence. */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

/** One append of a batch: a stream, its events and the revision expected. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  readonly revision: number;
  /** Global position of the last event appended. */
  readonly position: number;
  /** Revision and position of every event appended, in order. */
  readonly events: ReadonlyArray<{ readonly eventId: string; readonly revision: number; readonly position: number }>;
}

export interface ReadStreamOptions {
  readonly fromRevision?: number;
  /** Inclusive. */
  readonly toRevision?: number;
}

export interface ReadAllOptions {
  /** Only events with a position above this one (0 = from the start). */
  readonly after?: number;
  readonly limit?: number;
  /**
   * Only events whose business time (occurredAt) is at or before this ISO 8601 UTC
   * time, still in global order: the log "as of" a business moment.
   */
  readonly occurredUpTo?: string;
  /**
   * Only events recorded (recordedAt) at or before this ISO 8601 UTC time: the log
   * as the ledger knew it then, so history imported later does not change it.
   */
  readonly recordedUpTo?: string;
  /** Only events at or below this position: a read bounded by a head taken before it. */
  readonly upToPosition?: number;
  /** Only events of these types (a fold that handles a few types skips the others unread). */
  readonly types?: readonly string[];
  /** Only the events of this one stream, still in global order (read through the stream's index). */
  readonly streamId?: string;
  /** Only events whose business time (occurredAt) is at or after this ISO 8601 UTC time. */
  readonly occurredFrom?: string;
  /** Only events recorded (recordedAt) at or after this ISO 8601 UTC time. */
  readonly recordedFrom?: string;
}

/**
 * What walking the hash chain over the whole log found (see event-chain.ts):
 * intact up to the head, or the first position where it breaks.
 */
export type ChainVerification =
  | {
      readonly intact: true;
      /** The head position when the walk began; 0 for an empty log. */
      readonly verifiedUpTo: number;
      /** How many events were verified. */
      readonly events: number;
    }
  | {
      readonly intact: false;
      /** The last position whose event and link are good; 0 when the very first breaks. */
      readonly verifiedUpTo: number;
      /** The first position where the chain breaks (an altered event, or a missing one). */
      readonly brokenAt: number;
      /** What is wrong there, in words. */
      readonly reason: string;
    };

export interface SubscribeOptions {
  /** Catch up from the events after this position, then follow live appends. */
  readonly after?: number;
}

/**
 * What a store guarantees beyond the common port. The SQL stores keep all
 * three; EventStoreDB assigns positions and record times itself as it writes,
 * so it cannot. The contract suite checks each promise a store makes, and the
 * ledger reads them where they change an answer (lag, verification).
 */
export interface EventStoreCapabilities {
  /** Positions run 1, 2, 3… with no gap, so head − checkpoint counts events. Otherwise they only grow. */
  readonly densePositions: boolean;
  /** An event id once used is refused anywhere in the log. Otherwise only a repeat the store itself recognises (EventStoreDB: in the same stream, where the expected revision points or among recent appends) is caught. */
  readonly eventIdsUniqueAcrossLog: boolean;
  /** Each event stores a hash chained to the previous one, which verifyChain walks. */
  readonly hashChain: boolean;
  /**
   * appendAtomically stores all of its streams or none, even against a concurrent writer.
   * Otherwise a refusal found before anything is written still stores nothing, but a
   * writer slipping in between two of its streams leaves the earlier ones appended
   * (PartialAppendError says which).
   */
  readonly atomicMultiStreamAppend: boolean;
}

/** What the SQL stores keep. */
export const FULL_CAPABILITIES: EventStoreCapabilities = {
  densePositions: true,
  eventIdsUniqueAcrossLog: true,
  hashChain: true,
  atomicMultiStreamAppend: true,
};

/**
 * How many events a reader at `checkpoint` is behind the head. Where positions
 * are not dense the difference is not a count: 0 once caught up, else null
 * (unknown without reading the rest of the log).
 */
export function eventsBehind(head: number, checkpoint: number, capabilities: EventStoreCapabilities): number | null {
  if (checkpoint >= head) return 0;
  return capabilities.densePositions ? head - checkpoint : null;
}

/**
 * The port every event store adapter implements; one contract suite
 * (testing/event-store-contract.ts) pins its behaviour for all of them.
 */
export interface EventStore {
  readonly capabilities: EventStoreCapabilities;
  /**
   * Appends atomically. Appending events whose ids are already stored, in the
   * same stream and order, changes nothing and answers the first result.
   * Throws WrongExpectedRevisionError or DuplicateEventIdError.
   */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Many appends, in order, each judged alone as `append` judges it (its own
   * revision check; a refused one changes nothing), answered one outcome each.
   * A store may commit the accepted ones together, which is what makes bulk
   * imports fast; none is ever half-applied.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<PromiseSettledResult<AppendResult>[]>;
  /**
   * Appends to several streams as one, in order: each request is judged as `append`
   * judges it (its own expected revision; a repeat of a stored append answers that
   * append's result and appends nothing), and either every request is stored or none
   * is. Answers one result each; throws the first refusal (WrongExpectedRevisionError,
   * DuplicateEventIdError) having stored nothing. What one command decides on several
   * streams goes through here, so no stream keeps a decision another stream refused.
   * See capabilities.atomicMultiStreamAppend for a store that cannot promise this.
   */
  appendAtomically(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /** Oldest first; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current revision, or undefined when it has no event. */
  streamRevision(streamId: string): Promise<number | undefined>;
  /** In global order. */
  readAll(options?: ReadAllOptions & { readonly forFold?: false }): Promise<RecordedEvent[]>;
  /** In global order, only what a fold reads. */
  readAll(options: ReadAllOptions & { readonly forFold: true }): Promise<FoldedEvent[]>;
  /** Position of the newest event, 0 for an empty log. */
  headPosition(): Promise<number>;
  /** Catches up, then follows new appends: every event once, in global order, no gap. */
  subscribe(options?: SubscribeOptions): Observable<RecordedEvent>;
  /**
   * Walks the hash chain from the first event to the head (taken when the walk
   * begins), a page at a time, recomputing every event's hash from what is read.
   */
  verifyChain(): Promise<ChainVerification>;
  /**
   * Only for moving a ledger to another store: keeps events exactly as another store recorded
   * them (ids, positions, revisions, record times, metadata), into a log that is empty or holds
   * the start of the same copy. The first event must continue this log's head, each must hash
   * from this log's chain to the hash it carries, and a call is stored whole or not at all.
   * Throws CopyRefusedError (the batch does not continue the head), CopiedHashMismatchError
   * (naming the position whose hash differs), or, where positions and record times cannot be
   * kept (EventStoreDB), CopyRefusedError always.
   */
  appendCopiedEvents(events: readonly ChainedEvent[]): Promise<void>;
  /**
   * Hands the listener what this store object appends, once committed: each event's position and
   * the canonical content its hash covers (what the Merkle tree hashes, which it would otherwise
   * read back and write again). Answers a function that stops it. A store that cannot leaves it out.
   */
  followAppendedContents?(listener: (appended: readonly AppendedContent[]) => void): () => void;
  close(): Promise<void>;
}

/** An event this process appended: its position and its canonical content (event-chain.ts). */
export interface AppendedContent {
  readonly position: number;
  readonly content: string;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | undefined,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, but it is ${actual === undefined ? 'absent' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Refuses an append whose expected revision the stream's current one (undefined: absent) does not meet. */
export function requireExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | undefined): void {
  const matches = expected === 'any' || (expected === 'no_stream' ? current === undefined : current === expected);
  if (!matches) throw new WrongExpectedRevisionError(streamId, expected, current);
}

/** Event ids are unique across the log; reusing one for other content is refused. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} is already used by another event`);
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * An appendAtomically that a store without atomic multi-stream appends could not
 * finish: the streams in `appended` were stored before `cause` refused a later one.
 * Never thrown by a store whose capabilities say atomicMultiStreamAppend.
 */
export class PartialAppendError extends Error {
  constructor(
    readonly appended: readonly string[],
    readonly refusedStreamId: string,
    cause: unknown,
  ) {
    super(
      `appended to ${appended.join(', ')}, then ${refusedStreamId} was refused (${cause instanceof Error ? cause.message : String(cause)}); the append is not atomic on this store`,
      { cause },
    );
    this.name = 'PartialAppendError';
  }
}

/** A copy of another log that this store will not keep as it is: it does not continue the head, or the store cannot keep positions. */
export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

/** A copied event that does not hash, from the copy's chain so far, to the hash its source stored. */
export class CopiedHashMismatchError extends Error {
  constructor(
    readonly position: number,
    readonly storedHash: string,
    readonly recomputedHash: string,
  ) {
    super(
      `the event at position ${position} does not hash to what its source stored (source ${storedHash}, copy ${recomputedHash}): ` +
        'the copy stops before it, nothing of its batch kept',
    );
    this.name = 'CopiedHashMismatchError';
  }
}
