import { CheckReadModelsQuery, DEFAULT_CHECK_DIFFERENCES, MAX_CHECK_DIFFERENCES, PROJECTION_RUNNER } from '@ledger/ledger';
import type { ProjectionRunner, ReadModelCheck } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { type Command, InvalidArgumentError } from 'commander';

import { positiveWholeNumber, printJson, withLedger } from './cli-support';

/** The exit code of a check that found a stored read model differing from the log; as verify's for a broken chain. */
export const READ_MODEL_DIFFERS_EXIT_CODE = 3;

/** `check-read-models`: each stored read model against the log, for auditors and for scripts (by its exit code). */
export function registerCheckReadModelsCommand(program: Command): void {
  program
    .command('check-read-models [projection]')
    .description(
      'fold the log anew into a scratch generation of each read model (or the one named), compare it row by row with the stored one, ' +
        'and print per projection whether they are equal, with the first differences (JSON)',
    )
    .option(
      '--max-differences <n>',
      `differences named per projection at most (up to ${MAX_CHECK_DIFFERENCES})`,
      maxDifferences,
      DEFAULT_CHECK_DIFFERENCES,
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  every read model checked equals what the log gives',
        `  ${READ_MODEL_DIFFERS_EXIT_CODE}  a stored read model differs from the log (a row changed, added or missing outside the projections)`,
        '  1  the check could not run (configuration, the database, an unknown projection)',
      ].join('\n'),
    )
    .action((projection: string | undefined, options: { maxDifferences: number }) =>
      withLedger(async (app) => {
        const runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);
        await runner.start({ follow: false });
        const checks: ReadModelCheck[] = await app
          .get(QueryBus)
          .execute(new CheckReadModelsQuery(projection, options.maxDifferences))
          .finally(() => runner.stop());
        printJson(checks);
        if (checks.some((check) => !check.equal)) process.exitCode = READ_MODEL_DIFFERS_EXIT_CODE;
      }),
    );
}

function maxDifferences(value: string): number {
  const number = positiveWholeNumber(value);
  if (number > MAX_CHECK_DIFFERENCES) throw new InvalidArgumentError(`expected at most ${MAX_CHECK_DIFFERENCES}`);
  return number;
}
