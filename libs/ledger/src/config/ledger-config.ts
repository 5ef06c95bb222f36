import * as path from 'node:path';

import { DEFAULT_EARLIEST_OCCURRED_AT, DEFAULT_MAX_CLOCK_SKEW_MS, parseZonedTime } from '@ledger/domain';
import {
  DEFAULT_POSTGRES_ACQUIRE_TIMEOUT_MS,
  DEFAULT_POSTGRES_POOL_SIZE,
  DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS,
  type SqlStorageConfig,
  type StorageConfig,
} from '@ledger/event-store';
import { canonicalTimeZone, DEFAULT_AT_RISK_DAYS, UTC_ZONE } from '@ledger/projections';

import { type EvidenceSettings, readEvidenceSettings } from '../evidence/evidence-settings';
import type { PolicySettings } from '../policies/ledger-policies';
import { readPolicySettings } from '../policies/policy-settings';
import type { EnvironmentReader } from './environment';

export const STORE_KINDS = ['sqlite', 'postgres', 'eventstoredb'] as const;

/** What every process over the ledger (API, CLI) configures the same way. */
export interface LedgerConfig {
  readonly storage: StorageConfig;
  readonly maxClockSkewMs: number;
  /** The earliest business time a command or an imported row may carry. */
  readonly earliestOccurredAt: Date;
  readonly atRiskDays: number;
  /** The company's time zone (an IANA name): reports' days and months, unless a request names another. */
  readonly timeZone: string;
  readonly policies: PolicySettings;
  /** How long a read naming a position (minPosition) waits for the read models to store it. */
  readonly readWaitMs: number;
  /** How long the read-model lease lasts unrenewed: another API process takes the work over this long after its holder died. */
  readonly leaseTtlMs: number;
  /** The signed checkpoints of the Merkle tree over the log: key, names and schedule. */
  readonly evidence: EvidenceSettings;
  /** How often the API process that runs the projections checks them against the log; 0: only on demand. */
  readonly readModelCheckIntervalMs: number;
}

export function readLedgerConfig(env: EnvironmentReader): LedgerConfig {
  return {
    storage: readStorageConfig(env),
    maxClockSkewMs: env.integer('LEDGER_MAX_CLOCK_SKEW_SECONDS', DEFAULT_MAX_CLOCK_SKEW_MS / 1000, 0, 24 * 3600) * 1000,
    earliestOccurredAt: readEarliestOccurredAt(env),
    atRiskDays: env.integer('LEDGER_AT_RISK_DAYS', DEFAULT_AT_RISK_DAYS, 1, 3650),
    timeZone: readTimeZone(env),
    policies: readPolicySettings(env),
    readWaitMs: env.integer('LEDGER_READ_WAIT_MS', 5_000, 0, 60_000),
    leaseTtlMs: env.integer('LEDGER_LEASE_SECONDS', 5, 1, 300) * 1000,
    evidence: readEvidenceSettings(env),
    readModelCheckIntervalMs: env.integer('LEDGER_READ_MODEL_CHECK_INTERVAL_SECONDS', 86_400, 0, 30 * 86_400) * 1000,
  };
}

/** An IANA time zone name, kept in its canonical spelling (the read models' version names it). */
function readTimeZone(env: EnvironmentReader): string {
  const raw = env.text('LEDGER_TIME_ZONE', UTC_ZONE);
  const zone = canonicalTimeZone(raw);
  if (zone === undefined) {
    env.problems.push(`LEDGER_TIME_ZONE must be an IANA time zone name such as Europe/Budapest or UTC, got "${raw}"`);
    return UTC_ZONE;
  }
  return zone;
}

/** A date (midnight UTC) or an ISO 8601 time with a zone. */
function readEarliestOccurredAt(env: EnvironmentReader): Date {
  const raw = env.text('LEDGER_EARLIEST_BUSINESS_TIME', '');
  if (raw === '') return DEFAULT_EARLIEST_OCCURRED_AT;
  const at = parseZonedTime(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(at)) {
    env.problems.push(`LEDGER_EARLIEST_BUSINESS_TIME must be a date such as 2000-01-01 or an ISO 8601 time with a zone, got "${raw}"`);
    return DEFAULT_EARLIEST_OCCURRED_AT;
  }
  return new Date(at);
}

function readStorageConfig(env: EnvironmentReader): StorageConfig {
  const store = env.oneOf('LEDGER_STORE', STORE_KINDS, 'sqlite');
  if (store === 'eventstoredb') {
    const url = env.text('EVENTSTORE_URL', '');
    if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/./.test(url)) {
      env.problems.push(
        `LEDGER_STORE=eventstoredb needs EVENTSTORE_URL, a connection string such as esdb://localhost:2113?tls=false${url === '' ? '' : `, got "${url}"`}`,
      );
    }
    const readModels = env.oneOf('LEDGER_READ_MODEL_STORE', SQL_STORE_KINDS, 'sqlite');
    return { kind: 'eventstoredb', url, readModels: readSqlStorageConfig(env, readModels, './data/read-models.db') };
  }
  return readSqlStorageConfig(env, store, './data/ledger.db');
}

const SQL_STORE_KINDS = ['sqlite', 'postgres'] as const;

function readSqlStorageConfig(
  env: EnvironmentReader,
  store: (typeof SQL_STORE_KINDS)[number],
  defaultSqlitePath: string,
): SqlStorageConfig {
  if (store === 'postgres') {
    const url = env.text('LEDGER_POSTGRES_URL', '');
    if (!/^postgres(ql)?:\/\//.test(url)) {
      env.problems.push(
        `LEDGER_STORE=postgres needs LEDGER_POSTGRES_URL, a postgresql://user:password@host:port/database URL${url === '' ? '' : `, got "${url}"`}`,
      );
    }
    const schema = env.text('LEDGER_POSTGRES_SCHEMA', 'public');
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      env.problems.push(`LEDGER_POSTGRES_SCHEMA must be a lowercase SQL identifier, got "${schema}"`);
    return {
      kind: 'postgres',
      url,
      schema,
      statementTimeoutMs: env.integer('LEDGER_POSTGRES_STATEMENT_TIMEOUT_MS', DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS, 0, 3_600_000),
      acquireTimeoutMs: env.integer('LEDGER_POSTGRES_ACQUIRE_TIMEOUT_MS', DEFAULT_POSTGRES_ACQUIRE_TIMEOUT_MS, 0, 600_000),
      poolSize: env.integer('LEDGER_POSTGRES_POOL_SIZE', DEFAULT_POSTGRES_POOL_SIZE, 1, 1_000),
    };
  }
  return {
    kind: 'sqlite',
    path: sqlitePath(env.text('LEDGER_SQLITE_PATH', defaultSqlitePath)),
    synchronous: env.oneOf('LEDGER_SQLITE_SYNCHRONOUS', ['NORMAL', 'FULL'] as const, 'NORMAL'),
  };
}

/** A file path is made absolute; SQLite's own name for a throwaway in-memory database is kept as it is. */
const sqlitePath = (value: string): string => (value === ':memory:' ? value : path.resolve(value));
