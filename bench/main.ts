/**
 * `npm run bench` measures the ledger on this machine and prints a table; the
 * same figures go to bench/results/latest.json. `npm run bench -- --quick`
 * runs smaller sizes for a fast check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { benchAppends } from './append.bench';
import { printFigure, type BenchFigure } from './figures';
import { benchImport } from './import.bench';
import { benchProjections } from './projections.bench';
import { benchStores } from './stores.bench';

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const figures: Array<BenchFigure & { bench: string }> = [];
  const reporter = (bench: string) => (figure: BenchFigure) => {
    figures.push({ bench, ...figure });
    printFigure(figure);
  };
  await benchAppends({ events: quick ? 20_000 : 100_000 }, reporter('append'));
  await benchProjections({ events: quick ? 100_000 : 1_000_000 }, reporter('projections'));
  await benchImport({ rows: quick ? 10_000 : 50_000 }, reporter('import'));
  await benchStores({ events: quick ? 10_000 : 100_000 }, reporter('stores'));

  const results = path.resolve(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  const file = path.join(results, 'latest.json');
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, quick, figures }, null, 2)}\n`);
  process.stdout.write(`figures written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
