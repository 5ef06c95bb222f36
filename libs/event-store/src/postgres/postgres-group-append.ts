import type { Pool } from 'pg';

import { earlierAppendOf, firstRepeatedId } from '../append-checks';
import { contentPieces } from '../event-chain';
import { type AppendRequest, type AppendResult, DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store';
import { storeFaultKindOf } from '../store-faults';
import { binaryTextArray } from './pg-binary-text-array';
import { inOneStatement } from './pg-transaction';

/** What append_to_stream answers (see appendToStreamFunction in postgres-migrations.ts). */
type AppendOutcome =
  | { stored: Array<{ event_id: string; stream_id: string; revision: number; position: number }>; current?: undefined }
  | { refused: true; current: number | null }
  | { position: number; current: number | null };

/** Parameters of one call of append_to_stream (migration 8's form). */
const PARAMETERS_PER_APPEND = 15;
/** The most appends one statement carries (15 parameters each, well under PostgreSQL's 65,535). */
const MOST_PER_STATEMENT = 256;

/**
 * One statement calling append_to_stream once per append, in order: a VALUES row each, evaluated
 * one after another, so each call sees what the calls before it wrote. Prepared once per
 * connection and size of group (pg keeps named statements per connection), so the server parses
 * and plans it once.
 */
const appendStatements = new Map<number, { name: string; text: string }>();
function appendStatement(appends: number): { name: string; text: string } {
  let statement = appendStatements.get(appends);
  if (!statement) {
    const rows = Array.from({ length: appends }, (_, index) => {
      const first = index * PARAMETERS_PER_APPEND;
      const placeholders = Array.from({ length: PARAMETERS_PER_APPEND }, (_unused, column) => `$${first + column + 1}`).join(', ');
      return `(${index}, append_to_stream(${placeholders}))`;
    });
    statement = {
      name: `ledger_append_to_stream_${appends}`,
      text: `SELECT outcome FROM (VALUES ${rows.join(', ')}) AS calls (n, outcome) ORDER BY n`,
    };
    appendStatements.set(appends, statement);
  }
  return statement;
}

interface Waiting {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Single appends on PostgreSQL, by the function append_to_stream (postgres-migrations.ts): one round trip, the head locked only
 * while the server runs it. Group commit: appends that arrive while one is under way wait, then go
 * together in one statement (one call of the function each, so each is judged and answered alone,
 * a refused one writing nothing), which pays one round trip and one commit, one WAL flush, for all.
 */
export class PostgresGroupAppender {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly clock: () => Date,
    private readonly onAppended: () => void,
  ) {}

  append(request: AppendRequest): Promise<AppendResult> {
    if (request.events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    const repeated = firstRepeatedId(request.events);
    if (repeated !== undefined) return Promise.reject(new DuplicateEventIdError(repeated));
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, MOST_PER_STATEMENT);
      await this.together(group);
    }
    this.running = false;
  }

  private async settle(waiting: Waiting, work: () => Promise<AppendResult>): Promise<void> {
    try {
      waiting.resolve(await work());
    } catch (reason) {
      waiting.reject(reason);
    }
  }

  /** The appends' outcomes, in their order, from one statement in its own transaction. */
  private async call(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const rows = await inOneStatement<{ outcome: AppendOutcome }>(
      this.pool,
      appendStatement(requests.length),
      requests.flatMap((request) => this.parameters(request)),
    );
    return rows.map((row) => row.outcome);
  }

  /**
   * The group in one statement. A call the server fails aborts it (nothing of the group is
   * stored): unless the database itself is at fault, each then goes again alone, so one bad append
   * does not fail the others.
   */
  private async together(group: readonly Waiting[]): Promise<void> {
    let outcomes: AppendOutcome[];
    try {
      outcomes = await this.call(group.map((waiting) => waiting.request));
    } catch (error) {
      if (group.length === 1 || storeFaultKindOf(error) !== undefined) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      for (const waiting of group)
        await this.settle(waiting, async () => this.judged(waiting.request, (await this.call([waiting.request]))[0]!));
      return;
    }
    group.forEach((waiting, index) => {
      try {
        waiting.resolve(this.judged(waiting.request, outcomes[index]!));
      } catch (reason) {
        waiting.reject(reason);
      }
    });
  }

  private parameters({ streamId, events, options }: AppendRequest): unknown[] {
    const { expectedRevision } = options;
    const recordedAt = this.clock().toISOString();
    // The content's fields named one by one: a spread of the caller's event costs more than the rest (ADR 0014).
    const pieces = events.map(({ eventId, type, schemaVersion, occurredAt, data, metadata }) =>
      contentPieces({ eventId, type, schemaVersion, occurredAt, data, metadata, streamId, recordedAt }),
    );
    // Text arrays in binary form: no escaping of the JSON's quotes on either side (pg-binary-text-array.ts).
    return [
      streamId,
      // The function's encoding: NULL any, -1 no stream.
      expectedRevision === 'any' ? null : expectedRevision === 'no_stream' ? -1 : expectedRevision,
      binaryTextArray(events.map((event) => event.eventId)),
      binaryTextArray(events.map((event) => event.type)),
      events.map((event) => event.schemaVersion),
      binaryTextArray(events.map((event) => event.occurredAt)),
      recordedAt,
      binaryTextArray(pieces.map((piece) => piece.data)),
      binaryTextArray(pieces.map((piece) => piece.metadata)),
      pieces[0]!.beforeData,
      binaryTextArray(pieces.map((piece) => piece.afterData)),
      binaryTextArray(pieces.map((piece) => piece.afterMetadata)),
      pieces[0]!.beforeRevision,
      binaryTextArray(pieces.map((piece) => piece.afterRevision)),
      this.channel,
    ];
  }

  /** The function's answer as the port's: a result, an earlier append's result, or a refusal. */
  private judged({ streamId, events, options }: AppendRequest, outcome: AppendOutcome): AppendResult {
    const current = outcome.current ?? undefined;
    if ('stored' in outcome) {
      const ids = events.map((event) => event.eventId);
      const found = new Map(outcome.stored.map((place) => [place.event_id, place]));
      return earlierAppendOf(
        streamId,
        ids,
        ids.map((id) => found.get(id)),
      )!;
    }
    if ('refused' in outcome) throw new WrongExpectedRevisionError(streamId, options.expectedRevision, current);
    this.onAppended();
    const appended = events.map((event, index) => ({
      eventId: event.eventId,
      revision: (current ?? -1) + index + 1,
      position: outcome.position + index + 1,
    }));
    const last = appended.at(-1)!;
    return { revision: last.revision, position: last.position, events: appended };
  }
}
