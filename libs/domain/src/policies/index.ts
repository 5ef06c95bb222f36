export * from './auto-handoff';
export * from './key-account-escalation';
export * from './policy-facts';
