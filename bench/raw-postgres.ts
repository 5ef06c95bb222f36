/**
 * What the PostgreSQL store is measured against: the `pg` driver on a plain table, one
 * transaction per append (BEGIN, one INSERT of the batch, COMMIT), the unique
 * (stream_id, revision) its expected-revision check (a concurrent append to the same
 * revision fails). No event ids, metadata, record time, hash chain or gap-free positions.
 */
import type { NewEvent } from '@ledger/event-store';
import { Client } from 'pg';

import { rawEventsTableDdl } from './raw-events-table';

export class RawPostgresLog {
  private constructor(private readonly client: Client) {}

  /** A connection whose search_path is `schema`, created with its table. */
  static async open(connectionString: string, schema: string): Promise<RawPostgresLog> {
    const client = new Client({ connectionString });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    await client.query(rawEventsTableDdl('BIGSERIAL'));
    return new RawPostgresLog(client);
  }

  /** One transaction: the events at revisions first, first + 1, … of the stream. */
  async append(streamId: string, first: number, events: readonly NewEvent[]): Promise<void> {
    const placeholders = events.map((_, row) => `($1, $${row * 3 + 2}, $${row * 3 + 3}, $${row * 3 + 4})`).join(', ');
    await this.client.query('BEGIN');
    try {
      await this.client.query(`INSERT INTO events (stream_id, revision, type, data) VALUES ${placeholders}`, [
        streamId,
        ...events.flatMap((event, index) => [first + index, event.type, JSON.stringify(event.data)]),
      ]);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
