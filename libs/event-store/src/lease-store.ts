import type { SqlRunner } from './sql-runner';

/**
 * Leases in the ledger's database: which process does a job that only one may
 * do at a time (running the read models and policies). A holder keeps its lease
 * by renewing it before it expires; a process that dies stops renewing, and
 * another takes the lease over once it has expired.
 */
export interface LeaseStore {
  /**
   * Takes the lease for `holder` until now + ttlMs, or renews it if `holder` has it;
   * answers whether `holder` holds it now. Another holder's unexpired lease is left alone.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` has it, so another process need not wait for it to expire. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds the lease now, if anyone. */
  holder(name: string): Promise<string | undefined>;
}

/**
 * The statement both stores run to take or renew a lease (parameters: name, holder,
 * expires_at, now, holder): an expired lease, or one the holder has, changes hands.
 */
const ACQUIRE_LEASE_SQL = `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
  ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
  WHERE leases.expires_at < ? OR leases.holder = ?`;

/** Leases in the `leases` table, the same statements on SQLite and PostgreSQL; expires_at is epoch ms. */
export class SqlLeaseStore implements LeaseStore {
  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    return (await this.sql.run(ACQUIRE_LEASE_SQL, [name, holder, now + ttlMs, now, holder])) === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.sql.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
  }

  async holder(name: string): Promise<string | undefined> {
    const row = await this.sql.first<{ holder: string }>('SELECT holder FROM leases WHERE name = ? AND expires_at >= ?', [
      name,
      this.clock(),
    ]);
    return row?.holder;
  }
}
