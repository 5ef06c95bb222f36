import type { IdempotencyKeyStore, StoredAnswer } from '@ledger/event-store';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { LedgerError } from './ledger-error';
import { LEDGER_METRICS, type LedgerMetrics, UNMEASURED } from './ledger-metrics';
import { IDEMPOTENCY_KEYS } from './tokens';

export interface IdempotentAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** An answer as execute gives it: `replayed` when it is an earlier request's, stored (REST says so in Idempotent-Replayed). */
export interface GivenAnswer extends IdempotentAnswer {
  readonly replayed: boolean;
}

/**
 * A retried request with the same Idempotency-Key and the same content gets
 * the first answer; the same key with other content is refused. Keys live in
 * the event store's own database, so a retry after a restart is recognised.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @Inject(IDEMPOTENCY_KEYS) private readonly keys: IdempotencyKeyStore,
    @Optional() @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics = UNMEASURED,
  ) {}

  async execute(key: string, requestFingerprint: string, run: () => Promise<IdempotentAnswer>): Promise<GivenAnswer> {
    const earlier = await this.keys.find(key);
    if (earlier) {
      const answer = this.answerIfSameRequest(key, requestFingerprint, earlier);
      this.metrics.idempotentReplay('stored-answer');
      return { ...answer, replayed: true };
    }
    const answer = await run();
    const stored = await this.keys.saveFirst(key, { requestFingerprint, status: answer.status, body: answer.body });
    return { ...this.answerIfSameRequest(key, requestFingerprint, stored), replayed: false };
  }

  private answerIfSameRequest(key: string, requestFingerprint: string, stored: StoredAnswer): IdempotentAnswer {
    if (stored.requestFingerprint !== requestFingerprint) {
      throw new LedgerError({
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: `Idempotency-Key ${key} was already used for a different request; use a new key for a new request`,
      });
    }
    return { status: stored.status, body: stored.body };
  }
}
