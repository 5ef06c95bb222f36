export * from './policy-facts';
export * from './auto-handoff';
export * from './key-account-escalation';
