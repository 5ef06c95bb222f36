import {
  csvText,
  GetHandoffsQuery,
  GetPipelineQuery,
  GetRetentionQuery,
  GetRevenueQuery,
  ListClientsQuery,
  PROJECTION_RUNNER,
} from '@ledger/ledger';
import type { ClientSummary, HistoricalBounds, Period, ProjectionRunner } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { type Command, InvalidArgumentError, Option } from 'commander';

import { businessTime, printJson, withLedger } from './cli-support';

const REPLAYABLE = ['pipeline', 'retention', 'revenue', 'clients', 'handoffs'] as const;
type Replayable = (typeof REPLAYABLE)[number];

/** The list in each answer that a CSV has a row for. */
const TABLE_OF: Record<Replayable, string> = {
  pipeline: 'rows',
  retention: 'cohorts',
  revenue: 'rows',
  clients: 'clients',
  handoffs: 'handoffs',
};

interface ReplayOptions {
  projection: Replayable;
  asOf?: string;
  asKnownAt?: string;
  from?: string;
  to?: string;
  groupBy?: string;
  format: 'json' | 'csv';
}

/** `replay`: a projection as of a moment on either clock, from its read model's facts (caught up with the log first). */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'print a projection as of a moment, from its read model caught up with the log: --as-of takes the events that occurred by a business time, ' +
        '--as-known-at those recorded by a record time (what the ledger knew then); both may be given; neither: as known now',
    )
    .addOption(new Option('--projection <name>', 'the read model').choices(REPLAYABLE).makeOptionMandatory())
    .option('--as-of <time>', 'business time (occurredAt), ISO 8601 with a zone', businessTime)
    .option('--as-known-at <time>', 'record time (recordedAt), ISO 8601 with a zone', businessTime)
    .option('--from <time>', 'the period reported on starts here (inclusive)', businessTime)
    .option('--to <time>', 'and ends here (exclusive)', businessTime)
    .option('--group-by <key>', 'pipeline: rep or department; revenue: department or rep', groupBy)
    .addOption(
      new Option('--format <format>', 'json: the whole answer; csv: one row per entry of its table')
        .choices(['json', 'csv'])
        .default('json'),
    )
    .action((options: ReplayOptions) =>
      withLedger(async (app) => {
        const runner = app.get<ProjectionRunner>(PROJECTION_RUNNER);
        await runner.start({ follow: false });
        const answer = await replay(app.get(QueryBus), options).finally(() => runner.stop());
        if (options.format === 'json') return printJson(answer);
        process.stdout.write(toCsv((answer as Record<string, unknown>)[TABLE_OF[options.projection]] as Record<string, unknown>[]));
      }),
    );
}

async function replay(queries: QueryBus, options: ReplayOptions): Promise<object> {
  // Without a clock, as known now.
  const at: HistoricalBounds =
    options.asOf === undefined && options.asKnownAt === undefined
      ? { asKnownAt: new Date().toISOString() }
      : { asOf: options.asOf, asKnownAt: options.asKnownAt };
  const period: Period = { from: options.from, to: options.to };
  switch (options.projection) {
    case 'pipeline':
      return queries.execute(new GetPipelineQuery({ period, groupBy: options.groupBy as 'rep' | 'department' | undefined }, at));
    case 'retention':
      return queries.execute(new GetRetentionQuery({ period }, at));
    case 'revenue':
      return queries.execute(new GetRevenueQuery({ period, groupBy: options.groupBy as 'rep' | 'department' | undefined }, at));
    case 'handoffs':
      return queries.execute(new GetHandoffsQuery({ period }, at));
    case 'clients': {
      // Every page, so the replay is the whole directory.
      const clients: ClientSummary[] = [];
      let after: string | undefined;
      let first: object | undefined;
      do {
        const page = await queries.execute(new ListClientsQuery({ after, limit: 500 }, at));
        first ??= page;
        clients.push(...page.clients);
        after = page.nextCursor ?? undefined;
      } while (after !== undefined);
      return { ...first, clients, nextCursor: null };
    }
  }
}

function groupBy(value: string): string {
  if (value !== 'rep' && value !== 'department') throw new InvalidArgumentError('expected rep or department');
  return value;
}

/** Nested values (a currency map, a list of offsets) go into their cells as JSON; text that looks like a formula is neutralised by the shared writer. */
function toCsv(rows: Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) =>
    columns.map((column) => (typeof row[column] === 'object' && row[column] !== null ? JSON.stringify(row[column]) : row[column])),
  );
  return csvText(cells, columns);
}
