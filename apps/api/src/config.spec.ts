import { ConfigError } from '@ledger/ledger';
import * as path from 'node:path';
import { loadApiConfig } from './config';

describe('API configuration from the environment', () => {
  it('starts on the embedded store with defaults', () => {
    expect(loadApiConfig({})).toEqual({
      port: 3000,
      bodyLimitBytes: 1024 * 1024,
      maxClockSkewMs: 300_000,
      atRiskDays: 90,
      storage: { kind: 'sqlite', path: path.resolve('./data/ledger.db'), synchronous: 'NORMAL' },
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
      LEDGER_AT_RISK_DAYS: '45',
    });
    expect(config).toEqual({
      port: 8080,
      bodyLimitBytes: 2048,
      maxClockSkewMs: 60_000,
      atRiskDays: 45,
      storage: { kind: 'sqlite', path: '/tmp/x.db', synchronous: 'FULL' },
    });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadApiConfig({ PORT: 'eighty', LEDGER_STORE: 'postgres', LEDGER_SQLITE_SYNCHRONOUS: 'OFF', LEDGER_BODY_LIMIT_BYTES: '-5' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'LEDGER_STORE=postgres is not available in this version yet; use sqlite',
      'LEDGER_SQLITE_SYNCHRONOUS must be one of NORMAL, FULL, got "OFF"',
      'PORT must be a whole number from 0 to 65535, got "eighty"',
      'LEDGER_BODY_LIMIT_BYTES must be a whole number from 1024 to 67108864, got "-5"',
    ]);
  });
});
