#!/usr/bin/env node
import 'reflect-metadata';

import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { DuplicateEventIdError, type EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import {
  appendCompanyHistory,
  COMPANY_HISTORY_DEFAULTS,
  companyHistorySpan,
  ConfigError,
  EVENT_STORE,
  generateCompanyHistory,
  GetClientQuery,
  GetLeadQuery,
  GetProjectionStatusQuery,
  LedgerError,
  PROJECTION_RUNNER,
  RebuildProjectionCommand,
} from '@ledger/ledger';
import { type HistoricalBounds, LEDGER_PROJECTIONS, type ProjectionRunner } from '@ledger/projections';
import { CommandBus, type Query, QueryBus } from '@nestjs/cqrs';
import { Command, InvalidArgumentError } from 'commander';

import { registerCheckReadModelsCommand } from './check-read-models.command';
import { businessTime, positiveWholeNumber, printJson, printLine, wholeNumber, withLedger } from './cli-support';
import { registerExportCommand } from './export.command';
import { registerImportCommand } from './import.command';
import { registerMigrateCommand } from './migrate.command';
import { progressBar } from './progress';
import { registerReplayCommand } from './replay.command';
import { registerRestoreCommand } from './restore.command';
import { registerVerifyCommand } from './verify.command';
import { registerVerifyEvidenceCommand } from './verify-evidence.command';

/** A command line the program does not understand (unknown command or option, a bad value): sysexits' EX_USAGE. */
export const USAGE_EXIT_CODE = 64;

export function buildProgram(): Command {
  const program = new Command('ledger')
    .description(
      'Sales ledger command line: read the event log, streams, clients and leads; generate a demo company; migrate a ledger to another store.',
    )
    .version(packageVersion(), '--version', 'print the version')
    .showHelpAfterError()
    .addHelpText(
      'after',
      [
        '',
        'Configuration: the same LEDGER_* variables as the API (LEDGER_STORE, LEDGER_SQLITE_PATH, LEDGER_POSTGRES_URL, EVENTSTORE_URL, ...; see the README).',
        '',
        'Exit codes:',
        '  0   done',
        '  1   failed: a bad configuration value, a store that cannot be opened, a refused request (the reason on stderr)',
        `  2   import: invalid rows refused the file`,
        `  3   verify: the hash chain is broken; verify-evidence: a check of the bundle failed; check-read-models: a read model differs from the log`,
        `  ${USAGE_EXIT_CODE}  the command line was not understood (unknown command or option, a bad value)`,
      ].join('\n'),
    )
    // Scripts can tell a mistyped command line from a failure of the ledger.
    .exitOverride((error) => {
      const usage = error.exitCode !== 0 && error.code.startsWith('commander.') && error.code !== 'commander.executeSubCommandAsync';
      process.exit(usage ? USAGE_EXIT_CODE : error.exitCode);
    });

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
          for (const event of page) await printLine(JSON.stringify(event));
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
        for (const event of await app.get<EventStore>(EVENT_STORE).readStream(streamId)) await printLine(JSON.stringify(event));
      }),
    );

  registerObjectCommand(program, 'client <clientId>', "print a client's status, owner, orders and revenue", GetClientQuery);
  registerObjectCommand(program, 'lead <leadId>', "print a lead's stage, owner and contacts", GetLeadQuery);

  program
    .command('demo')
    .description(
      'append a generated, realistic sales company (leads, wins, reorders, handoffs, key accounts) to the ledger; ' +
        'the same options always give the same events, so running it again appends nothing',
    )
    .option('--months <n>', 'months of business history', positiveWholeNumber, COMPANY_HISTORY_DEFAULTS.months)
    .option(
      '--leads-per-month <n>',
      'new leads a month, the scale knob (60: ~9k events over 24 months; 6500: ~1M)',
      wholeNumber,
      COMPANY_HISTORY_DEFAULTS.leadsPerMonth,
    )
    .option('--seed <n>', 'seed of the pseudo-random choices', wholeNumber, COMPANY_HISTORY_DEFAULTS.seed)
    .option('--start <time>', 'when the company is founded (ISO 8601 with a zone)', businessTime, COMPANY_HISTORY_DEFAULTS.start)
    .action(async (options: { months: number; leadsPerMonth: number; seed: number; start: string }) => {
      const history = { months: options.months, leadsPerMonth: options.leadsPerMonth, seed: options.seed, start: options.start };
      // The ledger refuses business time beyond the near future; so does the demo.
      const span = companyHistorySpan(history);
      if (Date.parse(span.end) > Date.now()) {
        throw new InvalidArgumentError(`the history would run until ${span.end}, past now: choose an earlier --start or fewer --months`);
      }
      await withLedger(async (app) => {
        const started = process.hrtime.bigint();
        // The history's own clock is the measure of progress: how many of its days have been appended.
        const days = (iso: string) => Math.floor((Date.parse(iso) - Date.parse(span.start)) / 86_400_000);
        const progress = progressBar('demo', days(span.end), 'days of history');
        const generated = generateCompanyHistory(history);
        const tracked = (function* () {
          for (const append of generated) {
            progress.update(Math.max(0, days(append.events.at(-1)?.occurredAt ?? span.start)));
            yield append;
          }
        })();
        const result = await appendCompanyHistory(app.get<EventStore>(EVENT_STORE), tracked, {
          // A terminal gets the bar; a log gets a line now and then.
          onProgress: process.stderr.isTTY ? undefined : (events) => process.stderr.write(`demo: ${events} events appended\n`),
        })
          .then((appended) => {
            progress.update(days(span.end));
            return appended;
          })
          .finally(() => progress.stop())
          .catch((error: unknown) => {
            if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
              throw new Error(
                `${error.message}: this ledger already holds another history on the demo's streams; ` +
                  'use an empty ledger (LEDGER_SQLITE_PATH), or the --seed, --leads-per-month and --start of the earlier run',
              );
            }
            throw error;
          });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const { events, appends, alreadyStored, streams, firstOccurredAt, lastOccurredAt } = result;
        const summary = { events, appends, alreadyStored, streams, from: firstOccurredAt ?? null, to: lastOccurredAt ?? null };
        process.stdout.write(`${JSON.stringify({ ...summary, seconds: Math.round(seconds * 10) / 10 })}\n`);
      });
    });

  program
    .command('projections')
    .description(
      "catch every projection up (committing its read model and checkpoint), then print each one's generation, checkpoint and lag behind the head",
    )
    .action(() =>
      withLedger(async (app) => {
        await app.get<ProjectionRunner>(PROJECTION_RUNNER).start({ follow: false });
        printJson(await app.get(QueryBus).execute(new GetProjectionStatusQuery()));
      }),
    );

  program
    .command('rebuild <projection>')
    .description(
      `build a projection (${LEDGER_PROJECTIONS.map((definition) => definition.name).join(', ')}) anew from position 0 beside the live one, and swap it in once caught up; ` +
        'an API serving the same ledger picks the new one up when it next commits (at most 200 ms after its next change)',
    )
    .action((projection: string) =>
      withLedger(async (app) => {
        const runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);
        await runner.start({ follow: false });
        const head = await app.get<EventStore>(EVENT_STORE).headPosition();
        const progress = progressBar(`rebuild ${projection}`, head, 'positions');
        // The new generation's checkpoint, as the runner reports it, is how far the rebuild has read.
        const watching = setInterval(() => {
          void runner.status().then((statuses) => {
            const rebuilding = statuses.find((status) => status.projection === projection)?.rebuild;
            if (rebuilding) progress.update(Math.min(head, rebuilding.checkpoint));
          });
        }, 200);
        let report: unknown;
        try {
          report = await app.get(CommandBus).execute(new RebuildProjectionCommand(projection));
          progress.update(head);
        } finally {
          clearInterval(watching);
          progress.stop();
        }
        printJson(report);
      }),
    );

  program
    .command('head')
    .description('print the position of the newest event (0 for an empty ledger)')
    .action(() => withLedger(async (app) => printJson({ headPosition: await app.get<EventStore>(EVENT_STORE).headPosition() })));

  registerExportCommand(program);
  registerImportCommand(program);
  registerMigrateCommand(program);
  registerRestoreCommand(program);
  registerReplayCommand(program);
  registerVerifyCommand(program);
  registerVerifyEvidenceCommand(program);
  registerCheckReadModelsCommand(program);
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

/** The version in package.json, found from the source tree or the build. */
/** A command that prints one object as its stream tells it, now or on the clocks asked for. */
function registerObjectCommand(
  program: Command,
  nameAndArgument: string,
  description: string,
  query: new (id: string, at: HistoricalBounds) => Query<unknown>,
): void {
  program
    .command(nameAndArgument)
    .description(description)
    .option('--as-of <time>', 'as it stood at this business time (ISO 8601 with a zone)', businessTime)
    .option('--as-known-at <time>', 'as the ledger knew it at this record time (ISO 8601 with a zone)', businessTime)
    .action((id: string, options: HistoricalBounds) =>
      withLedger(async (app) => printJson(await app.get(QueryBus).execute(new query(id, options)))),
    );
}

function packageVersion(): string {
  for (let folder = __dirname; folder !== path.dirname(folder); folder = path.dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'sales-ledger' && manifest.version) return manifest.version;
    } catch {
      // Not here: look one folder up.
    }
  }
  return 'unknown';
}
