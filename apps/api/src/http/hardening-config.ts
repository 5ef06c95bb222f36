import type { EnvironmentReader } from '@ledger/ledger';

/** What protects the HTTP server itself, whatever the routes: LEDGER_CORS_ORIGINS, LEDGER_RATE_LIMIT_PER_MINUTE, LEDGER_REQUEST_TIMEOUT_MS. */
export interface HttpHardeningConfig {
  /** Origins a browser may call from: none (the default), any (`*`), or these exact origins. */
  readonly corsOrigins: 'none' | '*' | readonly string[];
  /** Requests per minute per client IP; 0 switches the limit off. */
  readonly rateLimitPerMinute: number;
  /** How long a request may take before it is answered 503 REQUEST_TIMEOUT; streaming exports and imports are exempt. */
  readonly requestTimeoutMs: number;
}

/** A browser front end makes a few requests per screen; 1,200 a minute (20 a second, sustained) is far above that. */
const DEFAULT_RATE_LIMIT_PER_MINUTE = 1_200;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

export function readHttpHardeningConfig(env: EnvironmentReader): HttpHardeningConfig {
  return {
    corsOrigins: readCorsOrigins(env),
    rateLimitPerMinute: env.integer('LEDGER_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 1_000_000),
    requestTimeoutMs: env.integer('LEDGER_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 100, 3_600_000),
  };
}

function readCorsOrigins(env: EnvironmentReader): HttpHardeningConfig['corsOrigins'] {
  const raw = env.text('LEDGER_CORS_ORIGINS', '');
  if (raw === '') return 'none';
  if (raw === '*') return '*';
  const origins = raw.split(',').map((origin) => origin.trim().replace(/\/$/, ''));
  const invalid = origins.filter((origin) => !ORIGIN_PATTERN.test(origin));
  if (invalid.length > 0) env.problems.push(`LEDGER_CORS_ORIGINS must be * or a comma-separated list of origins like https://app.example.com, got "${invalid.join('", "')}"`);
  return origins;
}
