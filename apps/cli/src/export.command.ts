import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE, type EventExport, EXPORT_FORMATS, ExportEventsQuery, type ExportFormat } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import { type Command, Option } from 'commander';

import { wholeNumber, withLedger } from './cli-support';
import { progressBar } from './progress';

/** `export`: the log, or a range of positions, to stdout as NDJSON or CSV, streamed. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the global log (or the positions --from..--to) to stdout as NDJSON or CSV, streamed with constant memory')
    .addOption(
      new Option('--format <format>', 'ndjson: one JSON event per line; csv: a header and one row per event')
        .choices(EXPORT_FORMATS)
        .default('ndjson'),
    )
    .option('--from <position>', 'first position to export (default 1)', wholeNumber)
    .option('--to <position>', 'last position to export, inclusive (default: the head when the export starts)', wholeNumber)
    .action((options: { format: ExportFormat; from?: number; to?: number }) =>
      withLedger(async (app) => {
        const head = await app.get<EventStore>(EVENT_STORE).headPosition();
        const after = Math.max(0, (options.from ?? 1) - 1);
        const upTo = Math.min(options.to ?? head, head);
        const { body, chain }: EventExport = await app.get(QueryBus).execute(new ExportEventsQuery(options.format, { after, upTo }));
        const progress = progressBar('export', Math.max(0, upTo - after), 'events');
        let lines = 0;
        const counted = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            for (const byte of chunk) if (byte === 10) lines++;
            progress.update(lines);
            done(null, chunk);
          },
        });
        await pipeline(body, counted, process.stdout, { end: false });
        progress.stop();
        // On stderr, so stdout stays the file: where the export stands in the hash chain, for checking it.
        if (chain) {
          process.stderr.write(`chain: from hash ${chain.startHash} to position ${chain.headPosition}, hash ${chain.headHash}\n`);
        }
      }),
    );
}
