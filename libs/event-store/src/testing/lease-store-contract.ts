import { randomUUID } from 'node:crypto';

import type { LeaseStore } from '../lease-store';

/** A lease store opened for one test on a clock the test moves, and how to let go of it. */
export interface OpenedLeaseStore {
  readonly leases: LeaseStore;
  close(): Promise<void>;
}

/**
 * What every LeaseStore promises: one holder at a time, kept by renewing, taken over
 * once expired, given up on release. Lease names are unique, so an adapter may share
 * one database between tests.
 */
export function leaseStoreContract(name: string, open: (clock: () => number) => Promise<OpenedLeaseStore>): void {
  describe(`LeaseStore contract: ${name}`, () => {
    let now = 1_000_000;
    let opened: OpenedLeaseStore;
    beforeEach(async () => {
      opened = await open(() => now);
    });
    afterEach(() => opened.close());

    it('gives a free lease to the first holder, renews it for that holder only, and hands it over once expired', async () => {
      const { leases } = opened;
      const lease = `read-models-${randomUUID()}`;
      expect(await leases.holder(lease)).toBeUndefined();
      expect(await leases.acquire(lease, 'a', 1_000)).toBe(true);
      expect(await leases.acquire(lease, 'b', 1_000)).toBe(false);
      expect(await leases.holder(lease)).toBe('a');
      now += 900;
      expect(await leases.acquire(lease, 'a', 1_000)).toBe(true);
      now += 900;
      // Renewed at +900 for 1,000 ms: still a's at +1,800.
      expect(await leases.acquire(lease, 'b', 1_000)).toBe(false);
      expect(await leases.holder(lease)).toBe('a');
      now += 1_001;
      expect(await leases.holder(lease)).toBeUndefined();
      expect(await leases.acquire(lease, 'b', 1_000)).toBe(true);
      expect(await leases.holder(lease)).toBe('b');
    });

    it('lets only the holder release a lease, which is then free at once', async () => {
      const { leases } = opened;
      const lease = `read-models-${randomUUID()}`;
      expect(await leases.acquire(lease, 'a', 60_000)).toBe(true);
      await leases.release(lease, 'b');
      expect(await leases.holder(lease)).toBe('a');
      await leases.release(lease, 'a');
      expect(await leases.holder(lease)).toBeUndefined();
      expect(await leases.acquire(lease, 'b', 60_000)).toBe(true);
    });
  });
}
