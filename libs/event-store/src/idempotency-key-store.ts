/** The first answer given to a request carrying an Idempotency-Key. */
export interface StoredAnswer {
  readonly requestFingerprint: string;
  readonly status: number;
  readonly body: unknown;
  readonly createdAt: string;
}

/** Kept beside the events, so a retry after a restart is still recognised. */
export interface IdempotencyKeyStore {
  find(key: string): Promise<StoredAnswer | undefined>;
  /** Stores the answer if the key is new; answers whatever is stored afterwards (the first answer wins). */
  saveFirst(key: string, answer: Omit<StoredAnswer, 'createdAt'>): Promise<StoredAnswer>;
}
