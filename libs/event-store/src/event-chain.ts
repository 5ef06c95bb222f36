import * as crypto from 'node:crypto';

import type { AppendResult, ChainVerification, NewEvent, RecordedEvent } from './event-store';

/**
 * Tamper evidence for the log, in pure functions every adapter shares.
 *
 * Each event stores hash = SHA-256(previous event's hash, then its canonical
 * content), as lowercase hex; the first event chains from GENESIS_HASH. The
 * canonical content is the event exactly as readAll returns it (position,
 * eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt,
 * data, metadata) as canonical JSON: object keys sorted by UTF-16 code unit,
 * no whitespace, strings and numbers written as JSON.stringify writes them
 * (the scheme of RFC 8785, JCS). So a verifier recomputes every hash from
 * what it reads, whatever key order or spacing the database keeps.
 */

/** What the first event chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON of a value: what JSON.stringify would write, with every
 * object's keys sorted. Values JSON cannot carry follow JSON.stringify's rules
 * (an undefined property is left out, in an array it is null; toJSON is used),
 * so an event hashes the same before it is stored as after it is read back.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

/** A string as JSON.stringify writes it; one with nothing to escape (the usual case) is written as is, which is much cheaper. */
function writeString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A control character, a quote, a backslash or a surrogate (a lone one is escaped): JSON.stringify knows how.
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/**
 * A key as written before its value (`"key":`): the keys of events are few and come back on every
 * event, so each is scanned and written once. The cache keeps short keys only, and stops growing at a
 * bound (some 2 MB), for data whose keys are values of their own.
 */
const keyPrefixes = new Map<string, string>();
const KEY_PREFIXES_KEPT = 10_000;
const KEY_KEPT_UP_TO = 64;

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = writeString(key) + ':';
    if (key.length <= KEY_KEPT_UP_TO && keyPrefixes.size < KEY_PREFIXES_KEPT) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

/** Sorts in place by UTF-16 code unit, as Array.prototype.sort does; insertion sort is quicker for the few keys of an event's objects. */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      // Number-to-string is JSON's own; -0 reads back as 0 and writes as "0" either way.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) text += `${i === 0 ? '' : ','}${write(value[i]) ?? 'null'}`;
        return `${text}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      // A Date, a class instance, a boxed value, anything with toJSON: as JSON.stringify sees it, then canonical.
      if ((prototype !== Object.prototype && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        const json = JSON.stringify(value);
        return json === undefined ? undefined : write(JSON.parse(json));
      }
      const record = value as Record<string, unknown>;
      let text = '';
      for (const key of sortKeys(Object.keys(record))) {
        const written = write(record[key]);
        if (written !== undefined) text += (text === '' ? '' : ',') + keyPrefix(key) + written;
      }
      return '{' + text + '}';
    }
    case 'bigint':
      throw new TypeError('canonicalJson: a BigInt has no JSON form');
    default:
      // undefined, a function, a symbol: left out, as JSON.stringify does.
      return undefined;
  }
}

/** The fields of a recorded event that its hash covers: all that readAll returns. */
export type ChainedContent = Pick<
  RecordedEvent,
  'position' | 'eventId' | 'streamId' | 'revision' | 'type' | 'schemaVersion' | 'occurredAt' | 'recordedAt' | 'data' | 'metadata'
>;

/**
 * The canonical JSON of the event's content: canonicalJson of an object of
 * exactly these ten fields, written out in their sorted order (it runs on every append).
 */
export function canonicalEventContent(event: ChainedContent): string {
  return contentWith(event, write(event.data), write(event.metadata));
}

/** The canonical content around data and metadata already written as canonical JSON (undefined: left out). */
function contentWith(event: ChainedContent, data: string | undefined, metadata: string | undefined): string {
  return joinedContent(piecesWith(event, data, metadata), data ?? '', metadata ?? '', event.position, event.revision);
}

/**
 * An event's canonical content cut where its data, metadata, position and revision go, for a store
 * that sends data and metadata once and learns position and revision only under its lock
 * (PostgreSQL's append function): content = beforeData, data, afterData, metadata, afterMetadata,
 * the position in decimal, beforeRevision, the revision in decimal, afterRevision.
 */
export interface ContentPieces {
  readonly data: string;
  readonly metadata: string;
  readonly beforeData: string;
  readonly afterData: string;
  readonly afterMetadata: string;
  readonly beforeRevision: string;
  readonly afterRevision: string;
}

export function contentPieces(event: Omit<ChainedContent, 'position' | 'revision'>): ContentPieces {
  const data = write(event.data);
  const metadata = write(event.metadata);
  if (data === undefined || metadata === undefined) throw new TypeError('an event needs data and metadata that JSON can carry');
  return { data, metadata, ...piecesWith(event, data, metadata) };
}

/** The text between the pieces, the one place the field order of the content is written; undefined data or metadata is left out. */
function piecesWith(
  event: Omit<ChainedContent, 'position' | 'revision'>,
  data: string | undefined,
  metadata: string | undefined,
): Omit<ContentPieces, 'data' | 'metadata'> {
  return {
    beforeData: data === undefined ? '{' : '{"data":',
    afterData: `${data === undefined ? '' : ','}"eventId":${writeString(event.eventId)}${metadata === undefined ? '' : ',"metadata":'}`,
    afterMetadata: `,"occurredAt":${writeString(event.occurredAt)},"position":`,
    beforeRevision: `,"recordedAt":${writeString(event.recordedAt)},"revision":`,
    afterRevision: `,"schemaVersion":${write(event.schemaVersion)},"streamId":${writeString(event.streamId)},"type":${writeString(event.type)}}`,
  };
}

function joinedContent(
  pieces: Omit<ContentPieces, 'data' | 'metadata'>,
  data: string,
  metadata: string,
  position: number,
  revision: number,
): string {
  const { beforeData, afterData, afterMetadata, beforeRevision, afterRevision } = pieces;
  return `${beforeData}${data}${afterData}${metadata}${afterMetadata}${write(position)}${beforeRevision}${write(revision)}${afterRevision}`;
}

// crypto.hash (Node 20.12+) costs half of createHash for a short text; older Nodes take the long way.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** SHA-256, lowercase hex, over the UTF-8 of the previous hash followed by the event's canonical content. */
export function chainHash(previousHash: string, event: ChainedContent): string {
  return sha256Hex(previousHash + canonicalEventContent(event));
}

/** An event about to be stored: its hash, its data and metadata as the JSON text to store, and the canonical content the hash covers. */
export interface ChainLink {
  readonly hash: string;
  readonly data: string;
  readonly metadata: string;
  readonly content: string;
}

/**
 * chainHash, and the data and metadata as text to store, each written once: the stored
 * text is their canonical JSON (sorted keys), which reads back to the same values, so the
 * append does not write every body twice (once for the hash, once for the row).
 */
export function chainLink(previousHash: string, event: ChainedContent): ChainLink {
  const pieces = contentPieces(event);
  const content = joinedContent(pieces, pieces.data, pieces.metadata, event.position, event.revision);
  return { hash: sha256Hex(previousHash + content), data: pieces.data, metadata: pieces.metadata, content };
}

/** An event row as both stores insert it: position, event id, stream, revision, type, schema version, business time, record time, data, metadata, hash. */
export type ChainedRow = [number, string, string, number, string, number, string, string, string, string, string];

/**
 * The rows of one append to a stream, each linked to the one before: its position and
 * revision follow the log's head and the stream's, its hash the previous event's.
 * Answers them with each one's canonical content and the hash of the last, the log's new head.
 */
export function chainedRows(
  events: readonly NewEvent[],
  at: {
    readonly streamId: string;
    readonly lastRevision: number;
    readonly headPosition: number;
    readonly headHash: string;
    readonly recordedAt: string;
  },
): { rows: ChainedRow[]; contents: string[]; lastHash: string } {
  const { streamId, recordedAt } = at;
  let previousHash = at.headHash;
  const contents: string[] = [];
  const rows = events.map((event, index): ChainedRow => {
    const position = at.headPosition + index + 1;
    const revision = at.lastRevision + index + 1;
    const { eventId, type, schemaVersion, occurredAt } = event;
    // The event as the log will hold it, the ten fields the hash covers: named one by one, as a spread of the
    // caller's object costs more than the rest of the link.
    const link = chainLink(previousHash, {
      position,
      eventId,
      streamId,
      revision,
      type,
      schemaVersion,
      occurredAt,
      recordedAt,
      data: event.data,
      metadata: event.metadata,
    });
    previousHash = link.hash;
    contents.push(link.content);
    return [position, eventId, streamId, revision, type, schemaVersion, occurredAt, recordedAt, link.data, link.metadata, link.hash];
  });
  return { rows, contents, lastHash: previousHash };
}

/** What an append answers: each event's id, revision and position, and the last's. */
export function appendResultOf(rows: readonly ChainedRow[]): AppendResult {
  const events = rows.map(([position, eventId, , revision]) => ({ eventId, revision, position }));
  const last = events.at(-1)!;
  return { revision: last.revision, position: last.position, events };
}

/**
 * Walks a log in position order and finds the first place where the chain
 * breaks: a missing position, an event without a hash, or an event that does
 * not hash to what is stored. Fed one stored event at a time, so a caller can
 * page through millions of them in bounded memory.
 */
export class ChainWalker {
  private previousHash = GENESIS_HASH;
  private previousPosition = 0;
  private events = 0;
  private broken: Extract<ChainVerification, { intact: false }> | undefined;
  /** A mismatch waiting for the next event, which tells an altered hash from altered content. */
  private mismatch: { position: number; recomputed: string } | undefined;

  /** The next event in position order and the hash stored with it. Returns false once the chain is broken: read no further. */
  next(event: ChainedContent, storedHash: string | null): boolean {
    if (this.broken) return false;
    if (this.mismatch) {
      this.explainMismatch(event, storedHash);
      return false;
    }
    const { position } = event;
    if (position !== this.previousPosition + 1) {
      const missing =
        this.previousPosition + 1 === position - 1
          ? `position ${this.previousPosition + 1} is`
          : `positions ${this.previousPosition + 1} to ${position - 1} are`;
      return this.breakAt(
        this.previousPosition + 1,
        `the chain link is broken: ${missing} missing, the log goes on at position ${position}`,
      );
    }
    if (storedHash === null) return this.breakAt(position, `the event at position ${position} carries no hash`);
    const recomputed = chainHash(this.previousHash, event);
    if (recomputed !== storedHash) {
      this.mismatch = { position, recomputed };
      return true;
    }
    this.previousHash = storedHash;
    this.previousPosition = position;
    this.events += 1;
    return true;
  }

  /** The verdict once every event was fed (or the walk stopped at a break). */
  finish(): ChainVerification {
    if (this.mismatch && !this.broken) this.explainMismatch(undefined, null);
    if (this.broken) return this.broken;
    return { intact: true, verifiedUpTo: this.previousPosition, events: this.events };
  }

  /**
   * The event at `mismatch.position` does not hash to its stored hash. If the
   * next event chains from the recomputed hash, the content is what was
   * chained and the stored hash was changed; otherwise the content (or the
   * link it hangs on) was.
   */
  private explainMismatch(next: ChainedContent | undefined, nextStoredHash: string | null): void {
    const { position, recomputed } = this.mismatch!;
    const hashAltered =
      next !== undefined && next.position === position + 1 && nextStoredHash !== null && chainHash(recomputed, next) === nextStoredHash;
    const link = position > 1 ? ` (or the chain link from position ${position - 1} was rewritten)` : '';
    this.breakAt(
      position,
      hashAltered
        ? `the hash stored at position ${position} was altered: it does not match the event, whose true hash position ${position + 1} is chained to`
        : `the content of the event at position ${position} does not match its hash${link}`,
    );
  }

  private breakAt(brokenAt: number, reason: string): false {
    this.broken = { intact: false, verifiedUpTo: this.previousPosition, brokenAt, reason };
    return false;
  }
}
