import type { Database } from 'better-sqlite3';

import { ACQUIRE_LEASE_SQL, type LeaseStore } from '../lease-store';

/** Leases in the SQLite file (migration 5), shared by every process that opens it. */
export class SqliteLeaseStore implements LeaseStore {
  constructor(
    private readonly database: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    return this.database.prepare(ACQUIRE_LEASE_SQL).run(name, holder, now + ttlMs, now, holder).changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    this.database.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  async holder(name: string): Promise<string | undefined> {
    const row = this.database
      .prepare<[string, number], { holder: string }>('SELECT holder FROM leases WHERE name = ? AND expires_at >= ?')
      .get(name, this.clock());
    return row?.holder;
  }
}
