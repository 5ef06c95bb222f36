/**
 * One statement at a time on either SQL store, with `?` parameters: what the small
 * bookkeeping stores (leases, idempotency keys, the evidence's tables) need, so each is written once for both.
 */
export interface SqlRunner {
  /** Runs a write; answers how many rows it changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** The first row a read answers, if any. */
  first<Row>(sql: string, params: readonly unknown[]): Promise<Row | undefined>;
  /** Every row a read answers. */
  all<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
}
