import { DEFAULT_AUTO_HANDOFF, DEFAULT_KEY_ACCOUNT } from '@ledger/domain';

import type { EnvironmentReader } from '../config/environment';
import { POLICY_NAMES, type PolicyName, type PolicySettings } from './ledger-policies';

const CURRENCY_THRESHOLD = /^([A-Z]{3})=(\d{1,15})$/;

/** LEDGER_POLICIES, the thresholds and the scheduler's interval, each checked; problems are collected by the reader. */
export function readPolicySettings(env: EnvironmentReader): PolicySettings {
  return {
    enabled: enabledPolicies(env),
    autoHandoff: {
      reorders: env.integer('LEDGER_HANDOFF_AFTER_REORDERS', DEFAULT_AUTO_HANDOFF.reorders, 1, 10_000),
      days: env.integer('LEDGER_HANDOFF_AFTER_DAYS', DEFAULT_AUTO_HANDOFF.days, 1, 3_650),
    },
    keyAccount: { thresholds: keyAccountThresholds(env) },
    checkIntervalMs: env.integer('LEDGER_POLICY_CHECK_SECONDS', 60, 1, 86_400) * 1000,
  };
}

/** A comma-separated list of policy names, or "none". */
function enabledPolicies(env: EnvironmentReader): PolicyName[] {
  const raw = env.text('LEDGER_POLICIES', POLICY_NAMES.join(','));
  if (raw === 'none') return [];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(POLICY_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    env.problems.push(`LEDGER_POLICIES must be "none" or a comma-separated list of ${POLICY_NAMES.join(', ')}, got "${raw}"`);
    return [...POLICY_NAMES];
  }
  return [...new Set(names)] as PolicyName[];
}

/** "EUR=100000000,USD=120000000": minor units per ISO 4217 currency code. */
function keyAccountThresholds(env: EnvironmentReader): Record<string, number> {
  const raw = env.text('LEDGER_KEY_ACCOUNT_THRESHOLDS', '');
  if (raw === '') return { ...DEFAULT_KEY_ACCOUNT.thresholds };
  const thresholds: Record<string, number> = {};
  for (const entry of raw.split(',').map((part) => part.trim())) {
    const match = CURRENCY_THRESHOLD.exec(entry);
    const amount = match ? Number(match[2]) : 0;
    if (!match || amount < 1) {
      env.problems.push(
        `LEDGER_KEY_ACCOUNT_THRESHOLDS must list CURRENCY=amount pairs in minor units, comma-separated (e.g. "EUR=100000000,USD=120000000"), got "${raw}"`,
      );
      return { ...DEFAULT_KEY_ACCOUNT.thresholds };
    }
    thresholds[match[1]!] = amount;
  }
  return thresholds;
}
