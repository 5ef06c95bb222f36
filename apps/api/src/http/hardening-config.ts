import type { EnvironmentReader } from '@ledger/ledger';
import { DEFAULT_MAX_MUTATIONS_PER_DOCUMENT } from '../graphql/limits';

/**
 * What protects the HTTP server itself, whatever the routes: LEDGER_CORS_ORIGINS, LEDGER_RATE_LIMIT_PER_MINUTE,
 * LEDGER_REQUEST_TIMEOUT_MS, LEDGER_GRAPHQL_MAX_MUTATIONS, and what of the schema strangers see:
 * LEDGER_GRAPHQL_INTROSPECTION, LEDGER_OPENAPI_DOCS.
 */
export interface HttpHardeningConfig {
  /** Origins a browser may call from: none (the default), any (`*`), or these exact origins. */
  readonly corsOrigins: 'none' | '*' | readonly string[];
  /** Requests and GraphQL operations and mutations per minute per caller (principal, else IP); 0 switches the limit off. */
  readonly rateLimitPerMinute: number;
  /** The most mutations one GraphQL document may hold. */
  readonly graphqlMaxMutations: number;
  /** GraphQL introspection and "Did you mean" hints in errors: the whole schema, to anyone who asks. */
  readonly graphqlIntrospection: boolean;
  /** The OpenAPI document and its UI at /docs. */
  readonly openApiDocs: boolean;
  /** How long a request may take before it is answered 503 REQUEST_TIMEOUT; streaming exports and imports are exempt. */
  readonly requestTimeoutMs: number;
}

/** A browser front end makes a few requests per screen; 1,200 a minute (20 a second, sustained) is far above that. */
const DEFAULT_RATE_LIMIT_PER_MINUTE = 1_200;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const BOOLEAN = ['true', 'false'] as const;
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/** `production` (NODE_ENV, read with the auth settings) hides the schema unless told otherwise. */
export function readHttpHardeningConfig(env: EnvironmentReader, { production }: { production: boolean }): HttpHardeningConfig {
  const schemaShown = production ? 'false' : 'true';
  return {
    corsOrigins: readCorsOrigins(env),
    rateLimitPerMinute: env.integer('LEDGER_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 1_000_000),
    graphqlMaxMutations: env.integer('LEDGER_GRAPHQL_MAX_MUTATIONS', DEFAULT_MAX_MUTATIONS_PER_DOCUMENT, 1, 1_000),
    graphqlIntrospection: env.oneOf('LEDGER_GRAPHQL_INTROSPECTION', BOOLEAN, schemaShown) === 'true',
    openApiDocs: env.oneOf('LEDGER_OPENAPI_DOCS', BOOLEAN, schemaShown) === 'true',
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
