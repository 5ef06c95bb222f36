#!/usr/bin/env node
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { INestApplicationContext } from '@nestjs/common';
import { parseZonedTime } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  ConfigError,
  EnvironmentReader,
  EVENT_STORE,
  GetClientQuery,
  GetLeadQuery,
  LedgerError,
  readLedgerConfig,
} from '@ledger/ledger';
import { Command, InvalidArgumentError } from 'commander';
import { CliModule } from './cli.module';

/** For analysts and auditors: read the ledger from a terminal, over the same application layer as the API. */
async function withLedger<T>(run: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const env = new EnvironmentReader(process.env);
  const config = readLedgerConfig(env);
  env.done();
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

const wholeNumber = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
};

const businessTime = (value: string): string => {
  if (Number.isNaN(parseZonedTime(value))) {
    throw new InvalidArgumentError('expected an ISO 8601 time with a zone, e.g. 2024-06-30T23:59:59Z');
  }
  return new Date(value).toISOString();
};

const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

export function buildProgram(): Command {
  const program = new Command('ledger')
    .description('Sales ledger command line: read the event log, streams, clients and leads.')
    .showHelpAfterError();

  program
    .command('events')
    .description('print the global log in order, one JSON event per line (NDJSON)')
    .option('--after <position>', 'start after this global position', wholeNumber, 0)
    .option('--limit <count>', 'print at most this many events', wholeNumber)
    .action((options: { after: number; limit?: number }) =>
      withLedger(async (app) => {
        const store = app.get<EventStore>(EVENT_STORE);
        let after = options.after;
        let left = options.limit ?? Number.POSITIVE_INFINITY;
        while (left > 0) {
          const page = await store.readAll({ after, limit: Math.min(1000, left) });
          if (page.length === 0) break;
          for (const event of page) process.stdout.write(`${JSON.stringify(event)}\n`);
          after = page.at(-1)!.position;
          left -= page.length;
        }
      }),
    );

  program
    .command('stream <streamId>')
    .description('print one stream (e.g. client-c-1) oldest first, as NDJSON')
    .action((streamId: string) =>
      withLedger(async (app) => {
        for (const event of await app.get<EventStore>(EVENT_STORE).readStream(streamId)) process.stdout.write(`${JSON.stringify(event)}\n`);
      }),
    );

  program
    .command('client <clientId>')
    .description("print a client's status, owner, orders and revenue")
    .option('--as-of <time>', 'as it stood at this business time (ISO 8601 with a zone)', businessTime)
    .action((clientId: string, options: { asOf?: string }) =>
      withLedger(async (app) => printJson(await app.get(QueryBus).execute(new GetClientQuery(clientId, options.asOf)))),
    );

  program
    .command('lead <leadId>')
    .description("print a lead's stage, owner and contacts")
    .option('--as-of <time>', 'as it stood at this business time (ISO 8601 with a zone)', businessTime)
    .action((leadId: string, options: { asOf?: string }) =>
      withLedger(async (app) => printJson(await app.get(QueryBus).execute(new GetLeadQuery(leadId, options.asOf)))),
    );

  program
    .command('head')
    .description('print the position of the newest event (0 for an empty ledger)')
    .action(() => withLedger(async (app) => printJson({ headPosition: await app.get<EventStore>(EVENT_STORE).headPosition() })));

  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) error.problems.forEach((problem) => process.stderr.write(`configuration error: ${problem}\n`));
      else if (error instanceof LedgerError) process.stderr.write(`${error.failure.code}: ${error.failure.message}\n`);
      else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
