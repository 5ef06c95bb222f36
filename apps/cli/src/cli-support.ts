import { once } from 'node:events';

import { parseZonedTime } from '@ledger/domain';
import { openLedgerStorage } from '@ledger/event-store';
import { EnvironmentReader, type LedgerConfig, readLedgerConfig } from '@ledger/ledger';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidArgumentError } from 'commander';

import { CliModule } from './cli.module';

/** For analysts and auditors: read the ledger from a terminal, over the same application layer as the API. */
export async function withLedger<T>(run: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = readCliConfig();
  const storage = await openLedgerStorage(config.storage);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, storage), { logger: ['error', 'warn'] });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

/** The ledger's configuration from the LEDGER_* variables, as the API reads it; every bad value named at once. */
export function readCliConfig(): LedgerConfig {
  const env = new EnvironmentReader(process.env);
  const config = readLedgerConfig(env);
  env.done();
  return config;
}

export const wholeNumber = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
};

export const positiveWholeNumber = (value: string): number => {
  const number = wholeNumber(value);
  if (number === 0) throw new InvalidArgumentError('expected a whole number above 0');
  return number;
};

export const businessTime = (value: string): string => {
  if (Number.isNaN(parseZonedTime(value))) {
    throw new InvalidArgumentError('expected an ISO 8601 time with a zone, e.g. 2024-06-30T23:59:59Z');
  }
  return new Date(value).toISOString();
};

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Prints one line, waiting while the reader is behind: a log of any length streams through a pipe in bounded memory. */
export async function printLine(line: string): Promise<void> {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
}
