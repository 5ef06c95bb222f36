/**
 * The peer the PostgreSQL store is compared with: Emmett's PostgreSQL event store
 * (@event-driven-io/emmett-postgresql, a dev dependency of the bench only), on the same
 * workload, in a database of its own (Emmett keeps its tables in the search path's first schema
 * but looks for them in any, so a schema of its own beside another Emmett store is not enough).
 * Its append takes a stream's expected version and stores type, data and metadata; it keeps no
 * hash chain.
 */
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import type { NewEvent } from '@ledger/event-store';
import { Client } from 'pg';

export class EmmettPostgresLog {
  private constructor(
    private readonly store: EmmettStore,
    private readonly server: string,
    private readonly database: string,
  ) {}

  /** A store in a new database `database` on the server of `connectionString` (Emmett creates its tables on first use). */
  static async open(connectionString: string, database: string): Promise<EmmettPostgresLog> {
    await onServer(connectionString, `CREATE DATABASE ${database}`);
    const url = new URL(connectionString);
    url.pathname = `/${database}`;
    return new EmmettPostgresLog(getPostgreSQLEventStore(url.toString()), connectionString, database);
  }

  /** The events at revisions first, first + 1, … of the stream, with its expected version. */
  async append(streamId: string, first: number, events: readonly NewEvent[]): Promise<void> {
    await this.store.appendToStream(
      streamId,
      events.map((event) => ({ type: event.type, data: event.data as Record<string, unknown>, metadata: event.metadata })),
      { expectedStreamVersion: first === 0 ? STREAM_DOES_NOT_EXIST : BigInt(first) },
    );
  }

  async readStream(streamId: string): Promise<readonly unknown[]> {
    return (await this.store.readStream(streamId)).events;
  }

  /** Closes the store and drops its database. */
  async close(): Promise<void> {
    await this.store.close();
    await onServer(this.server, `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }
}

async function onServer(connectionString: string, sql: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
