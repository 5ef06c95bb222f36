import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

import type { Actor } from '@ledger/event-store';
import {
  IMPORT_FORMATS,
  type ImportFormat,
  ImportHistoryCommand,
  type ImportProgress,
  ImportRejectedError,
  type ImportReport,
  type InvalidRow,
  invalidRows,
  ORDER_COLUMNS,
} from '@ledger/ledger';
import { CommandBus } from '@nestjs/cqrs';
import { type Command, InvalidArgumentError, Option } from 'commander';

import { withLedger } from './cli-support';
import { progressBar } from './progress';

/** Exit code of an import refused for its invalid rows (1 is any other failure). */
export const IMPORT_INVALID_EXIT_CODE = 2;

/** `import <file>`: another system's history, every row checked before anything is appended. */
export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description(
      'import history: NDJSON of commands ({"type":"winClient","occurredAt":...,...the REST body}) or of exported events, ' +
        `or a CSV of orders (${ORDER_COLUMNS.join(',')}; the first order of a client wins it, later ones are reorders). ` +
        'Every row is checked before anything is appended; any invalid row refuses the file (exit 2) unless --skip-invalid. ' +
        'Importing the same file again appends nothing',
    )
    .option('--skip-invalid', 'apply the valid rows and report the invalid ones on stderr')
    .addOption(
      new Option('--format <format>', 'the file format (default: from its name: .ndjson, .jsonl, .csv, each optionally .gz)').choices(
        IMPORT_FORMATS,
      ),
    )
    .action((file: string, options: { skipInvalid?: boolean; format?: ImportFormat }) =>
      withLedger(async (app) => {
        const format = options.format ?? formatOfName(file);
        const bytes = readFileSync(file);
        const content = file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
        const started = process.hrtime.bigint();
        const progress = new ImportProgressBars();
        let report: ImportReport;
        try {
          report = await app
            .get(CommandBus)
            .execute(
              new ImportHistoryCommand(
                { content, format, skipInvalid: options.skipInvalid === true, onProgress: (at) => progress.show(at) },
                { actor: cliActor() },
              ),
            );
        } catch (error) {
          progress.stop();
          if (!(error instanceof ImportRejectedError)) throw error;
          printInvalid(error.report.invalid);
          printSummary(error.report, started);
          process.stderr.write(`${error.failure.code}: ${error.failure.message}\n`);
          process.exitCode = IMPORT_INVALID_EXIT_CODE;
          return;
        }
        progress.stop();
        printInvalid(report.invalid);
        printSummary(report, started);
      }),
    );
}

function formatOfName(file: string): ImportFormat {
  const extension = path.extname(file.replace(/\.gz$/, '')).toLowerCase();
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  if (extension === '.csv') return 'csv';
  throw new InvalidArgumentError(`cannot tell the format of ${file} from its name; say --format ndjson or --format csv`);
}

/**
 * Who imported, as recorded on every event: the operating-system account that
 * ran the CLI, with the admin role (the CLI opens the ledger's file directly,
 * which only an administrator of the machine can).
 */
function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username.replace(/[^A-Za-z0-9._@-]/g, '-') || user;
  } catch {
    // No account name in this environment (a container without a passwd entry).
  }
  return { type: 'user', id: `cli:${user}`, role: 'admin' };
}

/** A bar per phase on stderr at a terminal: rows validated, then events appended. */
class ImportProgressBars {
  private phase?: ImportProgress['phase'];
  private bar?: { update(done: number): void; stop(): void };

  show({ phase, done, total }: ImportProgress): void {
    if (phase !== this.phase) {
      this.bar?.stop();
      this.phase = phase;
      this.bar = phase === 'validating' ? progressBar('validate', total, 'rows') : progressBar('append  ', total, 'events');
    }
    this.bar!.update(done);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function printInvalid(invalid: readonly InvalidRow[]): void {
  for (const { line, field, code, message } of invalid)
    process.stderr.write(`line ${line}${field === undefined ? '' : `: ${field}`}: ${code}: ${message}\n`);
}

function printSummary(report: ImportReport, started: bigint): void {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { format, rows, applied, alreadyPresent, skipped, streams, correlationId, invalid } = report;
  const summary = { format, rows, applied, alreadyPresent, skipped, invalid: invalidRows(invalid), streams, correlationId };
  process.stdout.write(
    `${JSON.stringify({ ...summary, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)) })}\n`,
  );
}
