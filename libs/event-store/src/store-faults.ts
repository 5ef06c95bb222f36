/**
 * Faults of the database itself (not of a request): the server gone or restarting,
 * too slow, its disk full or its file read-only. Each store's errors are sorted into
 * these kinds here, once; the transports answer each kind with its own failure code.
 */
export type StoreFaultKind =
  /** The database cannot be reached or dropped the connection: nothing of the work was kept. */
  | 'unavailable'
  /** The connection dropped while a commit was under way: the work may or may not be kept. */
  | 'outcome-unknown'
  /** A statement ran past the statement timeout, or no connection was free within the pool timeout. */
  | 'timeout'
  /** The disk holding the database is full. */
  | 'full'
  /** The database refuses writes (a read-only file, filesystem or server). */
  | 'read-only';

export class StoreFaultError extends Error {
  constructor(
    readonly kind: StoreFaultKind,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreFaultError';
  }
}

/** PostgreSQL's SQLSTATEs that mean the server, not the request, failed. */
const POSTGRES_STATES: ReadonlyArray<[RegExp, StoreFaultKind]> = [
  // connection_exception (08xxx), admin/crash shutdown, cannot connect now, too many connections, idle session timeout.
  [/^(08...|57P01|57P02|57P03|57P05|53300)$/, 'unavailable'],
  // query_canceled (the statement timeout), lock_not_available (the lock timeout).
  [/^(57014|55P03)$/, 'timeout'],
  // disk_full, out of memory, insufficient resources.
  [/^(53100|53200|53000)$/, 'full'],
  [/^25006$/, 'read-only'],
];

/** SQLite's result codes (better-sqlite3 puts them on `code`). */
const SQLITE_CODES: ReadonlyArray<[RegExp, StoreFaultKind]> = [
  [/^SQLITE_FULL$/, 'full'],
  [/^SQLITE_READONLY/, 'read-only'],
  [/^(SQLITE_IOERR|SQLITE_CANTOPEN)/, 'unavailable'],
];

/** The operating system's, from a socket or a file. */
const SYSTEM_CODES: Readonly<Record<string, StoreFaultKind>> = {
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  EPIPE: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read-only',
};

/** node-postgres says these in words only (no code): the connection ended, or none came in time. */
const POSTGRES_MESSAGES: ReadonlyArray<[RegExp, StoreFaultKind]> = [
  [/^timeout exceeded when trying to connect$/i, 'timeout'],
  [/^Query read timeout$/i, 'timeout'],
  [/^Connection terminated/i, 'unavailable'],
  [/is not queryable$/i, 'unavailable'],
  [/^Client has encountered a connection error/i, 'unavailable'],
  [/^Cannot use a pool after calling end/i, 'unavailable'],
];

/** What kind of database fault the error is, or undefined when it is not one (a bug, a refusal, a bad request). */
export function storeFaultKindOf(error: unknown): StoreFaultKind | undefined {
  if (error instanceof StoreFaultError) return error.kind;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const system = SYSTEM_CODES[code];
    if (system) return system;
    for (const [pattern, kind] of [...POSTGRES_STATES, ...SQLITE_CODES]) if (pattern.test(code)) return kind;
  }
  for (const [pattern, kind] of POSTGRES_MESSAGES) if (pattern.test(error.message)) return kind;
  // AggregateError (connecting to each address of a host name): the first one tells.
  if (error instanceof AggregateError && error.errors.length > 0) return storeFaultKindOf(error.errors[0]);
  return undefined;
}

/** The error as a StoreFaultError when it is a database fault, else undefined. */
export function asStoreFault(error: unknown): StoreFaultError | undefined {
  if (error instanceof StoreFaultError) return error;
  const kind = storeFaultKindOf(error);
  if (kind === undefined) return undefined;
  return new StoreFaultError(kind, error instanceof Error ? error.message || error.name : String(error), error);
}

/** Waits between reconnection attempts: doubling from `firstMs` up to `maxMs`, with jitter so replicas do not retry in step. */
export function backoffDelay(attempt: number, firstMs = 100, maxMs = 2_000): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
