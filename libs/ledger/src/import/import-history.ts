import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { decisionContext } from '@ledger/domain';
import {
  type Actor,
  type AppendResult,
  DuplicateEventIdError,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@ledger/event-store';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { LEDGER_METRICS, type LedgerMetrics, UNMEASURED } from '../application/ledger-metrics';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_OPTIONS, type LedgerOptions } from '../application/tokens';
import { type ImportFormat, type ImportRow, type InvalidRow, readImportFile } from './import-file';
import { ImportPlanner, type PlannedAppend } from './import-planner';

/** Where a long import stands: rows decided, then events appended. */
export interface ImportProgress {
  readonly phase: 'validating' | 'applying';
  readonly done: number;
  readonly total: number;
}

export interface ImportHistoryInput {
  /** The file as it was sent or read. */
  readonly content: string | Buffer;
  readonly format: ImportFormat;
  /** Apply the valid rows and report the others, instead of applying nothing when any row is bad. */
  readonly skipInvalid?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportContext {
  /** Recorded as the actor of every event the import appends: who imported, not who acted in the other system. */
  readonly actor: Actor;
  /** Recorded on every event; default: one per file, derived from its content. */
  readonly correlationId?: string;
}

/** What an import did, or (with invalid rows and no skipInvalid) would refuse. */
export interface ImportReport {
  readonly format: ImportFormat;
  /** Rows read from the file. */
  readonly rows: number;
  /** Events appended by this import. */
  readonly applied: number;
  /** Events of the file the ledger held already (an earlier import of the same rows); not appended again. */
  readonly alreadyPresent: number;
  /** Invalid rows left out (skipInvalid); 0 when the import was refused. */
  readonly skipped: number;
  /** Streams appended to. */
  readonly streams: number;
  /** On every event appended; the causation id too. */
  readonly correlationId: string;
  /** Why each refused row was refused, by line (a row refused for several fields has an entry for each). */
  readonly invalid: InvalidRow[];
}

/** Imports another system's history: NDJSON of commands or exported events, or a CSV of orders. */
export class ImportHistoryCommand extends Command<ImportReport> {
  constructor(
    readonly input: ImportHistoryInput,
    readonly context: ImportContext,
  ) {
    super();
  }
}

/** The file had invalid rows and nothing was applied; the report names each. */
export class ImportRejectedError extends LedgerError {
  constructor(readonly report: ImportReport) {
    super({
      code: 'IMPORT_INVALID',
      message: `${invalidRows(report.invalid)} of ${report.rows} rows are invalid (${describeLines(report.invalid)}); nothing was applied. Fix them, or import with skipInvalid to apply the others`,
      errors: report.invalid.map(({ line, code, message, field }) => ({
        field: field === undefined ? `line ${line}` : `line ${line}: ${field}`,
        message,
        code,
      })),
    });
    this.name = 'ImportRejectedError';
  }
}

/** Rows refused (a row may be refused for several fields). */
export const invalidRows = (invalid: readonly InvalidRow[]): number => new Set(invalid.map((row) => row.line)).size;

function describeLines(invalid: readonly InvalidRow[]): string {
  const lines = [...new Set(invalid.map((row) => row.line))];
  return lines.length <= 10
    ? `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`
    : `lines ${lines.slice(0, 10).join(', ')} and ${lines.length - 10} more`;
}

/** Rows decided between two turns of the event loop, so a long import does not stall the server. */
const ROWS_PER_TURN = 2_000;
/** Appends made together (one atomic append, a SQLite transaction of a few thousand events): other writers wait a fraction of a second at most. */
const APPENDS_PER_GROUP = 500;

/**
 * Validates every row (its shape, then the ledger's rules against the ledger
 * and the rows before it) before anything is appended; then appends once per
 * stream. Event ids come from the file's content, so importing the same file
 * again appends nothing, and an import cut short by a conflict is finished by
 * running it again.
 */
@CommandHandler(ImportHistoryCommand)
export class ImportHistoryHandler implements ICommandHandler<ImportHistoryCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
    @Optional() @Inject(LEDGER_METRICS) private readonly metrics: LedgerMetrics = UNMEASURED,
  ) {}

  async execute({ input, context }: ImportHistoryCommand): Promise<ImportReport> {
    const bytes = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
    const correlationId = context.correlationId ?? `import-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`;
    const { parsed, planner, invalid } = await this.validate(bytes.toString('utf8'), input, {
      actor: context.actor,
      correlationId,
      causationId: correlationId,
    });
    const report = { format: parsed.format, rows: parsed.rows, correlationId, invalid };
    if (invalid.length > 0 && !input.skipInvalid) {
      throw new ImportRejectedError({ ...report, applied: 0, alreadyPresent: planner.alreadyPresent, skipped: 0, streams: 0 });
    }
    const applied = await this.apply(planner, input);
    return { ...report, ...applied, skipped: invalidRows(invalid) };
  }

  /** Reads every row and decides it, appending nothing; pauses now and then so a server goes on answering. */
  private async validate(content: string, input: ImportHistoryInput, metadata: EventMetadata) {
    const reading = readImportFile(content, input.format);
    let step = reading.next();
    for (; !step.done; step = reading.next()) await nextTurn();
    const parsed = step.value;
    const planner = new ImportPlanner({
      recorded: await this.load(parsed.valid),
      context: decisionContext(this.clock(), this.options),
      metadata,
    });
    const invalid = [...parsed.invalid];
    const total = parsed.valid.length;
    for (let index = 0; index < total; index++) {
      const refused = planner.decide(parsed.valid[index]!);
      if (refused) invalid.push(refused);
      if ((index + 1) % ROWS_PER_TURN === 0) {
        input.onProgress?.({ phase: 'validating', done: index + 1, total });
        await nextTurn();
      }
    }
    input.onProgress?.({ phase: 'validating', done: total, total });
    invalid.sort((a, b) => a.line - b.line);
    return { parsed, planner, invalid };
  }

  /** Makes the planned appends, a group at a time; a refused group stops the import with what was applied told. */
  private async apply(
    planner: ImportPlanner,
    input: ImportHistoryInput,
  ): Promise<Pick<ImportReport, 'applied' | 'alreadyPresent' | 'streams'>> {
    const appends = planner.appends();
    const head = await this.store.headPosition();
    let applied = 0;
    let alreadyPresent = planner.alreadyPresent;
    let streams = 0;
    let done = 0;
    for (const group of groupsOf(appends)) {
      let results: AppendResult[];
      try {
        results = await this.appendGroup(group);
      } catch (error) {
        throw interrupted(error, refusedStream(error, group), streams, appends.length, applied);
      }
      for (const [index, result] of results.entries()) {
        streams++;
        // Stored by someone else meanwhile (the same file imported twice at once): the store answered the first append.
        for (const event of result.events)
          if (event.position > head) applied++;
          else alreadyPresent++;
        done += group[index]!.events.length;
      }
      input.onProgress?.({ phase: 'applying', done, total: planner.events });
      await nextTurn();
    }
    input.onProgress?.({ phase: 'applying', done, total: planner.events });
    return { applied, alreadyPresent, streams };
  }

  /**
   * Makes a group of appends, each with its own expected revision, as one atomic
   * append: all of them or none (SQLite commits them in one write transaction,
   * which gives about three times the appends per second of one each), so the
   * two streams of a win are never stored apart.
   */
  private async appendGroup(group: readonly PlannedAppend[]): Promise<AppendResult[]> {
    const started = performance.now();
    const results = await this.store.appendAtomically(
      group.map(({ streamId, events, expectedRevision }) => ({ streamId, events, options: { expectedRevision } })),
    );
    const events = results.reduce((sum, result) => sum + result.events.length, 0);
    this.metrics.appended(events, (performance.now() - started) / 1000);
    return results;
  }

  /** The ledger's streams the rows touch, read before deciding (none to read in an empty ledger). */
  private async load(rows: readonly ImportRow[]): Promise<(streamId: string) => readonly RecordedEvent[]> {
    if ((await this.store.headPosition()) === 0) return () => [];
    const streams = new Map<string, readonly RecordedEvent[]>();
    for (const row of rows) {
      for (const streamId of ImportPlanner.streamsOf(row.request)) {
        if (streams.has(streamId)) continue;
        streams.set(streamId, await this.store.readStream(streamId));
        if (streams.size % ROWS_PER_TURN === 0) await nextTurn();
      }
    }
    return (streamId) => streams.get(streamId) ?? [];
  }
}

/** The appends in order, `size` a group (or a few more); appends a row wrote together are never split between groups. */
export function* groupsOf(appends: readonly PlannedAppend[], size = APPENDS_PER_GROUP): Generator<PlannedAppend[]> {
  for (let start = 0; start < appends.length;) {
    let end = Math.min(start + size, appends.length);
    while (end < appends.length && appends[end - 1]!.togetherWithNext) end++;
    yield appends.slice(start, end);
    start = end;
  }
}

/** The stream of the group whose append was refused. */
function refusedStream(error: unknown, group: readonly PlannedAppend[]): string {
  if (error instanceof WrongExpectedRevisionError) return error.streamId;
  const carrying =
    error instanceof DuplicateEventIdError
      ? group.find((append) => append.events.some((event) => event.eventId === error.eventId))
      : undefined;
  return (carrying ?? group[0]!).streamId;
}

/** An append that failed after the import was validated: what was applied stays, and running the import again finishes it. */
function interrupted(error: unknown, streamId: string, appended: number, streams: number, applied: number): unknown {
  const progress = `${appended} of ${streams} streams (${applied} events) were applied; import the same file again to finish (what was applied is recognised and not appended twice)`;
  if (error instanceof WrongExpectedRevisionError) {
    return new LedgerError({
      code: 'CONCURRENCY_CONFLICT',
      message: `${streamId} was changed by another command during the import; ${progress}`,
    });
  }
  if (error instanceof DuplicateEventIdError) {
    return new LedgerError({
      code: 'IMPORT_INVALID',
      message: `an event id of the file for ${streamId} is used by another event in the ledger (${error.eventId}); ${progress}`,
    });
  }
  return error;
}
