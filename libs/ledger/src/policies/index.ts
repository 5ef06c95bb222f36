export * from './ledger-policies';
export * from './policy-settings';
export * from './policy-runner';
export * from './get-policy-status';
