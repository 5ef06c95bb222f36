import type { SqlRunner } from './sql-runner';

/** The first answer given to a request carrying an Idempotency-Key. */
export interface StoredAnswer {
  readonly requestFingerprint: string;
  readonly status: number;
  readonly body: unknown;
  readonly createdAt: string;
}

/** Kept beside the events, so a retry after a restart is still recognised. */
export interface IdempotencyKeyStore {
  find(key: string): Promise<StoredAnswer | undefined>;
  /** Stores the answer if the key is new; answers whatever is stored afterwards (the first answer wins). */
  saveFirst(key: string, answer: Omit<StoredAnswer, 'createdAt'>): Promise<StoredAnswer>;
}

/**
 * The table, as both databases create it (migration 2 of each). It has shipped: never edit it;
 * a change is a new migration.
 */
export const IDEMPOTENCY_KEYS_TABLE = `CREATE TABLE idempotency_keys (
  key                 TEXT    PRIMARY KEY,
  request_fingerprint TEXT    NOT NULL,
  status              INTEGER NOT NULL,
  body                TEXT    NOT NULL,
  created_at          TEXT    NOT NULL
)`;

interface KeyRow {
  request_fingerprint: string;
  status: number;
  body: string;
  created_at: string;
}

const SELECT_ANSWER = 'SELECT request_fingerprint, status, body, created_at FROM idempotency_keys WHERE key = ?';

/** Idempotency keys in the events' own database (the `idempotency_keys` table), the same statements on SQLite and PostgreSQL. */
export class SqlIdempotencyKeyStore implements IdempotencyKeyStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async find(key: string): Promise<StoredAnswer | undefined> {
    const row = await this.sql.first<KeyRow>(SELECT_ANSWER, [key]);
    return row && toAnswer(row);
  }

  async saveFirst(key: string, answer: Omit<StoredAnswer, 'createdAt'>): Promise<StoredAnswer> {
    // A racing insert of the same key (PostgreSQL) waits for the first to commit, then does nothing. The select
    // is a statement of its own: its snapshot is taken after that wait, so it sees the first answer
    // (a select in the same statement, as a CTE, would not).
    await this.sql.run(
      'INSERT INTO idempotency_keys (key, request_fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
      [key, answer.requestFingerprint, answer.status, JSON.stringify(answer.body), this.clock().toISOString()],
    );
    return toAnswer((await this.sql.first<KeyRow>(SELECT_ANSWER, [key]))!);
  }
}

const toAnswer = (row: KeyRow): StoredAnswer => ({
  requestFingerprint: row.request_fingerprint,
  status: row.status,
  body: JSON.parse(row.body) as unknown,
  createdAt: row.created_at,
});
