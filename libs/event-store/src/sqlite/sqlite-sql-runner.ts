import type { Database, Statement } from 'better-sqlite3';

import type { SqlRunner } from '../sql-runner';

/** Each statement prepared on first use and kept. */
export function sqliteSqlRunner(database: Database): SqlRunner {
  const statements = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = database.prepare<unknown[]>(sql)));
    return statement;
  };
  return {
    run: async (sql, params) => prepared(sql).run(...params).changes,
    first: async <Row>(sql: string, params: readonly unknown[]) => prepared(sql).get(...params) as Row | undefined,
    all: async <Row>(sql: string, params: readonly unknown[]) => prepared(sql).all(...params) as Row[],
  };
}
