import type { ThrottlerStorage } from '@nestjs/throttler';

import type { Authenticator } from '../auth/authenticator';

const RATE_WINDOW_MS = 60_000;

export interface RateVerdict {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Seconds until the window's count starts again. */
  readonly resetSeconds: number;
  /** Seconds a refused caller should wait. */
  readonly retryAfterSeconds: number;
}

/**
 * At most `perMinute` units of work per caller in any minute: an HTTP
 * request, a graphql-ws operation, each mutation of a GraphQL document. A
 * caller is the principal its credentials prove (users behind one front-end
 * server share its address, not their budget), else its address. The count
 * lives in @nestjs/throttler's storage, shared by every transport.
 */
export class RateLimiter {
  constructor(
    private readonly storage: ThrottlerStorage,
    readonly perMinute: number,
    private readonly authenticator: Authenticator,
  ) {}

  /** Whom work is counted for; undefined for a caller with neither valid credentials nor a known address. */
  callerOf(authorization: string | undefined, address: string | undefined): string | undefined {
    if (authorization !== undefined) {
      try {
        return `principal:${this.authenticator.authenticate(authorization).id}`;
      } catch {
        // Credentials that do not hold name nobody: counted by address, and refused by the guard later.
      }
    }
    return address === undefined ? undefined : `address:${address}`;
  }

  /** Counts `units` of work for the caller; refused once the minute's budget is spent. */
  async charge(caller: string, units = 1): Promise<RateVerdict> {
    let verdict: RateVerdict = { allowed: true, remaining: this.perMinute, resetSeconds: RATE_WINDOW_MS / 1000, retryAfterSeconds: 0 };
    for (let unit = 0; unit < units; unit++) {
      const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = await this.storage.increment(
        `rate:${caller}`,
        RATE_WINDOW_MS,
        this.perMinute,
        RATE_WINDOW_MS,
        'default',
      );
      verdict = {
        allowed: !isBlocked,
        remaining: Math.max(0, this.perMinute - totalHits),
        resetSeconds: timeToExpire,
        retryAfterSeconds: Math.max(1, timeToBlockExpire),
      };
      if (isBlocked) break;
    }
    return verdict;
  }

  describe(caller: string, verdict: RateVerdict): string {
    return `more than ${this.perMinute} requests and operations in a minute from ${caller.replace(/^\w+:/, '')}; retry after ${verdict.retryAfterSeconds} s`;
  }
}
