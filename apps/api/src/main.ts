import 'reflect-metadata';

import { describeStorage, openLedgerStorage, StorageUnavailableError } from '@ledger/event-store';
import { ConfigError } from '@ledger/ledger';
import { Logger } from '@nestjs/common';

import { createApp } from './app';
import { describeDevelopmentCredentials, makeDevelopmentCredentials } from './auth/development-tokens';
import { loadApiConfig } from './config';
import { exitGracefullyOnSignals } from './observability/graceful-shutdown';

async function main(): Promise<void> {
  let config;
  try {
    config = loadApiConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One clear line per problem, then stop: a bad value never starts a half-configured server.
      for (const problem of error.problems) process.stderr.write(`configuration error: ${problem}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Only outside production: the configuration refuses a production start without a secret.
  const credentials = config.auth.jwtSecret === undefined ? makeDevelopmentCredentials() : undefined;
  if (credentials) config = { ...config, auth: { ...config.auth, jwtSecret: credentials.secret } };
  let storage;
  try {
    // A connection the database ended is made again by the store; it is told, not fatal.
    const storeLogger = new Logger('Store');
    storage = await openLedgerStorage(config.storage, {
      onConnectionError: (error) => storeLogger.warn(`database connection lost (the store reconnects): ${error.message}`),
    });
  } catch (error) {
    if (error instanceof StorageUnavailableError) {
      // The store is unreachable or refuses us: one line saying what to fix, not a stack trace.
      process.stderr.write(`start-up error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config, { storage });
  exitGracefullyOnSignals(app, { timeoutMs: config.observability.shutdownTimeoutMs });
  await app.listen(config.port);
  new Logger('Ledger').log(`sales ledger listening on http://localhost:${config.port} (store: ${describeStorage(config.storage)})`);
  if (credentials) process.stdout.write(`${describeDevelopmentCredentials(credentials, config.port)}\n`);
}

void main();
