import { EnvironmentReader, type LedgerConfig, readLedgerConfig } from '@ledger/ledger';

import { type AuthConfig, readAuthConfig } from './auth/auth-config';
import { type HttpHardeningConfig, readHttpHardeningConfig } from './edge/hardening-config';
import { type ObservabilityConfig, readObservabilityConfig } from './observability/observability-config';

export interface ApiConfig extends LedgerConfig {
  readonly port: number;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  readonly auth: AuthConfig;
  /** Logs, readiness and shutdown. */
  readonly observability: ObservabilityConfig;
  readonly hardening: HttpHardeningConfig;
}

/** Reads and validates the environment; every variable is listed in the README. Throws ConfigError. */
export function loadApiConfig(environment: NodeJS.ProcessEnv): ApiConfig {
  const env = new EnvironmentReader(environment);
  const auth = readAuthConfig(env);
  const config: ApiConfig = {
    ...readLedgerConfig(env),
    port: env.integer('PORT', 3000, 0, 65535),
    bodyLimitBytes: env.integer('LEDGER_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    auth,
    observability: readObservabilityConfig(env),
    hardening: readHttpHardeningConfig(env, { production: auth.production }),
  };
  env.done();
  return config;
}
