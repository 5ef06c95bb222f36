import { VerifyLogQuery } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import type { Command } from 'commander';

import { printJson, withLedger } from './cli-support';

/** The exit code of a verification that found the chain broken; 1 stays for "could not verify". */
export const CHAIN_BROKEN_EXIT_CODE = 3;

/** `verify`: walks the hash chain over the whole log, for auditors and for scripts (by its exit code). */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      "walk the hash chain over the whole log, recomputing every event's hash; print " +
        '"intact up to position N (M events)" or "broken at position N: reason" (on stdout either way)',
    )
    .option('--json', 'print the whole verification as JSON: intact, verifiedUpTo, events, brokenAt, reason, summary')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  the log is intact up to the head',
        `  ${CHAIN_BROKEN_EXIT_CODE}  the chain is broken: an event was altered or removed outside the application`,
        '  1  the log could not be verified (configuration, the database file)',
      ].join('\n'),
    )
    .action((options: { json?: boolean }) =>
      withLedger(async (app) => {
        const verification = await app.get(QueryBus).execute(new VerifyLogQuery());
        if (options.json) printJson(verification);
        else process.stdout.write(`${verification.summary}\n`);
        if (!verification.intact) process.exitCode = CHAIN_BROKEN_EXIT_CODE;
      }),
    );
}
