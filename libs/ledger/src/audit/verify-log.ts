import type { ChainVerification, EventStore } from '@ledger/event-store';
import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { EVENT_STORE } from '../application/tokens';

/**
 * The integrity of the whole log, as every transport answers it: one flat
 * shape for both outcomes, the fields of the other outcome null.
 */
export interface LogVerification {
  /** True when every event up to the head matches its hash and links to the one before. */
  readonly intact: boolean;
  /** Intact: the head when the walk began (0 for an empty log). Broken: the last good position. */
  readonly verifiedUpTo: number;
  /** Intact: how many events were verified; null when broken. */
  readonly events: number | null;
  /** The first position where the chain breaks; null when intact. */
  readonly brokenAt: number | null;
  /** What is wrong at brokenAt; null when intact. */
  readonly reason: string | null;
  /** "intact up to position N (M events)" or "broken at position N: reason". */
  readonly summary: string;
}

/** Walks the hash chain over the whole log: intact up to the head, or where it first breaks. */
export class VerifyLogQuery extends Query<LogVerification> {}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<LogVerification> {
    if (!this.store.capabilities.hashChain) {
      throw new LedgerError({
        code: 'CHAIN_NOT_KEPT',
        message:
          "this ledger's event store (EventStoreDB) keeps no hash chain: the server assigns positions and record times as it writes, so no hash over them is stored with an event; " +
          "its log is append-only behind the server's access control. Run the ledger on sqlite or postgres for a verifiable chain",
      });
    }
    return logVerification(await this.store.verifyChain());
  }
}

export function logVerification(chain: ChainVerification): LogVerification {
  const { intact, verifiedUpTo } = chain;
  return chain.intact
    ? {
        intact,
        verifiedUpTo,
        events: chain.events,
        brokenAt: null,
        reason: null,
        summary: `intact up to position ${verifiedUpTo} (${chain.events} events)`,
      }
    : {
        intact,
        verifiedUpTo,
        events: null,
        brokenAt: chain.brokenAt,
        reason: chain.reason,
        summary: `broken at position ${chain.brokenAt}: ${chain.reason}`,
      };
}
