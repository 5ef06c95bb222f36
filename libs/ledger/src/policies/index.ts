export * from './get-policy-status';
export * from './ledger-policies';
export * from './policy-runner';
export * from './policy-settings';
