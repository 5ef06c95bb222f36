import { execFileSync } from 'node:child_process';

import { Client } from 'pg';

/** The server the PostgreSQL suites run against: LEDGER_TEST_POSTGRES_URL, or the machine's own (CI starts it). */
export const TEST_POSTGRES_URL = process.env.LEDGER_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * Whether the server answers; when it does not, says which suite is skipped and why.
 * Jest collects tests synchronously, so the question is asked once, in a child process.
 */
export function postgresReachable(suite: string): boolean {
  try {
    execFileSync(
      process.execPath,
      [
        '-e',
        `const {Client}=require('pg');const c=new Client({connectionString:${JSON.stringify(TEST_POSTGRES_URL)},connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`,
      ],
      { stdio: 'ignore', timeout: 10_000 },
    );
    return true;
  } catch {
    process.stdout.write(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL}: the ${suite} suite is skipped (set LEDGER_TEST_POSTGRES_URL)\n`,
    );
    return false;
  }
}

/** Drops the test's own schemas, with everything in them. */
export function dropSchemas(...schemas: string[]): Promise<void> {
  return dropSchemasAt(TEST_POSTGRES_URL, ...schemas);
}

/** The same on another server (the bench's). */
export async function dropSchemasAt(connectionString: string, ...schemas: string[]): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
