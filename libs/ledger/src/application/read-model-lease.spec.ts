import type { LeaseStore } from '@ledger/event-store';
import type { ProjectionRunner } from '@ledger/projections';

import type { PolicyRunner } from '../policies/policy-runner';
import { ReadModelLease } from './read-model-lease';

const restart = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lease store that may be told to fail, and runners that record what they were asked. */
function setUp(options: { ttlMs: number; renewMs: number }) {
  const state = { failing: false, holder: undefined as string | undefined };
  const leases: LeaseStore = {
    acquire: async (_name, holder) => {
      if (state.failing) throw restart();
      state.holder ??= holder;
      return state.holder === holder;
    },
    release: async () => undefined,
    holder: async () => state.holder,
  };
  const projections = {
    start: jest.fn(async () => undefined),
    lead: jest.fn(async () => undefined),
    follow: jest.fn(async () => undefined),
    stop: jest.fn(async () => undefined),
  };
  const policies = { start: jest.fn(async () => undefined), stop: jest.fn(async () => undefined), runElsewhere: jest.fn() };
  const lease = new ReadModelLease(leases, projections as unknown as ProjectionRunner, policies as unknown as PolicyRunner, {
    ...options,
    logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return { state, projections, policies, lease };
}

describe('the read-model lease when the database fails', () => {
  const unhandled = jest.fn();
  beforeAll(() => process.on('unhandledRejection', unhandled));
  afterAll(() => process.off('unhandledRejection', unhandled));

  it('keeps the work through renewals that fail for less than the lease lasts (a database restarting)', async () => {
    const { state, projections, policies, lease } = setUp({ ttlMs: 1_000, renewMs: 20 });
    await lease.start();
    state.failing = true;
    await pause(200);
    state.failing = false;
    await pause(60);
    expect(lease.holds).toBe(true);
    expect(projections.follow).not.toHaveBeenCalled();
    expect(policies.stop).not.toHaveBeenCalled();
    await lease.stop();
  });

  it('hands the work over once renewals failed for longer than the lease lasts, and takes it back, retrying a take-over that failed', async () => {
    const { state, projections, policies, lease } = setUp({ ttlMs: 100, renewMs: 20 });
    await lease.start();
    state.failing = true;
    await pause(250);
    expect(lease.holds).toBe(false);
    expect(projections.follow).toHaveBeenCalled();
    // The database comes back, but fails once more in the middle of the take-over.
    projections.lead.mockRejectedValueOnce(restart());
    state.failing = false;
    await pause(200);
    expect(lease.holds).toBe(true);
    expect(projections.lead).toHaveBeenCalledTimes(2);
    expect(policies.start).toHaveBeenCalledTimes(2);
    expect(unhandled).not.toHaveBeenCalled();
    await lease.stop();
  });
});
