/**
 * `npm run bench` measures the ledger on this machine and prints a table: each
 * figure, and where the issue sets one, its aim and whether it is met; the same
 * figures go to bench/results/latest.json. `npm run bench -- --quick` runs smaller
 * sizes for a fast check (under a minute; without PostgreSQL, import and the stores side by side).
 * `--only append,http,…` runs some sections; `--only postgres` the PostgreSQL half of the append comparison alone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';

import { benchAppends, benchPostgresAppends } from './append.bench';
import { benchCommands } from './commands.bench';
import { aimMet, type BenchFigure, printFigure, printHeader, printSection } from './figures';
import { benchHttp } from './http.bench';
import { benchImport } from './import.bench';
import { benchMerkle } from './merkle.bench';
import { benchMerkleFollower } from './merkle-follower.bench';
import { benchProjections } from './projections.bench';
import { benchStores } from './stores.bench';

const SECTIONS = ['append', 'postgres', 'merkle', 'projections', 'commands', 'http', 'import', 'stores'] as const;
type Section = (typeof SECTIONS)[number];

function sectionsWanted(): Set<Section> {
  const at = process.argv.indexOf('--only');
  if (at < 0) return new Set(SECTIONS);
  const wanted = (process.argv[at + 1] ?? '').split(',');
  const unknown = wanted.filter((name) => !SECTIONS.includes(name as Section));
  if (unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
  return new Set(wanted as Section[]);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const wanted = sectionsWanted();
  const sizes = quick
    ? {
        append: { events: 20_000, streams: 2_000 },
        merkle: 100_000,
        ledger: 50_000,
        clients: 100,
        commands: 2_000,
        httpSeconds: 2,
        importRows: 10_000,
        stores: 10_000,
      }
    : {
        append: { events: 200_000, streams: 20_000 },
        merkle: 1_000_000,
        ledger: 1_000_000,
        clients: 1_000,
        commands: 20_000,
        httpSeconds: 10,
        importRows: 50_000,
        stores: 100_000,
      };
  const started = process.hrtime.bigint();
  const figures: Array<BenchFigure & { bench: string; met?: boolean }> = [];
  const reporter = (bench: string) => (figure: BenchFigure) => {
    const met = aimMet(figure);
    figures.push({ bench, ...figure, ...(met === undefined ? {} : { met }) });
    printFigure(figure);
  };
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}`;
  process.stdout.write(
    `sales-ledger bench${quick ? ' (--quick: smaller sizes)' : ''} on ${machine}; SQLite: WAL, synchronous=NORMAL unless a row says FULL\n`,
  );
  printHeader();

  if (wanted.has('append')) {
    printSection('1–2. Appends and reads through the port, against the raw driver');
    await benchAppends({ workload: sizes.append, postgres: !quick }, reporter('append'));
  } else if (wanted.has('postgres')) {
    printSection('2. Appends on PostgreSQL through the port, against the raw driver and Emmett');
    await benchPostgresAppends(sizes.append, reporter('append'));
  }
  if (wanted.has('merkle')) {
    printSection('Merkle tree over the log (in process, before any store)');
    benchMerkle({ events: sizes.merkle }, reporter('merkle'));
    printSection('Merkle tree kept by the follower in a SQLite table');
    await benchMerkleFollower({ events: sizes.merkle }, reporter('merkle'));
  }
  // One large generated ledger for the projections, the command bus and the API.
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-'));
  try {
    const file = path.join(folder, 'ledger.db');
    const needsLedger = wanted.has('projections') || wanted.has('commands') || wanted.has('http');
    let events = 0;
    if (needsLedger) {
      printSection('3. Rebuild and queries on a generated company history');
      events = await benchProjections({ events: sizes.ledger, file }, reporter('projections'));
    }
    if (wanted.has('commands') || wanted.has('http')) {
      printSection('4. The command path in process');
      events += await benchCommands(
        { file, clients: sizes.clients, commands: wanted.has('commands') ? sizes.commands : 0 },
        reporter('commands'),
      );
    }
    if (wanted.has('http')) {
      printSection('4–5. The API over HTTP (autocannon) and its memory');
      await benchHttp({ file, events, clients: sizes.clients, seconds: sizes.httpSeconds }, reporter('http'));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  if (wanted.has('import') && !quick) {
    printSection('Import');
    await benchImport({ rows: sizes.importRows }, reporter('import'));
  }
  if (wanted.has('stores') && !quick) {
    printSection('SQLite and PostgreSQL side by side');
    await benchStores({ events: sizes.stores }, reporter('stores'));
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const aimed = figures.filter((figure) => figure.met !== undefined);
  const missed = aimed.filter((figure) => figure.met === false);
  process.stdout.write(
    `\n${aimed.length - missed.length} of ${aimed.length} aims met${missed.length > 0 ? `; missed: ${missed.map((figure) => figure.measure.trim()).join('; ')}` : ''}\n`,
  );
  const results = path.resolve(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  const out = path.join(results, 'latest.json');
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), machine, node: process.version, quick, seconds: Math.round(seconds), sqlite: { journalMode: 'WAL', synchronous: 'NORMAL' }, figures }, null, 2)}\n`,
  );
  process.stdout.write(`${Math.round(seconds)} s; figures written to ${path.relative(process.cwd(), out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
