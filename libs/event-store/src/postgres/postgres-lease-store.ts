import type { Pool } from 'pg';

import { ACQUIRE_LEASE_SQL, type LeaseStore } from '../lease-store';

/** Leases in the PostgreSQL schema (migration 3): the same statement as SQLite's, numbered. */
export class PostgresLeaseStore implements LeaseStore {
  constructor(
    private readonly pool: Pool,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    let next = 0;
    const sql = ACQUIRE_LEASE_SQL.replace(/\?/g, () => `$${++next}`);
    const result = await this.pool.query(sql, [name, holder, now + ttlMs, now, holder]);
    return result.rowCount === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async holder(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ holder: string }>('SELECT holder FROM leases WHERE name = $1 AND expires_at >= $2', [
      name,
      this.clock(),
    ]);
    return rows[0]?.holder;
  }
}
