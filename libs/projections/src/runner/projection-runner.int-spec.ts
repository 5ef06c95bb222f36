import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { SqliteEventStore, SqliteProjectionStore } from '@ledger/event-store';
import fc from 'fast-check';

import { LEDGER_PROJECTIONS } from '..';
import { pipelineProjection } from '../pipeline';
import { revenueProjection } from '../revenue';
import { keepsTables, type ProjectionDefinition, type TableProjection, toProjectedEvent } from '../shared/projection';
import { RowBuffer } from '../shared/row-buffer';
import { companyIntents, type HistoryAppend, realiseHistory } from '../testing/random-history';
import { referenceAnswer } from '../testing/reference';
import { builtFromScratch, storedState } from '../testing/stored-state';
import { ProjectionFailedError, ProjectionRunner } from './projection-runner';

const folders: string[] = [];
const freshFile = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ledger-projections-'));
  folders.push(folder);
  return path.join(folder, 'ledger.db');
};
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openLedger(file = ':memory:') {
  const events = SqliteEventStore.open({ path: file, pollIntervalMs: 20 });
  const projections = new SqliteProjectionStore(events.database);
  cleanups.push(() => events.close());
  return { events, projections };
}

function runnerOver(
  ledger: ReturnType<typeof openLedger>,
  definitions: readonly ProjectionDefinition[] = LEDGER_PROJECTIONS,
  batchSize = 50,
  options: { stagedWriteChunk?: number; commitIntervalMs?: number } = {},
) {
  const runner = new ProjectionRunner(ledger.events, ledger.projections, definitions, { batchSize, ...options });
  runnerDatabases.set(runner, ledger.events.database);
  cleanups.push(() => runner.stop());
  return runner;
}

/** A company history of a few hundred events, the same every run. */
const history: HistoryAppend[] = realiseHistory(fc.sample(companyIntents(500, 400), { numRuns: 1, seed: 20_240_601 })[0]!);

async function append(ledger: ReturnType<typeof openLedger>, appends: readonly HistoryAppend[]): Promise<void> {
  for (const { streamId, events } of appends) await ledger.events.append(streamId, events, { expectedRevision: 'any' });
}

/** Given: a database file whose log holds the appends and whose projections a first process built; it stays open (close it to restart). */
async function builtOnce(appends: readonly HistoryAppend[], definitions?: readonly ProjectionDefinition[]) {
  const file = freshFile();
  const first = openLedger(file);
  await append(first, appends);
  await runnerOver(first, definitions).start({ follow: false });
  return { file, first };
}

/** What the runner's live generation holds once a query made it commit everything it applied. */
async function liveState(runner: ProjectionRunner, definition: ProjectionDefinition): Promise<unknown> {
  await runner.query(definition.name, { period: {} });
  return storedState(runnerDatabases.get(runner)!, definition);
}
const runnerDatabases = new Map<ProjectionRunner, SqliteEventStore['database']>();

/** What a generation left behind: its documents and its tables. */
function leftOf(ledger: ReturnType<typeof openLedger>, projection: string, generation: number) {
  const { database } = ledger.events;
  const documents = database
    .prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM projection_documents WHERE projection = ? AND generation = ?')
    .get(projection, generation)!.n;
  const tables = database
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((row) => row.name)
    .filter((name) => name.startsWith(`rm_${projection}__`) && name.endsWith(`__g${generation}`));
  return { documents, tables };
}

/** Rows of a generation a crash interrupted, part-written. */
function halfBuiltRows(definition: TableProjection, events: Awaited<ReturnType<SqliteEventStore['readAll']>>) {
  const rows = new RowBuffer(definition.tables);
  for (const event of events) definition.apply(rows, toProjectedEvent(event));
  return rows.takeChanges();
}

const definitionNamed = (name: string) => [...LEDGER_PROJECTIONS, pipelineProjection].find((definition) => definition.name === name)!;

/** The projection built over the whole log at once: what every stored generation must equal. */
async function fromScratch(ledger: ReturnType<typeof openLedger>, definition: ProjectionDefinition): Promise<unknown> {
  return builtFromScratch(definition, await ledger.events.readAll());
}

/** What the live generation holds (the process's uncommitted rows are not in it). */
const stored = (ledger: ReturnType<typeof openLedger>, name: string, definition = definitionNamed(name)) =>
  storedState(ledger.events.database, definition);

/** Reads a generation's checkpoint and contents in one synchronous go (nothing can commit in between). */
async function expectStoredMatchesCheckpoint(ledger: ReturnType<typeof openLedger>, definition: ProjectionDefinition): Promise<void> {
  const { database } = ledger.events;
  const generationOf = database.prepare<[string], { generation: number; checkpoint: number }>(
    'SELECT generation, checkpoint FROM projection_generations WHERE projection = ? AND is_live = 1',
  );
  // storedState reads synchronously on this connection once it has the generation: both in one transaction.
  const snapshot = database.transaction(() => generationOf.get(definition.name)!)();
  const contents = await storedState(database, definition, snapshot.generation);
  const checkpointNow = generationOf.get(definition.name)!.checkpoint;
  if (checkpointNow !== snapshot.checkpoint) return; // moved on while read: nothing to compare
  expect(contents).toEqual(await builtFromScratch(definition, await ledger.events.readAll({ after: 0, limit: snapshot.checkpoint })));
}

/** Polls until the condition holds; fails with the description when it does not in time. */
async function eventually(description: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const caughtUp = (runner: ProjectionRunner) => async () => (await runner.status()).every((status) => status.lag === 0);

describe('ProjectionRunner on SQLite', () => {
  expect(history.length).toBeGreaterThan(100);

  it('catches up from nothing, then follows appends until no projection lags', async () => {
    const ledger = openLedger();
    await append(ledger, history.slice(0, 60));
    const runner = runnerOver(ledger);
    await runner.start();
    expect((await runner.status()).map((status) => [status.projection, status.lag, status.state])).toEqual([
      ['pipeline', 0, 'live'],
      ['retention', 0, 'live'],
      ['revenue', 0, 'live'],
      ['clients', 0, 'live'],
      ['handoffs', 0, 'live'],
      ['employees', 0, 'live'],
      ['leads', 0, 'live'],
    ]);

    await append(ledger, history.slice(60));
    await eventually('every projection follows the appends to the head', caughtUp(runner));
    for (const definition of LEDGER_PROJECTIONS) {
      expect(await liveState(runner, definition)).toEqual(await fromScratch(ledger, definition));
    }
    // Following appends, a projection commits a moment later (liveCommitIntervalMs), once for the whole burst.
    for (const definition of LEDGER_PROJECTIONS) {
      const expected = await fromScratch(ledger, definition);
      await eventually(
        `${definition.name} commits what it applied`,
        async () => JSON.stringify(await stored(ledger, definition.name)) === JSON.stringify(expected),
        2_000,
      );
    }
  });

  it('follows what was appended between its start-up catch-up and its subscription: caught up with no further append or query', async () => {
    const ledger = openLedger();
    await append(ledger, history.slice(0, 60));
    // The window: the catch-up is done (and says so), the subscription is not made yet; another request appends then.
    let caughtUpAtStart = false;
    let appendedInWindow = false;
    const events: typeof ledger.events = Object.assign(Object.create(ledger.events) as typeof ledger.events, {
      headPosition: async () => {
        if (caughtUpAtStart && !appendedInWindow) {
          appendedInWindow = true;
          await append(ledger, history.slice(60, 80));
        }
        return ledger.events.headPosition();
      },
    });
    const logger = {
      log: (message: string) => (caughtUpAtStart ||= message.startsWith('projections caught up')),
      warn: () => undefined,
      error: () => undefined,
    };
    const runner = new ProjectionRunner(events, ledger.projections, LEDGER_PROJECTIONS, { logger });
    runnerDatabases.set(runner, ledger.events.database);
    cleanups.push(() => runner.stop());
    await runner.start({ follow: true });
    expect(appendedInWindow).toBe(true);

    await eventually('every projection applies the appends made in the window', caughtUp(runner), 3_000);
  });

  it('following a burst of appends, commits each projection a few times, not once per append, and all of it on stop', async () => {
    const ledger = openLedger();
    const commits: number[] = [];
    const counting: typeof ledger.projections = Object.assign(Object.create(ledger.projections) as typeof ledger.projections, {
      commit: (...args: Parameters<typeof ledger.projections.commit>) => {
        commits.push(args[3]);
        return ledger.projections.commit(...args);
      },
    });
    const runner = new ProjectionRunner(ledger.events, counting, [pipelineProjection], { liveCommitIntervalMs: 10_000 });
    await runner.start();
    commits.length = 0;
    for (const { streamId, events } of history.slice(0, 100)) await ledger.events.append(streamId, events, { expectedRevision: 'any' });
    await eventually('the pipeline follows the appends', caughtUp(runner));
    expect(commits.length).toBeLessThanOrEqual(1);
    await runner.stop();
    expect(commits.at(-1)).toBe(await ledger.events.headPosition());
    expect(await stored(ledger, 'pipeline')).toEqual(await fromScratch(ledger, pipelineProjection));
  });

  it('answers a query only after applying what was appended before it (read your writes)', async () => {
    const ledger = openLedger();
    const runner = runnerOver(ledger);
    await runner.start({ follow: false });
    await append(ledger, history);
    const { answer, position } = await runner.query('pipeline', { period: {} });
    expect(position).toBe(await ledger.events.headPosition());
    expect(answer).toEqual(referenceAnswer('pipeline', await ledger.events.readAll(), { period: {} }, { at: new Date().toISOString() }));
  });

  it('restarts from its stored checkpoint and applies nothing twice', async () => {
    const { file, first } = await builtOnce(history.slice(0, 150));
    await first.events.close();

    const second = openLedger(file);
    await append(second, history.slice(150));
    const runner = runnerOver(second);
    await runner.start({ follow: false });
    for (const definition of LEDGER_PROJECTIONS) {
      expect(await liveState(runner, definition)).toEqual(await fromScratch(second, definition));
      expect(await stored(second, definition.name)).toEqual(await fromScratch(second, definition));
    }
  });

  it('answers as of a business time as the events that occurred up to then, folded, would', async () => {
    const ledger = openLedger();
    await append(ledger, history);
    const runner = runnerOver(ledger);
    await runner.start({ follow: false });
    const all = await ledger.events.readAll();
    const asOf = [...all].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1))[Math.floor(all.length / 2)]!.occurredAt;

    const expected = referenceAnswer('revenue', all, { period: {} }, { asOf, at: asOf });
    const { answer, at } = await runner.query('revenue', { period: {} }, { asOf });
    expect(at).toBe(asOf);
    expect(answer).toEqual(expected);
  });

  it('rebuilds beside the live model, which answers throughout, then swaps the new one in and drops the old', async () => {
    const ledger = openLedger();
    await append(ledger, history);
    // Small parts, so the rebuild's documents are written in many short transactions.
    const runner = runnerOver(ledger, LEDGER_PROJECTIONS, 10, { stagedWriteChunk: 7 });
    await runner.start();
    const before = await runner.query('pipeline', { period: {} });
    // A reader asking again and again, each answer awaited, for as long as the rebuild runs.
    const answersDuringRebuild: unknown[] = [];
    let rebuilt = false;
    const answering = (async () => {
      while (!rebuilt) {
        answersDuringRebuild.push((await runner.query('pipeline', { period: {} })).answer);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    const rebuilding = runner.rebuild('pipeline');
    expect(runner.rebuild('pipeline')).toBe(rebuilding); // asked twice, built once
    await new Promise((resolve) => setImmediate(resolve));
    const during = await runner.status();
    expect(during.find((status) => status.projection === 'pipeline')!.rebuild).toMatchObject({ generation: 2 });
    expect((await runner.query('pipeline', { period: {} })).answer).toEqual(before.answer);
    await append(
      ledger,
      history.slice(0, 1).map(({ streamId, events }) => ({
        streamId: `${streamId}-late`,
        events: events.map((e) => ({ ...e, eventId: `${e.eventId}-late` })),
      })),
    );

    const report = await rebuilding;
    rebuilt = true;
    await answering;
    expect(answersDuringRebuild.length).toBeGreaterThan(0);
    expect(answersDuringRebuild.filter((answer) => JSON.stringify(answer) !== JSON.stringify(before.answer))).toEqual([]);
    expect(report).toMatchObject({ projection: 'pipeline', generation: 2, checkpoint: await ledger.events.headPosition() });
    const status = (await runner.status()).find((s) => s.projection === 'pipeline')!;
    expect(status).toMatchObject({ generation: 2, lag: 0, state: 'live' });
    expect(status.rebuild).toBeUndefined();
    expect((await ledger.projections.generations('pipeline')).map((g) => [g.generation, g.live])).toEqual([[2, true]]);
    expect(leftOf(ledger, 'pipeline', 1)).toEqual({ documents: 0, tables: [] });
    expect(await liveState(runner, definitionNamed('pipeline'))).toEqual(await fromScratch(ledger, pipelineProjection));
  });

  it('discards a rebuild a crash left unfinished, keeping the live generation', async () => {
    const { file, first } = await builtOnce(history, [pipelineProjection]);
    // What a process killed in the middle of a rebuild leaves: a second generation, part-written.
    const tables = keepsTables(pipelineProjection) ? pipelineProjection.tables : [];
    const unfinished = await first.projections.createGeneration('pipeline', pipelineProjection.version, tables);
    const halfBuilt = keepsTables(pipelineProjection)
      ? halfBuiltRows(pipelineProjection, await first.events.readAll({ limit: 50 }))
      : [{ key: 'lead/half-built', body: { leadId: 'half-built' } }];
    await first.projections.commit('pipeline', unfinished.generation, 0, 0, halfBuilt);
    await first.events.close();

    const second = openLedger(file);
    const runner = runnerOver(second, [pipelineProjection]);
    await runner.start({ follow: false });
    expect((await second.projections.generations('pipeline')).map((g) => [g.generation, g.live])).toEqual([[1, true]]);
    expect(leftOf(second, 'pipeline', unfinished.generation)).toEqual({ documents: 0, tables: [] });
    expect(await liveState(runner, definitionNamed('pipeline'))).toEqual(await fromScratch(second, pipelineProjection));
  });

  it('builds a projection anew when its code version changed since the stored generation', async () => {
    const { file, first } = await builtOnce(history, [pipelineProjection]);
    await first.events.close();

    const second = openLedger(file);
    const changed = { ...pipelineProjection, version: pipelineProjection.version + 1 };
    const runner = runnerOver(second, [changed]);
    await runner.start({ follow: false });
    expect((await second.projections.generations('pipeline')).map((g) => [g.generation, g.version, g.live])).toEqual([
      [2, changed.version, true],
    ]);
    expect(await stored(second, 'pipeline')).toEqual(await fromScratch(second, pipelineProjection));
  });

  it('lets two processes follow one database without either applying a batch the other committed', async () => {
    const file = freshFile();
    const [one, two] = [openLedger(file), openLedger(file)];
    // Different batch sizes, so their batches overlap without lining up.
    const [first, second] = [runnerOver(one, LEDGER_PROJECTIONS, 7), runnerOver(two, LEDGER_PROJECTIONS, 3)];
    await Promise.all([first.start(), second.start()]);
    for (const [index, append_] of history.entries()) {
      await (index % 2 === 0 ? one : two).events.append(append_.streamId, append_.events, { expectedRevision: 'any' });
      // Whatever is stored always matches its checkpoint: a process that crashed now would resume correctly.
      if (index % 10 === 0) for (const definition of LEDGER_PROJECTIONS) await expectStoredMatchesCheckpoint(one, definition);
      await new Promise((resolve) => setTimeout(resolve, index % 7));
    }
    await eventually('both runners reach the head', async () => (await caughtUp(first)()) && (await caughtUp(second)()));
    for (const definition of LEDGER_PROJECTIONS) {
      const expected = await fromScratch(one, definition);
      // One of the two commits what it applied a moment after following it (liveCommitIntervalMs).
      await eventually(
        `${definition.name} is stored up to the head`,
        async () => JSON.stringify(await stored(one, definition.name)) === JSON.stringify(expected),
        2_000,
      );
      await first.query(definition.name, { period: {} });
      await second.query(definition.name, { period: {} });
      expect(await liveState(first, definition)).toEqual(expected);
      expect(await liveState(second, definition)).toEqual(expected);
    }
    // A third process starting from what is stored applies only what the checkpoint says is missing.
    const third = runnerOver(openLedger(file));
    await third.start({ follow: false });
    for (const definition of LEDGER_PROJECTIONS) expect(await liveState(third, definition)).toEqual(await fromScratch(one, definition));
  });

  it('two processes starting at once on a fresh file share one live generation per projection', async () => {
    const file = freshFile();
    const writer = openLedger(file);
    await append(writer, history.slice(0, 100));
    const first = runnerOver(openLedger(file));
    const second = runnerOver(openLedger(file));
    await Promise.all([first.start({ follow: false }), second.start({ follow: false })]);
    for (const definition of LEDGER_PROJECTIONS) {
      const generations = await writer.projections.generations(definition.name);
      expect(generations.map((generation) => generation.live)).toEqual([true]);
      const [firstStatus, secondStatus] = [await first.status(), await second.status()].map((all) =>
        all.find((status) => status.projection === definition.name)!,
      );
      expect([firstStatus.generation, secondStatus.generation]).toEqual([generations[0]!.generation, generations[0]!.generation]);
      expect(await stored(writer, definition.name)).toEqual(await fromScratch(writer, definition));
    }
  });

  it('starts while another process over the same file commits first: loads its work instead of failing', async () => {
    const file = freshFile();
    const writer = openLedger(file);
    await append(writer, history.slice(0, 100));
    const earlier = runnerOver(openLedger(file));
    await earlier.start({ follow: false });
    await earlier.stop();
    await append(writer, history.slice(100));
    // Both start at once from the stored checkpoints, committing every small batch: one of them commits first.
    const first = runnerOver(openLedger(file), LEDGER_PROJECTIONS, 10, { commitIntervalMs: 0 });
    const second = runnerOver(openLedger(file), LEDGER_PROJECTIONS, 10, { commitIntervalMs: 0 });
    await Promise.all([first.start({ follow: false }), second.start({ follow: false })]);
    for (const definition of LEDGER_PROJECTIONS) {
      const expected = await fromScratch(writer, definition);
      await first.query(definition.name, { period: {} });
      await second.query(definition.name, { period: {} });
      expect(await liveState(first, definition)).toEqual(expected);
      expect(await liveState(second, definition)).toEqual(expected);
    }
  });

  it('reloads what another process committed instead of committing the same events over it', async () => {
    const ledger = openLedger();
    await append(ledger, history.slice(0, 100));
    const messages: string[] = [];
    const logger = { log: (message: string) => messages.push(message), warn: () => undefined, error: () => undefined };
    const slow = new ProjectionRunner(ledger.events, ledger.projections, [pipelineProjection], { logger });
    const quick = runnerOver(ledger, [pipelineProjection]);
    runnerDatabases.set(slow, ledger.events.database);
    cleanups.push(() => slow.stop());
    await slow.start({ follow: false });
    await quick.start({ follow: false });
    await append(ledger, history.slice(100));
    await quick.query('pipeline', { period: {} }); // commits the new events first

    await slow.query('pipeline', { period: {} });
    expect(messages.filter((message) => message.includes('elsewhere'))).toEqual([
      'projection pipeline generation 1 moved on elsewhere: reloading',
    ]);
    expect(await liveState(slow, definitionNamed('pipeline'))).toEqual(await fromScratch(ledger, pipelineProjection));
  });

  it('stops a projection whose code fails, saying why, while the others go on', async () => {
    const ledger = openLedger();
    const broken: ProjectionDefinition = {
      name: 'broken',
      version: 1,
      apply: (_model, event) => {
        if (event.type === 'ReorderPlaced') throw new Error('cannot handle reorders');
      },
      query: () => 'never',
    };
    const runner = runnerOver(ledger, [broken, pipelineProjection]);
    await runner.start();
    await append(ledger, history);
    await eventually('the broken projection reports its failure', async () => (await runner.status())[0]!.state === 'failed');
    await expect(runner.query('broken', {})).rejects.toThrow(ProjectionFailedError);
    expect((await runner.status())[0]!.failure).toBe('cannot handle reorders');
    await eventually('the pipeline still follows', async () => (await runner.status())[1]!.lag === 0);
  });

  it('rides out a storage error: nothing half-applied is kept, and the next attempt catches up', async () => {
    const ledger = openLedger();
    let failures = 1;
    const flakyStore: typeof ledger.projections = Object.assign(Object.create(ledger.projections) as typeof ledger.projections, {
      commit: (...args: Parameters<typeof ledger.projections.commit>) => {
        if (args[3] > args[2] && failures-- > 0) return Promise.reject(new Error('database is locked'));
        return ledger.projections.commit(...args);
      },
    });
    const warnings: string[] = [];
    const runner = new ProjectionRunner(ledger.events, flakyStore, [pipelineProjection], {
      logger: { log: () => undefined, warn: (message) => warnings.push(message), error: () => undefined },
    });
    runnerDatabases.set(runner, ledger.events.database);
    cleanups.push(() => runner.stop());
    await runner.start({ follow: false });
    await append(ledger, history);

    await runner.query('pipeline', { period: {} }); // the commit fails; the projection stays where it was
    expect(warnings).toEqual(['projection pipeline stays at position 0 for now: database is locked']);
    expect((await runner.status())[0]).toMatchObject({ state: 'live', checkpoint: 0 });
    const { position } = await runner.query('pipeline', { period: {} });
    expect(position).toBe(await ledger.events.headPosition());
    expect(await liveState(runner, definitionNamed('pipeline'))).toEqual(await fromScratch(ledger, pipelineProjection));
    expect(await stored(ledger, 'pipeline')).toEqual(await fromScratch(ledger, pipelineProjection));
  });

  it('after a storage error while following, tries again by itself: caught up with no further append or query', async () => {
    const ledger = openLedger();
    let failures = 2;
    const flakyStore: typeof ledger.projections = Object.assign(Object.create(ledger.projections) as typeof ledger.projections, {
      commit: (...args: Parameters<typeof ledger.projections.commit>) => {
        if (args[3] > args[2] && failures-- > 0)
          return Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
        return ledger.projections.commit(...args);
      },
    });
    const runner = new ProjectionRunner(ledger.events, flakyStore, [pipelineProjection], { liveCommitIntervalMs: 0 });
    runnerDatabases.set(runner, ledger.events.database);
    cleanups.push(() => runner.stop());
    await runner.start({ follow: true });
    await append(ledger, history);

    const head = await ledger.events.headPosition();
    const deadline = Date.now() + 10_000;
    while ((await runner.status())[0]!.checkpoint < head && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failures).toBeLessThan(0);
    expect(await stored(ledger, 'pipeline')).toEqual(await fromScratch(ledger, pipelineProjection));
    expect((await runner.status())[0]).toMatchObject({ state: 'live', checkpoint: head });
  });

  it('starts the others when one projection fails while catching up at start-up, and a rebuild after a fix restores it', async () => {
    const ledger = openLedger();
    await append(ledger, history);
    let failing = true;
    const pipeline = pipelineProjection as TableProjection;
    const flaky: TableProjection = {
      ...pipeline,
      name: 'flaky',
      apply: (rows, event) => {
        if (failing && event.type === 'ClientWon') throw new Error('a bug on wins');
        pipeline.apply(rows, event);
      },
    };
    const runner = runnerOver(ledger, [flaky, revenueProjection]);
    await runner.start({ follow: false });
    expect((await runner.status()).map((status) => [status.projection, status.state, status.lag])).toEqual([
      ['flaky', 'failed', expect.any(Number)],
      ['revenue', 'live', 0],
    ]);
    await expect(runner.query('flaky', { period: {} })).rejects.toThrow('projection flaky stopped after a failure: a bug on wins');
    expect(await liveState(runner, definitionNamed('revenue'))).toEqual(await fromScratch(ledger, revenueProjection));

    failing = false;
    await runner.rebuild('flaky');
    expect((await runner.status())[0]).toMatchObject({ state: 'live', lag: 0 });
    expect(await liveState(runner, flaky)).toEqual(await fromScratch(ledger, pipelineProjection));
  });
});
