import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The store this run exercises, as the e2e support chooses it. */
export const STORE_UNDER_TEST = process.env.LEDGER_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** `npm run test:soak`: the same scenarios, longer. */
export const SOAK = process.env.LEDGER_RELIABILITY_SOAK === '1';

const RESULTS_FOLDER = path.join(__dirname, '..', 'results');

/**
 * Each spec adds its figures to test/reliability/results/<store>.json, so the
 * README's Reliability section can state what the last run measured.
 */
export function recordFigures(section: string, figures: Record<string, unknown>, store: string = STORE_UNDER_TEST): void {
  mkdirSync(RESULTS_FOLDER, { recursive: true });
  const file = path.join(RESULTS_FOLDER, `${store}${SOAK ? '-soak' : ''}.json`);
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // First figures of this store: start the file.
  }
  all[section] = { ...figures, recordedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  process.stdout.write(`reliability ${store} ${section}: ${JSON.stringify(figures)}\n`);
}

/** A stack frame or a path of the server's own code in an answer: internal detail that must never leave. */
const INTERNAL_DETAIL = /(\\n|\n)\s+at \S+ \(|\(\/[^)]*\.(ts|js):\d+:\d+\)|node_modules[\\/]|apps\/api\/src\/|libs\/[a-z-]+\/src\//;

export function leaksInternalDetail(text: string): boolean {
  return INTERNAL_DETAIL.test(text);
}
