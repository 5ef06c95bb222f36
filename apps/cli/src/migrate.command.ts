import {
  type ChainedLog,
  copyLog,
  DEFAULT_COPY_BATCH_SIZE,
  describeStorage,
  type LedgerStorage,
  openLedgerStorage,
  type SqlStorageConfig,
} from '@ledger/event-store';
import { type Command, Option } from 'commander';

import { positiveWholeNumber, readCliConfig } from './cli-support';
import { progressBar } from './progress';

const TARGET_STORES = ['postgres', 'sqlite'] as const;

interface MigrateOptions {
  readonly to: (typeof TARGET_STORES)[number];
  readonly sqlitePath?: string;
  readonly postgresUrl?: string;
  readonly postgresSchema: string;
  readonly batch: number;
}

/**
 * `migrate`: moves the configured ledger's log into another store, event for event as recorded, so it
 * verifies there as the same chain (same hashes, same Merkle root). The read models are not copied:
 * the target builds them from the log, as any start-up catches up.
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'copy the configured ledger (LEDGER_STORE, ...) into an empty SQLite file or PostgreSQL schema, every event as recorded ' +
        '(ids, positions, record times, actors, correlation and causation ids, rules), checking each hash against the source as it goes; ' +
        'run again after a stop, it resumes where the copy ended',
    )
    .addOption(new Option('--to <store>', 'the kind of store to copy into').choices(TARGET_STORES).makeOptionMandatory())
    .option('--sqlite-path <file>', 'with --to sqlite: the database file to copy into (created)')
    .option('--postgres-url <url>', 'with --to postgres: the server, postgresql://user:password@host:port/database')
    .option('--postgres-schema <schema>', 'with --to postgres: the schema to copy into (created)', 'public')
    .option('--batch <events>', 'events per transaction on the target', positiveWholeNumber, DEFAULT_COPY_BATCH_SIZE)
    .addHelpText(
      'after',
      [
        '',
        'Afterwards point LEDGER_STORE (and LEDGER_SQLITE_PATH or LEDGER_POSTGRES_URL and LEDGER_POSTGRES_SCHEMA) at the target:',
        'its read models and Merkle tree are built from the log at start-up. Signed checkpoints stay with the source.',
      ].join('\n'),
    )
    .action(async (options: MigrateOptions, command: Command) => {
      const targetConfig = targetOf(options, (message) => command.error(message, { code: 'commander.missingMandatoryOptionValue' }));
      const sourceConfig = readCliConfig().storage;
      if (sourceConfig.kind === 'eventstoredb') {
        throw new Error('the source is EventStoreDB, which keeps no hash chain to copy: migrate copies a SQLite or PostgreSQL ledger');
      }
      if (describeStorage(sourceConfig) === describeStorage(targetConfig)) {
        throw new Error(`the target is the configured ledger itself (${describeStorage(targetConfig)}): name another file or schema`);
      }
      const source = await openLedgerStorage(sourceConfig);
      try {
        const target = await openLedgerStorage(targetConfig);
        try {
          await migrate(source, target, options.batch, `${describeStorage(sourceConfig)} to ${describeStorage(targetConfig)}`);
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}

async function migrate(source: LedgerStorage, target: LedgerStorage, batchSize: number, route: string): Promise<void> {
  const started = process.hrtime.bigint();
  process.stderr.write(`migrate: ${route}\n`);
  const head = await source.eventStore.headPosition();
  const progress = progressBar('migrate', head, 'events');
  const result = await copyLog(chainedLog(source), chainedLog(target), {
    batchSize,
    // A terminal gets the bar; a log gets a line a batch.
    onBatch: (copiedUpTo, upTo) => {
      progress.update(copiedUpTo);
      if (!process.stderr.isTTY) process.stderr.write(`migrate: copied up to position ${copiedUpTo} of ${upTo}\n`);
    },
  }).finally(() => progress.stop());
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e8) / 10;
  process.stdout.write(`${JSON.stringify({ ...result, seconds })}\n`);
}

/** The log with the hashes stored beside its events; only the SQL stores keep them. */
export function chainedLog(storage: LedgerStorage): ChainedLog {
  const evidence = storage.evidence;
  if (!evidence || !storage.eventStore.capabilities.hashChain)
    throw new Error('this store keeps no hash chain: its log cannot be migrated');
  return { events: storage.eventStore, hashes: (positions) => evidence.eventHashes(positions) };
}

/** Where to copy to, from the flags; `usageError` stops the program as a command line not understood. */
function targetOf(options: MigrateOptions, usageError: (message: string) => never): SqlStorageConfig {
  if (options.to === 'sqlite') {
    if (!options.sqlitePath) usageError('error: --to sqlite needs --sqlite-path <file>, the file to copy into');
    return { kind: 'sqlite', path: options.sqlitePath, synchronous: 'NORMAL' };
  }
  if (!options.postgresUrl) usageError('error: --to postgres needs --postgres-url <url>, the server to copy into');
  return { kind: 'postgres', url: options.postgresUrl, schema: options.postgresSchema };
}
