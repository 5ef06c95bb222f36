import type { Database, Statement } from 'better-sqlite3';

import type { IdempotencyKeyStore, StoredAnswer } from '../idempotency-key-store';

interface KeyRow {
  request_fingerprint: string;
  status: number;
  body: string;
  created_at: string;
}

/** Idempotency keys in the events' own SQLite database (its table is created by the shared migrations). */
export class SqliteIdempotencyKeyStore implements IdempotencyKeyStore {
  private readonly select: Statement<[string], KeyRow>;
  private readonly insert: Statement<[string, string, number, string, string]>;

  constructor(
    database: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.select = database.prepare('SELECT request_fingerprint, status, body, created_at FROM idempotency_keys WHERE key = ?');
    this.insert = database.prepare(
      'INSERT INTO idempotency_keys (key, request_fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
  }

  async find(key: string): Promise<StoredAnswer | undefined> {
    const row = this.select.get(key);
    return row && toAnswer(row);
  }

  async saveFirst(key: string, answer: Omit<StoredAnswer, 'createdAt'>): Promise<StoredAnswer> {
    this.insert.run(key, answer.requestFingerprint, answer.status, JSON.stringify(answer.body), this.clock().toISOString());
    return toAnswer(this.select.get(key)!);
  }
}

const toAnswer = (row: KeyRow): StoredAnswer => ({
  requestFingerprint: row.request_fingerprint,
  status: row.status,
  body: JSON.parse(row.body),
  createdAt: row.created_at,
});
