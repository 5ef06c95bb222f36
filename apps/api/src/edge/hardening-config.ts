import type { EnvironmentReader } from '@ledger/ledger';

import { DEFAULT_MAX_MUTATIONS_PER_DOCUMENT } from '../graphql/limits';
import { MIN_POSITION_HEADER } from '../requests/queries';

/**
 * What protects the HTTP server itself, whatever the routes: LEDGER_CORS_ORIGINS, LEDGER_CORS_ALLOWED_HEADERS, LEDGER_RATE_LIMIT_PER_MINUTE,
 * LEDGER_REQUEST_TIMEOUT_MS, LEDGER_GRAPHQL_MAX_MUTATIONS; the connection limits LEDGER_HEADERS_TIMEOUT_MS,
 * LEDGER_RECEIVE_TIMEOUT_MS, LEDGER_KEEP_ALIVE_TIMEOUT_MS, LEDGER_MAX_CONNECTIONS; and what of the schema
 * strangers see: LEDGER_GRAPHQL_INTROSPECTION, LEDGER_OPENAPI_DOCS.
 */
export interface HttpHardeningConfig {
  /** Origins a browser may call from: none (the default), any (`*`), or these exact origins. */
  readonly corsOrigins: 'none' | '*' | readonly string[];
  /** Request headers a browser script may send cross-origin (the preflight's Access-Control-Allow-Headers). */
  readonly corsAllowedHeaders: readonly string[];
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
  readonly connections: ConnectionLimits;
}

/** Node's HTTP server limits: how long a client may take to send a request, how long an idle one is kept, how many at once. */
export interface ConnectionLimits {
  /** A request's headers (or a new connection's first byte) must arrive within this; else 408 and the connection is closed. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (Node's requestTimeout); else 408. */
  readonly receiveTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Connections beyond this many open ones are closed as they come. */
  readonly maxConnections: number;
}

/** The limits where no variable sets them. */
const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  /** Far more than a client on any real network needs to send its headers (Node's own 60 s held slow-header connections open). */
  headersTimeoutMs: 10_000,
  /** A 64 MB import needs about 4.5 Mbit/s to arrive in 2 minutes; commands are kilobytes. */
  receiveTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  /** Far above what a proxy's pool or a few hundred browsers open; bounds the sockets and memory a flood of connections can take. */
  maxConnections: 1_000,
};

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
    corsAllowedHeaders: readCorsAllowedHeaders(env),
    rateLimitPerMinute: env.integer('LEDGER_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 1_000_000),
    graphqlMaxMutations: env.integer('LEDGER_GRAPHQL_MAX_MUTATIONS', DEFAULT_MAX_MUTATIONS_PER_DOCUMENT, 1, 1_000),
    graphqlIntrospection: env.oneOf('LEDGER_GRAPHQL_INTROSPECTION', BOOLEAN, schemaShown) === 'true',
    openApiDocs: env.oneOf('LEDGER_OPENAPI_DOCS', BOOLEAN, schemaShown) === 'true',
    requestTimeoutMs: env.integer('LEDGER_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 100, 3_600_000),
    connections: readConnectionLimits(env),
  };
}

function readConnectionLimits(env: EnvironmentReader): ConnectionLimits {
  const limits: ConnectionLimits = {
    headersTimeoutMs: env.integer('LEDGER_HEADERS_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.headersTimeoutMs, 100, 600_000),
    receiveTimeoutMs: env.integer('LEDGER_RECEIVE_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.receiveTimeoutMs, 100, 3_600_000),
    keepAliveTimeoutMs: env.integer('LEDGER_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs, 100, 600_000),
    maxConnections: env.integer('LEDGER_MAX_CONNECTIONS', DEFAULT_CONNECTION_LIMITS.maxConnections, 1, 1_000_000),
  };
  // Node measures both from the request's start: headers cannot be given longer than the whole request.
  if (limits.receiveTimeoutMs < limits.headersTimeoutMs)
    env.problems.push('LEDGER_RECEIVE_TIMEOUT_MS must not be less than LEDGER_HEADERS_TIMEOUT_MS');
  return limits;
}

function readCorsOrigins(env: EnvironmentReader): HttpHardeningConfig['corsOrigins'] {
  const raw = env.text('LEDGER_CORS_ORIGINS', '');
  if (raw === '') return 'none';
  if (raw === '*') return '*';
  const origins = raw.split(',').map((origin) => origin.trim().replace(/\/$/, ''));
  const invalid = origins.filter((origin) => !ORIGIN_PATTERN.test(origin));
  if (invalid.length > 0)
    env.problems.push(
      `LEDGER_CORS_ORIGINS must be * or a comma-separated list of origins like https://app.example.com, got "${invalid.join('", "')}"`,
    );
  return origins;
}

/**
 * What browser clients send by default: the API's own headers, Apollo Client's client awareness and its
 * CSRF-preflight header, W3C trace context, and what proxies and SDKs add for request ids.
 */
export const DEFAULT_CORS_ALLOWED_HEADERS: readonly string[] = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Idempotency-Key',
  'If-Match',
  'X-Correlation-Id',
  'X-Request-Id',
  MIN_POSITION_HEADER,
  'apollographql-client-name',
  'apollographql-client-version',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'traceparent',
  'tracestate',
  'baggage',
];

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

function readCorsAllowedHeaders(env: EnvironmentReader): readonly string[] {
  const raw = env.text('LEDGER_CORS_ALLOWED_HEADERS', '');
  if (raw === '') return DEFAULT_CORS_ALLOWED_HEADERS;
  const headers = raw.split(',').map((name) => name.trim());
  const invalid = headers.filter((name) => !HEADER_NAME.test(name));
  if (invalid.length > 0)
    env.problems.push(`LEDGER_CORS_ALLOWED_HEADERS must be a comma-separated list of header names, got "${invalid.join('", "')}"`);
  return headers;
}
