import type { EnvironmentReader } from '@ledger/ledger';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ObservabilityConfig {
  readonly logLevel: LogLevel;
  /** One JSON object a line (for collectors), or coloured lines for people. */
  readonly logFormat: 'json' | 'pretty';
  /** Ready while every projection and policy is at most this many events behind the head. */
  readonly readyMaxLag: number;
  /** On SIGTERM, how long in-flight requests and the runners' batches may take before the process gives up (exit 1). */
  readonly shutdownTimeoutMs: number;
}

/** LEDGER_LOG_LEVEL, LEDGER_LOG_FORMAT, LEDGER_READY_MAX_LAG, LEDGER_SHUTDOWN_TIMEOUT_MS; problems go to the reader. */
export function readObservabilityConfig(env: EnvironmentReader): ObservabilityConfig {
  // Pretty for people at a terminal in development; JSON everywhere else (production, test, staging).
  const development = env.text('NODE_ENV', 'development') === 'development';
  return {
    logLevel: env.oneOf('LEDGER_LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: env.oneOf('LEDGER_LOG_FORMAT', ['json', 'pretty'] as const, development ? 'pretty' : 'json'),
    readyMaxLag: env.integer('LEDGER_READY_MAX_LAG', 1000, 0, 1_000_000_000),
    shutdownTimeoutMs: env.integer('LEDGER_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}
