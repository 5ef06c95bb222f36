export * from './event-store';
export * from './event-chain';
export * from './idempotency-key-store';
export * from './ledger-storage';
export * from './projection-store';
export * from './sqlite/sqlite-event-store';
export * from './sqlite/sqlite-idempotency-key-store';
export * from './sqlite/sqlite-projection-store';
