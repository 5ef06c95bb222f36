import { Client } from 'pg';

import { dropSchemasAt } from '../libs/event-store/src/testing/postgres-test-server';

/** The server the bench measures PostgreSQL on: LEDGER_BENCH_POSTGRES_URL, or the machine's own. */
export const BENCH_POSTGRES_URL = process.env.LEDGER_BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** Whether the server answers; the bench leaves PostgreSQL's figures out when it does not. */
export async function postgresAnswers(): Promise<boolean> {
  const client = new Client({ connectionString: BENCH_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Drops a schema the bench made, with everything in it. */
export const dropBenchSchema = (schema: string): Promise<void> => dropSchemasAt(BENCH_POSTGRES_URL, schema);
