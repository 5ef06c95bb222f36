import { CopiedHashMismatchError, copyLog, DEFAULT_COPY_BATCH_SIZE, describeStorage, openLedgerStorage } from '@ledger/event-store';
import type { Command } from 'commander';

import { NdjsonArchiveSource } from './archive-source';
import { positiveWholeNumber, readCliConfig } from './cli-support';
import { chainedLog } from './migrate.command';
import { progressBar } from './progress';

/**
 * `restore`: an archive (a whole-log NDJSON export) into the configured store, event for event as
 * recorded, through the same copy as `migrate`: the restored ledger is the same chain, each hash
 * recomputed and checked against the archive's as it goes.
 */
export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description(
      'restore an archive, a whole-log NDJSON export (export --format ndjson), into the configured ledger (LEDGER_STORE, ...): ' +
        'every event as recorded (ids, positions, record times, actors, correlation and causation ids, rules), each hash recomputed ' +
        'and checked against the archive; into an empty store, or run again after a stop, it resumes where the restore ended',
    )
    .argument('<file>', 'the NDJSON export to restore, read line by line')
    .option('--batch <events>', 'events per transaction on the target', positiveWholeNumber, DEFAULT_COPY_BATCH_SIZE)
    .addHelpText('after', ['', 'The read models and the Merkle tree are built from the log at the next start-up.'].join('\n'))
    .action(async (file: string, options: { batch: number }) => {
      const targetConfig = readCliConfig().storage;
      if (targetConfig.kind === 'eventstoredb') {
        throw new Error(
          'the configured store is EventStoreDB, which keeps no positions, record times or hash chain: restore into SQLite or PostgreSQL',
        );
      }
      const started = process.hrtime.bigint();
      process.stderr.write(`restore: ${file} into ${describeStorage(targetConfig)}\n`);
      const source = new NdjsonArchiveSource(file);
      const head = await source.headPosition();
      const target = await openLedgerStorage(targetConfig);
      const progress = progressBar('restore', head, 'events');
      try {
        const result = await copyLog(source, chainedLog(target), {
          batchSize: options.batch,
          onBatch: (copiedUpTo, upTo) => {
            progress.update(copiedUpTo);
            if (!process.stderr.isTTY) process.stderr.write(`restore: restored up to position ${copiedUpTo} of ${upTo}\n`);
          },
        }).catch((error: unknown) => {
          if (error instanceof CopiedHashMismatchError) {
            throw new Error(`${error.message} (${file}, line ${source.lineOf(error.position) ?? '?'})`);
          }
          throw error;
        });
        const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e8) / 10;
        process.stdout.write(`${JSON.stringify({ ...result, seconds })}\n`);
      } finally {
        progress.stop();
        await target.close();
      }
    });
}
