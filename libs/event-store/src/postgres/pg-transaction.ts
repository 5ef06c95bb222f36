import type { Pool, PoolClient } from 'pg';

import { StoreFaultError, storeFaultKindOf } from '../store-faults';

/**
 * Runs the work in one transaction on a pooled connection: committed when it resolves, rolled back when it throws.
 * A connection lost while COMMIT was under way leaves the outcome unknown (the server may have committed before it
 * went): that is said as such, so the caller retries with its idempotency key rather than assuming either.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    try {
      await client.query('COMMIT');
    } catch (error) {
      if (storeFaultKindOf(error) === 'unavailable') {
        throw new StoreFaultError(
          'outcome-unknown',
          `the connection to the database was lost while committing: ${(error as Error).message}`,
          error,
        );
      }
      throw error;
    }
    return result;
  } catch (error) {
    if (storeFaultKindOf(error) === 'unavailable' || storeFaultKindOf(error) === 'outcome-unknown') broken = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed is not given back to the pool for the next request to meet its error.
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/**
 * One statement in its own (implicit) transaction: one round trip. A connection lost while it ran leaves
 * the outcome unknown, as a lost COMMIT does; one that could not be had at all changed nothing. A named
 * statement is prepared on a connection's first use of it and only bound and run after that.
 */
export async function inOneStatement<Row>(
  pool: Pool,
  statement: string | { readonly name: string; readonly text: string },
  parameters: unknown[],
): Promise<Row[]> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    const sql = typeof statement === 'string' ? { text: statement } : statement;
    return (await client.query({ ...sql, values: parameters })).rows as Row[];
  } catch (error) {
    if (storeFaultKindOf(error) === 'unavailable') {
      broken = error;
      throw new StoreFaultError(
        'outcome-unknown',
        `the connection to the database was lost while appending: ${(error as Error).message}`,
        error,
      );
    }
    throw error;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}
