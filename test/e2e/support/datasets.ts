import { existsSync } from 'node:fs';
import * as path from 'node:path';

import { REPOSITORY_ROOT } from './cli';

/**
 * Where the public datasets the real-data tests replay are: LEDGER_TEST_DATASETS, else the
 * folder the development machines keep them in beside the checkout. They are not part of the
 * repository; a test whose dataset is absent skips, saying so.
 */
export const DATASETS = process.env.LEDGER_TEST_DATASETS ?? path.resolve(REPOSITORY_ROOT, '..', 'shared', 'datasets');

/** A dataset file's path, or undefined (with the reason printed) when it is absent. */
export function datasetFile(...parts: string[]): string | undefined {
  const file = path.join(DATASETS, ...parts);
  if (existsSync(file)) return file;
  process.stdout.write(
    `dataset ${file} is absent (set LEDGER_TEST_DATASETS to the folder holding crm/ and retail/): its test is skipped\n`,
  );
  return undefined;
}
