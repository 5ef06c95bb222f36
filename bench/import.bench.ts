/**
 * Importing history through the same code as `import <file>` and POST /v1/imports
 * (ImportHistoryHandler over the EventStore port on SQLite, on disk, NORMAL):
 * a generated CSV of orders into an empty ledger, the same file again, and the
 * ledger's own NDJSON export into another empty ledger. Figures, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { DEFAULT_EARLIEST_OCCURRED_AT } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { type ImportFormat, ImportHistoryCommand, ImportHistoryHandler, type ImportProgress, type ImportReport } from '@ledger/ledger';

import { type BenchFigure, say } from './figures';

const REPS = 12;
const ORDERS_PER_CLIENT = 6;
const DAY = 86_400_000;

/** A small deterministic generator, so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** The sales reps, as NDJSON commands. */
function organisation(): string {
  return Array.from({ length: REPS }, (_, index) =>
    JSON.stringify({
      type: 'addEmployee',
      occurredAt: '2019-12-01T08:00:00Z',
      employeeId: `rep-${index}`,
      name: `Rep ${index}`,
      department: 'sales',
      role: 'rep',
    }),
  ).join('\n');
}

/** `rows` orders of rows/6 clients over three years, in time order, as a retailer's order book would list them. */
function ordersCsv(rows: number): { csv: string; clients: number } {
  const next = random(42);
  const clients = Math.max(1, Math.round(rows / ORDERS_PER_CLIENT));
  const start = Date.UTC(2020, 0, 1);
  const orders: Array<{ at: number; client: number }> = [];
  for (let client = 0; client < clients; client++) {
    const first = start + Math.floor(next() * 2 * 365) * DAY;
    for (let index = 0; index < ORDERS_PER_CLIENT && orders.length < rows; index++)
      orders.push({ at: first + index * Math.floor(10 + next() * 40) * DAY + Math.floor(next() * DAY), client });
  }
  orders.sort((a, b) => a.at - b.at || a.client - b.client);
  const counts = new Array<number>(clients).fill(0);
  const lines = ['client,orderId,occurredAt,amount,currency,rep'];
  for (const { at, client } of orders) {
    const number = ++counts[client]!;
    const amount = 1_000 + Math.floor(next() * 500_000);
    lines.push(
      `c-${client},c-${client}-o${number},${new Date(at).toISOString()},${amount},${client % 7 === 0 ? 'GBP' : 'EUR'},rep-${client % REPS}`,
    );
  }
  return { csv: lines.join('\n'), clients };
}

/** The import timed whole, and up to the end of validation (reading, shapes, every row decided by the rules). */
async function timed(
  handler: ImportHistoryHandler,
  content: string,
  format: ImportFormat,
): Promise<{ report: ImportReport; seconds: number; validating: number }> {
  const started = process.hrtime.bigint();
  let validated = started;
  const onProgress = ({ phase, done, total }: ImportProgress) => {
    if (phase === 'validating' && done === total) validated = process.hrtime.bigint();
  };
  const report = await handler.execute(
    new ImportHistoryCommand({ content, format, onProgress }, { actor: { type: 'user', id: 'bench', role: 'admin' } }),
  );
  return { report, seconds: Number(process.hrtime.bigint() - started) / 1e9, validating: Number(validated - started) / 1e9 };
}

export async function benchImport(options: { rows: number }, report: (figure: BenchFigure) => void): Promise<void> {
  const { csv, clients } = ordersCsv(options.rows);
  say(
    `Import: a CSV of ${options.rows.toLocaleString('en-US')} orders of ${clients.toLocaleString('en-US')} clients, SQLite on disk (NORMAL)`,
  );
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-bench-import-'));
  const open = (name: string) => SqliteEventStore.open({ path: path.join(folder, name), synchronous: 'NORMAL' });
  const options_ = { maxClockSkewMs: 300_000, earliestOccurredAt: DEFAULT_EARLIEST_OCCURRED_AT, atRiskDays: 90 };
  const source = open('orders.db');
  const copy = open('copy.db');
  try {
    const handler = new ImportHistoryHandler(source, () => new Date(), options_);
    await timed(handler, organisation(), 'ndjson');

    const first = await timed(handler, csv, 'csv');
    if (first.report.invalid.length > 0)
      throw new Error(`the generated orders should all be valid: ${JSON.stringify(first.report.invalid.slice(0, 3))}`);
    const { rows, applied, streams } = first.report;
    report({
      measure: 'import a CSV of orders into an empty ledger',
      value: rows / first.seconds,
      unit: 'rows/s',
      note: `${applied.toLocaleString('en-US')} events in ${streams.toLocaleString('en-US')} appends, ${first.seconds.toFixed(2)} s`,
    });
    report({
      measure: '  of which validating every row (read, shape, rules)',
      value: rows / first.validating,
      unit: 'rows/s',
      note: `${first.validating.toFixed(2)} s`,
    });
    const appending = first.seconds - first.validating;
    report({
      measure: '  of which appending, one append per stream',
      value: applied / appending,
      unit: 'events/s',
      note: `${appending.toFixed(2)} s`,
    });

    const again = await timed(handler, csv, 'csv');
    if (again.report.applied !== 0)
      throw new Error(`importing the same file again should append nothing, appended ${again.report.applied}`);
    report({ measure: 'the same CSV again (every row recognised, nothing appended)', value: rows / again.seconds, unit: 'rows/s' });

    // The ledger's own export (one recorded event a line) into an empty ledger.
    const lines: string[] = [];
    for (let after = 0; ;) {
      const page = await source.readAll({ after, limit: 5_000 });
      if (page.length === 0) break;
      for (const event of page) lines.push(JSON.stringify(event));
      after = page.at(-1)!.position;
    }
    const exported = await timed(new ImportHistoryHandler(copy, () => new Date(), options_), lines.join('\n'), 'ndjson');
    if (exported.report.invalid.length > 0)
      throw new Error(`the export should import cleanly: ${JSON.stringify(exported.report.invalid.slice(0, 3))}`);
    report({
      measure: 'import the NDJSON export of that ledger into an empty one',
      value: exported.report.rows / exported.seconds,
      unit: 'rows/s',
      note: `${exported.report.rows.toLocaleString('en-US')} events`,
    });
  } finally {
    await source.close();
    await copy.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
