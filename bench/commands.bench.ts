/**
 * The command path in process: commands through the @nestjs/cqrs CommandBus of the
 * ledger's own Nest module, over a ledger file (the bench's large history), with the
 * projections following the log as in the API and no policies. Each command loads
 * its stream, decides, appends with the revision it read: one at a time, then from
 * CONCURRENT_LOOPS loops at once, each on clients of its own (as requests on distinct
 * streams would), so they never conflict.
 */
import { openLedgerStorage } from '@ledger/event-store';
import {
  AddEmployeeCommand,
  type CommandContext,
  ContactLeadCommand,
  EnvironmentReader,
  LedgerModule,
  PlaceReorderCommand,
  readLedgerConfig,
  WinClientCommand,
} from '@ledger/ledger';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';

import { type BenchFigure, secondsSince } from './figures';

/** The employee and clients the bench adds to a ledger, for its commands and HTTP requests. */
export const BENCH_REP = 'bench-rep';
export const benchClient = (index: number): string => `bench-client-${index}`;

const context = (correlationId: string): CommandContext => ({ actor: { type: 'user', id: 'bench', role: 'admin' }, correlationId });

/** How many command loops run at once in the concurrent measure; each awaits its own command before the next. */
export const CONCURRENT_LOOPS = 8;

/** The index-th reorder of a run: `tag` tells the runs apart in order and correlation ids. */
const placeReorder = (clientIndex: number, tag: string, index: number) => {
  const clientId = benchClient(clientIndex);
  return new PlaceReorderCommand(
    { clientId, orderId: `${clientId}-${tag}${index}`, total: { amount: 50_000 + index, currency: 'EUR' }, takenBy: BENCH_REP },
    context(`${tag}-${index}`),
  );
};

/** Answers how many events it appended (the HTTP bench that follows counts the ledger's events). */
export async function benchCommands(
  options: { file: string; clients: number; commands: number },
  report: (figure: BenchFigure) => void,
): Promise<number> {
  // As the API reads its configuration, over the bench's file, without policies.
  const env = new EnvironmentReader({ LEDGER_SQLITE_PATH: options.file, LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL', LEDGER_POLICIES: 'none' });
  const config = readLedgerConfig(env);
  env.done();
  const app = await NestFactory.createApplicationContext(
    LedgerModule.forRoot({ ...config, storage: () => openLedgerStorage(config.storage) }),
    { logger: ['error', 'warn'] },
  );
  try {
    const bus = app.get(CommandBus);
    await bus.execute(
      new AddEmployeeCommand({ employeeId: BENCH_REP, name: 'Bench Rep', department: 'sales', role: 'rep' }, context('bench-setup')),
    );
    let started = process.hrtime.bigint();
    for (let index = 0; index < options.clients; index++) {
      const clientId = benchClient(index);
      await bus.execute(
        new ContactLeadCommand(
          { leadId: `lead-${clientId}`, repId: BENCH_REP, company: `Bench ${index} GmbH`, channel: 'call', outcome: 'interested' },
          context(`c-${index}`),
        ),
      );
      await bus.execute(
        new WinClientCommand(
          {
            clientId,
            leadId: `lead-${clientId}`,
            repId: BENCH_REP,
            firstOrder: { orderId: `${clientId}-o1`, total: { amount: 125_000, currency: 'EUR' } },
          },
          context(`w-${index}`),
        ),
      );
    }
    const setUp = (2 * options.clients) / secondsSince(started);
    started = process.hrtime.bigint();
    for (let index = 0; index < options.commands; index++) {
      await bus.execute(placeReorder(index % options.clients, 'r', index));
    }
    const seconds = secondsSince(started);
    started = process.hrtime.bigint();
    // Loop `loop` takes the clients whose index is `loop` modulo the loops: no two loops share a stream.
    await Promise.all(
      Array.from({ length: CONCURRENT_LOOPS }, async (_, loop) => {
        const itsClients = Math.ceil((options.clients - loop) / CONCURRENT_LOOPS);
        for (let index = loop, round = 0; index < options.commands; index += CONCURRENT_LOOPS, round++) {
          await bus.execute(placeReorder(loop + CONCURRENT_LOOPS * (round % itsClients), 'c', index));
        }
      }),
    );
    const concurrentSeconds = secondsSince(started);
    const note = `${options.commands.toLocaleString('en-US')} commands on ${options.clients.toLocaleString('en-US')} clients; projections follow, no policies`;
    // Run only to set up the HTTP section's clients (--only http): no command was timed, so there is nothing to report.
    if (options.commands === 0) return 1 + 2 * options.clients;
    report({
      measure: 'commands through the CommandBus in process: PlaceReorder, one at a time',
      value: options.commands / seconds,
      unit: 'commands/s',
      note,
      aim: { atLeast: 10_000 },
    });
    report({
      measure: `  ${CONCURRENT_LOOPS} command loops at once, each on clients of its own`,
      value: options.commands / concurrentSeconds,
      unit: 'commands/s',
      note,
      aim: { atLeast: 15_000 },
    });
    report({ measure: '  set-up: ContactLead and WinClient through the bus', value: setUp, unit: 'commands/s' });
    return 1 + 2 * options.clients + 2 * options.commands;
  } finally {
    await app.close();
  }
}
