import type { Pool } from 'pg';

import type { SqlRunner } from '../sql-runner';

/** `?` parameters as PostgreSQL's `$1, $2, …` (the stores' SQL has no `?` of its own: no literals with one, no jsonb operators). */
export function numberParameters(sql: string): string {
  let next = 0;
  return sql.replace(/\?/g, () => `$${++next}`);
}

/** Each statement on a pooled connection, in its own implicit transaction. */
export function postgresSqlRunner(pool: Pool): SqlRunner {
  return {
    run: async (sql, params) => (await pool.query(numberParameters(sql), [...params])).rowCount ?? 0,
    first: async <Row>(sql: string, params: readonly unknown[]) =>
      (await pool.query(numberParameters(sql), [...params])).rows[0] as Row | undefined,
    all: async <Row>(sql: string, params: readonly unknown[]) => (await pool.query(numberParameters(sql), [...params])).rows as Row[],
  };
}
