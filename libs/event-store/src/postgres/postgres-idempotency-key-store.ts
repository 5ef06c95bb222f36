import type { Pool } from 'pg';

import type { IdempotencyKeyStore, StoredAnswer } from '../idempotency-key-store';

interface KeyRow {
  request_fingerprint: string;
  status: number;
  body: string;
  created_at: string;
}

const SELECT = 'SELECT request_fingerprint, status, body, created_at FROM idempotency_keys WHERE key = $1';

/** Idempotency keys in the events' own PostgreSQL schema (its table is created by migration 2). */
export class PostgresIdempotencyKeyStore implements IdempotencyKeyStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async find(key: string): Promise<StoredAnswer | undefined> {
    const { rows } = await this.pool.query<KeyRow>(SELECT, [key]);
    return rows[0] && toAnswer(rows[0]);
  }

  async saveFirst(key: string, answer: Omit<StoredAnswer, 'createdAt'>): Promise<StoredAnswer> {
    // A racing insert of the same key waits for the first to commit, then does nothing. The select
    // is a statement of its own: its snapshot is taken after that wait, so it sees the first answer
    // (a select in the same statement, as a CTE, would not).
    await this.pool.query(
      'INSERT INTO idempotency_keys (key, request_fingerprint, status, body, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING',
      [key, answer.requestFingerprint, answer.status, JSON.stringify(answer.body), this.clock().toISOString()],
    );
    const { rows } = await this.pool.query<KeyRow>(SELECT, [key]);
    return toAnswer(rows[0]!);
  }
}

const toAnswer = (row: KeyRow): StoredAnswer => ({
  requestFingerprint: row.request_fingerprint,
  status: row.status,
  body: JSON.parse(row.body) as unknown,
  createdAt: row.created_at,
});
