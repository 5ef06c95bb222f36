import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { ConfigError } from '@ledger/ledger';

import { loadApiConfig } from './config';
import { DEFAULT_CORS_ALLOWED_HEADERS } from './edge/hardening-config';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const CHECKPOINT_KEY_PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The problems a refused configuration names; fails when the configuration is accepted or refused otherwise. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadApiConfig(env);
  } catch (caught) {
    if (caught instanceof ConfigError) return caught.problems;
    throw caught;
  }
  throw new Error(`expected the configuration to be refused: ${JSON.stringify(env)}`);
}

describe('API configuration from the environment', () => {
  it('starts on the embedded store with defaults', () => {
    expect(loadApiConfig({})).toEqual({
      port: 3000,
      bodyLimitBytes: 1024 * 1024,
      maxClockSkewMs: 300_000,
      earliestOccurredAt: new Date('2000-01-01T00:00:00.000Z'),
      readWaitMs: 5_000,
      leaseTtlMs: 5_000,
      atRiskDays: 90,
      timeZone: 'UTC',
      storage: { kind: 'sqlite', path: path.resolve('./data/ledger.db'), synchronous: 'NORMAL' },
      policies: {
        enabled: ['auto-handoff', 'key-account-escalation'],
        autoHandoff: { reorders: 3, days: 90 },
        keyAccount: { thresholds: { EUR: 100_000_000, GBP: 100_000_000, USD: 100_000_000 } },
        checkIntervalMs: 60_000,
      },
      auth: { jwtSecret: undefined, apiKeys: new Map(), production: false, maxTokenLifetimeSeconds: 86_400 },
      hardening: {
        corsOrigins: 'none',
        corsAllowedHeaders: DEFAULT_CORS_ALLOWED_HEADERS,
        rateLimitPerMinute: 1_200,
        requestTimeoutMs: 30_000,
        graphqlMaxMutations: 10,
        graphqlIntrospection: true,
        openApiDocs: true,
        connections: { headersTimeoutMs: 10_000, receiveTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 },
      },
      observability: { logLevel: 'info', logFormat: 'pretty', readyMaxLag: 1000, shutdownTimeoutMs: 10_000 },
      evidence: { keyName: 'sales-ledger', origin: 'sales-ledger/log', checkpointIntervalMs: 3_600_000 },
      readModelCheckIntervalMs: 86_400_000,
    });
  });

  it('reads every variable', () => {
    const config = loadApiConfig({
      PORT: '8080',
      LEDGER_STORE: 'sqlite',
      LEDGER_SQLITE_PATH: '/tmp/x.db',
      LEDGER_SQLITE_SYNCHRONOUS: 'FULL',
      LEDGER_BODY_LIMIT_BYTES: '2048',
      LEDGER_MAX_CLOCK_SKEW_SECONDS: '60',
      LEDGER_EARLIEST_BUSINESS_TIME: '1990-01-01',
      LEDGER_AT_RISK_DAYS: '45',
      LEDGER_TIME_ZONE: 'europe/budapest',
      LEDGER_READ_WAIT_MS: '2500',
      LEDGER_LEASE_SECONDS: '10',
      LEDGER_POLICIES: 'key-account-escalation',
      LEDGER_HANDOFF_AFTER_REORDERS: '5',
      LEDGER_HANDOFF_AFTER_DAYS: '30',
      LEDGER_KEY_ACCOUNT_THRESHOLDS: 'EUR=2500000, CHF=3000000',
      LEDGER_POLICY_CHECK_SECONDS: '10',
      NODE_ENV: 'production',
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_API_KEYS: 'svc-key-0123456789abcdef=analyst:bi-export, other-key-0123456789=admin:ops',
      LEDGER_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      LEDGER_CORS_ALLOWED_HEADERS: 'Authorization, Content-Type, X-Custom',
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
      LEDGER_GRAPHQL_MAX_MUTATIONS: '25',
      LEDGER_GRAPHQL_INTROSPECTION: 'true',
      LEDGER_OPENAPI_DOCS: 'true',
      LEDGER_REQUEST_TIMEOUT_MS: '5000',
      LEDGER_HEADERS_TIMEOUT_MS: '4000',
      LEDGER_RECEIVE_TIMEOUT_MS: '60000',
      LEDGER_KEEP_ALIVE_TIMEOUT_MS: '65000',
      LEDGER_MAX_CONNECTIONS: '200',
      LEDGER_JWT_MAX_LIFETIME_SECONDS: '3600',
      LEDGER_LOG_LEVEL: 'debug',
      LEDGER_LOG_FORMAT: 'pretty',
      LEDGER_READY_MAX_LAG: '50',
      LEDGER_SHUTDOWN_TIMEOUT_MS: '3000',
      LEDGER_CHECKPOINT_KEY: CHECKPOINT_KEY_PEM,
      LEDGER_CHECKPOINT_KEY_NAME: 'ledger.example.com',
      LEDGER_CHECKPOINT_ORIGIN: 'ledger.example.com/sales',
      LEDGER_CHECKPOINT_INTERVAL_SECONDS: '600',
      LEDGER_CHECKPOINT_DIR: '/var/lib/ledger/checkpoints',
      LEDGER_READ_MODEL_CHECK_INTERVAL_SECONDS: '3600',
    });
    expect(config).toEqual({
      port: 8080,
      bodyLimitBytes: 2048,
      maxClockSkewMs: 60_000,
      earliestOccurredAt: new Date('1990-01-01T00:00:00.000Z'),
      readWaitMs: 2_500,
      leaseTtlMs: 10_000,
      atRiskDays: 45,
      timeZone: 'Europe/Budapest',
      storage: { kind: 'sqlite', path: '/tmp/x.db', synchronous: 'FULL' },
      policies: {
        enabled: ['key-account-escalation'],
        autoHandoff: { reorders: 5, days: 30 },
        keyAccount: { thresholds: { EUR: 2_500_000, CHF: 3_000_000 } },
        checkIntervalMs: 10_000,
      },
      auth: {
        jwtSecret: SECRET,
        apiKeys: new Map([
          ['svc-key-0123456789abcdef', { role: 'analyst', actorId: 'bi-export' }],
          ['other-key-0123456789', { role: 'admin', actorId: 'ops' }],
        ]),
        production: true,
        maxTokenLifetimeSeconds: 3_600,
      },
      hardening: {
        corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
        corsAllowedHeaders: ['Authorization', 'Content-Type', 'X-Custom'],
        rateLimitPerMinute: 0,
        requestTimeoutMs: 5_000,
        graphqlMaxMutations: 25,
        graphqlIntrospection: true,
        openApiDocs: true,
        connections: { headersTimeoutMs: 4_000, receiveTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000, maxConnections: 200 },
      },
      observability: { logLevel: 'debug', logFormat: 'pretty', readyMaxLag: 50, shutdownTimeoutMs: 3_000 },
      evidence: {
        privateKeyPem: CHECKPOINT_KEY_PEM,
        keyName: 'ledger.example.com',
        origin: 'ledger.example.com/sales',
        checkpointIntervalMs: 600_000,
        checkpointDir: '/var/lib/ledger/checkpoints',
      },
      readModelCheckIntervalMs: 3_600_000,
    });
  });

  it('reads the checkpoint key from a file, and names a key that is missing, unreadable or not Ed25519', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ledger-config-'));
    try {
      const file = path.join(folder, 'checkpoint.pem');
      writeFileSync(file, CHECKPOINT_KEY_PEM);
      expect(loadApiConfig({ LEDGER_CHECKPOINT_KEY: file }).evidence.privateKeyPem).toBe(CHECKPOINT_KEY_PEM);
      expect(() => loadApiConfig({ LEDGER_CHECKPOINT_KEY: path.join(folder, 'absent.pem') })).toThrow(
        /LEDGER_CHECKPOINT_KEY names a file that cannot be read \(ENOENT\)/,
      );
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(() => loadApiConfig({ LEDGER_CHECKPOINT_KEY: rsa })).toThrow(
        /LEDGER_CHECKPOINT_KEY must be an Ed25519 private key in PKCS#8 PEM/,
      );
      expect(() => loadApiConfig({ LEDGER_CHECKPOINT_KEY_NAME: 'two words' })).toThrow(/LEDGER_CHECKPOINT_KEY_NAME must have no spaces/);
      // A timer of more than 2^31 ms would fire at once, over and over.
      expect(() => loadApiConfig({ LEDGER_CHECKPOINT_INTERVAL_SECONDS: '604801' })).toThrow(
        /LEDGER_CHECKPOINT_INTERVAL_SECONDS must be a whole number from 0 to 604800/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("refuses a receive timeout shorter than the headers timeout (Node measures both from the request's start)", () => {
    expect(() => loadApiConfig({ LEDGER_HEADERS_TIMEOUT_MS: '20000', LEDGER_RECEIVE_TIMEOUT_MS: '10000' })).toThrow(
      'LEDGER_RECEIVE_TIMEOUT_MS must not be less than LEDGER_HEADERS_TIMEOUT_MS',
    );
  });

  it('takes * for CORS from anywhere, and names a CORS origin that is not one', () => {
    expect(loadApiConfig({ LEDGER_CORS_ORIGINS: '*' }).hardening.corsOrigins).toBe('*');
    // Production shows no schema unless told to.
    const production = loadApiConfig({ NODE_ENV: 'production', LEDGER_JWT_SECRET: 'a-production-secret-of-thirty-two-chars' }).hardening;
    expect(production).toMatchObject({ graphqlIntrospection: false, openApiDocs: false });
    expect(() => loadApiConfig({ LEDGER_CORS_ORIGINS: 'https://ok.example.com,app.example.com/path' })).toThrow(
      'LEDGER_CORS_ORIGINS must be * or a comma-separated list of origins like https://app.example.com, got "app.example.com/path"',
    );
    expect(() => loadApiConfig({ LEDGER_CORS_ALLOWED_HEADERS: 'Authorization, Bad Header' })).toThrow(
      'LEDGER_CORS_ALLOWED_HEADERS must be a comma-separated list of header names, got "Bad Header"',
    );
  });

  it('refuses a company time zone that is no IANA name, in one line', () => {
    expect(() => loadApiConfig({ LEDGER_TIME_ZONE: 'Europe/Budapst' })).toThrow(
      'LEDGER_TIME_ZONE must be an IANA time zone name such as Europe/Budapest or UTC, got "Europe/Budapst"',
    );
    expect(() => loadApiConfig({ LEDGER_TIME_ZONE: '+01:00' })).toThrow('LEDGER_TIME_ZONE must be an IANA time zone name');
  });

  it('reads the earliest business time as a date or a zoned time, and names one that is neither', () => {
    expect(loadApiConfig({ LEDGER_EARLIEST_BUSINESS_TIME: '2015-07-01T00:00:00+02:00' }).earliestOccurredAt).toEqual(
      new Date('2015-06-30T22:00:00.000Z'),
    );
    expect(() => loadApiConfig({ LEDGER_EARLIEST_BUSINESS_TIME: '1 January 2000' })).toThrow(
      'LEDGER_EARLIEST_BUSINESS_TIME must be a date such as 2000-01-01 or an ISO 8601 time with a zone, got "1 January 2000"',
    );
  });

  it('names every bad variable at once', () => {
    expect(
      problemsOf({ PORT: 'eighty', LEDGER_STORE: 'eventstoredb', LEDGER_SQLITE_SYNCHRONOUS: 'OFF', LEDGER_BODY_LIMIT_BYTES: '-5' }),
    ).toEqual([
      'LEDGER_STORE=eventstoredb needs EVENTSTORE_URL, a connection string such as esdb://localhost:2113?tls=false',
      'LEDGER_SQLITE_SYNCHRONOUS must be one of NORMAL, FULL, got "OFF"',
      'PORT must be a whole number from 0 to 65535, got "eighty"',
      'LEDGER_BODY_LIMIT_BYTES must be a whole number from 1024 to 67108864, got "-5"',
    ]);
  });

  it('reads the PostgreSQL store, and names a missing URL or a bad schema', () => {
    expect(
      loadApiConfig({
        LEDGER_STORE: 'postgres',
        LEDGER_POSTGRES_URL: 'postgresql://ledger:secret@db:5432/ledger',
        LEDGER_POSTGRES_SCHEMA: 'sales',
      }).storage,
    ).toEqual({
      kind: 'postgres',
      url: 'postgresql://ledger:secret@db:5432/ledger',
      schema: 'sales',
      statementTimeoutMs: 10_000,
      acquireTimeoutMs: 5_000,
      poolSize: 10,
    });
    expect(loadApiConfig({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: 'postgres://db/ledger' }).storage).toMatchObject({
      schema: 'public',
    });
    expect(
      loadApiConfig({
        LEDGER_STORE: 'postgres',
        LEDGER_POSTGRES_URL: 'postgres://db/ledger',
        LEDGER_POSTGRES_STATEMENT_TIMEOUT_MS: '2500',
        LEDGER_POSTGRES_ACQUIRE_TIMEOUT_MS: '0',
        LEDGER_POSTGRES_POOL_SIZE: '4',
      }).storage,
    ).toMatchObject({ statementTimeoutMs: 2_500, acquireTimeoutMs: 0, poolSize: 4 });
    expect(() =>
      loadApiConfig({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: 'postgres://db/ledger', LEDGER_POSTGRES_POOL_SIZE: '0' }),
    ).toThrow('LEDGER_POSTGRES_POOL_SIZE must be a whole number from 1 to 1000, got "0"');
    expect(problemsOf({ LEDGER_STORE: 'postgres', LEDGER_POSTGRES_SCHEMA: 'Sales; DROP' })).toEqual([
      'LEDGER_STORE=postgres needs LEDGER_POSTGRES_URL, a postgresql://user:password@host:port/database URL',
      'LEDGER_POSTGRES_SCHEMA must be a lowercase SQL identifier, got "Sales; DROP"',
    ]);
  });

  it('reads the EventStoreDB store with its read models in SQLite by default, or in PostgreSQL', () => {
    expect(loadApiConfig({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }).storage).toEqual({
      kind: 'eventstoredb',
      url: 'esdb://localhost:2113?tls=false',
      readModels: { kind: 'sqlite', path: path.resolve('./data/read-models.db'), synchronous: 'NORMAL' },
    });
    expect(
      loadApiConfig({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'kurrentdb+discover://admin:changeit@cluster:2113',
        LEDGER_READ_MODEL_STORE: 'postgres',
        LEDGER_POSTGRES_URL: 'postgresql://db/ledger',
        LEDGER_POSTGRES_SCHEMA: 'read_models',
      }).storage,
    ).toEqual({
      kind: 'eventstoredb',
      url: 'kurrentdb+discover://admin:changeit@cluster:2113',
      readModels: {
        kind: 'postgres',
        url: 'postgresql://db/ledger',
        schema: 'read_models',
        statementTimeoutMs: 10_000,
        acquireTimeoutMs: 5_000,
        poolSize: 10,
      },
    });
    expect(
      problemsOf({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://localhost:2113', LEDGER_READ_MODEL_STORE: 'eventstoredb' }),
    ).toEqual([
      'LEDGER_STORE=eventstoredb needs EVENTSTORE_URL, a connection string such as esdb://localhost:2113?tls=false, got "http://localhost:2113"',
      'LEDGER_READ_MODEL_STORE must be one of sqlite, postgres, got "eventstoredb"',
    ]);
  });

  it('switches every policy off with LEDGER_POLICIES=none, and names bad policy settings', () => {
    expect(loadApiConfig({ LEDGER_POLICIES: 'none' }).policies.enabled).toEqual([]);
    expect(
      problemsOf({
        LEDGER_POLICIES: 'auto-handoff,handoff-everything',
        LEDGER_HANDOFF_AFTER_REORDERS: '0',
        LEDGER_HANDOFF_AFTER_DAYS: 'ninety',
        LEDGER_KEY_ACCOUNT_THRESHOLDS: 'EUR=1.5',
      }),
    ).toEqual([
      'LEDGER_POLICIES must be "none" or a comma-separated list of auto-handoff, key-account-escalation, got "auto-handoff,handoff-everything"',
      'LEDGER_HANDOFF_AFTER_REORDERS must be a whole number from 1 to 10000, got "0"',
      'LEDGER_HANDOFF_AFTER_DAYS must be a whole number from 1 to 3650, got "ninety"',
      'LEDGER_KEY_ACCOUNT_THRESHOLDS must list CURRENCY=amount pairs in minor units, comma-separated (e.g. "EUR=100000000,USD=120000000"), got "EUR=1.5"',
    ]);
  });

  it('logs for people in development and JSON elsewhere unless told otherwise, and names a bad log level or timeout', () => {
    expect(loadApiConfig({ NODE_ENV: 'production', LEDGER_JWT_SECRET: SECRET }).observability.logFormat).toBe('json');
    expect(loadApiConfig({ NODE_ENV: 'test' }).observability.logFormat).toBe('json');
    expect(loadApiConfig({ NODE_ENV: 'development', LEDGER_LOG_FORMAT: 'json' }).observability.logFormat).toBe('json');
    expect(() => loadApiConfig({ LEDGER_LOG_LEVEL: 'verbose', LEDGER_SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(
      'LEDGER_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"; LEDGER_SHUTDOWN_TIMEOUT_MS must be a whole number from 100 to 600000, got "0"',
    );
  });

  it("keeps :memory: as SQLite's in-memory database, not a file of that name", () => {
    expect(loadApiConfig({ LEDGER_SQLITE_PATH: ':memory:' }).storage).toMatchObject({ path: ':memory:' });
  });

  it('refuses to start in production without a JWT secret', () => {
    expect(() => loadApiConfig({ NODE_ENV: 'production' })).toThrow(
      'LEDGER_JWT_SECRET must be set when NODE_ENV=production (development tokens are never made in production)',
    );
  });

  it('names what is wrong with a short secret and with each bad API key', () => {
    expect(
      problemsOf({
        LEDGER_JWT_SECRET: 'short',
        LEDGER_API_KEYS: 'nokey,short=admin:ops,long-enough-key-123=boss:ops,long-enough-key-456=admin:bad id',
      }),
    ).toEqual([
      'LEDGER_JWT_SECRET must be at least 32 characters (HS256 wants a long random secret)',
      'LEDGER_API_KEYS entry 1 must look like key=role:actorId',
      'LEDGER_API_KEYS entry 2: the key must be at least 16 characters',
      'LEDGER_API_KEYS entry 3: role "boss" is not one of rep, head, manager, key_account_owner, analyst, auditor, admin',
      'LEDGER_API_KEYS entry 4 must look like key=role:actorId',
    ]);
  });
});
