import type { AppendResult, EventStore } from '@ledger/event-store';

import { type CompanyHistoryOptions, type HistoryAppend, historyEnd, resolveOptions } from './company-history-options';
import { CompanySimulation } from './company-simulation';

export { COMPANY_HISTORY_DEFAULTS, type CompanyHistoryOptions, type HistoryAppend } from './company-history-options';
export { COMPANY_HISTORY_ID_NAMESPACE } from './simulation-model';

export interface CompanyHistoryAppendResult {
  /** Events appended by this call (events already stored from an earlier run are not counted). */
  events: number;
  /** Appends that stored new events. */
  appends: number;
  /** Events of the history that were already stored (an earlier run of the same history). */
  alreadyStored: number;
  /** Streams the history writes to. */
  streams: number;
  /** Business time of the first and last event of the history; undefined for an empty one. */
  firstOccurredAt?: string;
  lastOccurredAt?: string;
}

/**
 * A realistic, deterministic history of a sales company (docs/architecture.md, "The company"), built only from
 * what the domain deciders decide: a sales department founded first, leads worked by
 * reps, about a third of them won, reorders that fade as in real retention cohorts,
 * a client department that takes repeat clients over, key accounts for the big fish,
 * commission plans that change mid-history, people joining and leaving.
 *
 * Business time only moves forward, across the whole history, so the appends can be
 * written in the order they are generated. The simulation never looks at its horizon
 * before reaching it: a longer run of the same seed and scale starts with exactly the
 * events of a shorter one, so `months` can be raised later and only the new part is
 * appended.
 *
 * Every event is what a decider decided on the stream's state at that point; the
 * appends come with the revision each stream must be at, and deterministic event ids.
 */
export function* generateCompanyHistory(options: CompanyHistoryOptions = {}): Generator<HistoryAppend> {
  yield* new CompanySimulation(resolveOptions(options)).run();
}

/** The business time span a history covers: from the founding up to (not including) `end`. Throws on invalid options. */
export function companyHistorySpan(options: CompanyHistoryOptions = {}): { start: string; end: string } {
  const resolved = resolveOptions(options);
  return { start: new Date(resolved.start).toISOString(), end: new Date(historyEnd(resolved)).toISOString() };
}

/**
 * Appends a generated history through the EventStore port, stream by stream with the
 * expected revision (a win's two streams in one atomic append). Event ids are
 * deterministic, so appending the same history again stores nothing new: the store
 * answers each repeated append with its first result.
 */
export async function appendCompanyHistory(
  store: EventStore,
  history: Iterable<HistoryAppend>,
  options: { onProgress?: (events: number) => void; progressEvery?: number } = {},
): Promise<CompanyHistoryAppendResult> {
  const progressEvery = options.progressEvery ?? 10_000;
  // Events stored before this call sit at or below today's head; new ones land above it.
  const head = await store.headPosition();
  const result: CompanyHistoryAppendResult = { events: 0, appends: 0, alreadyStored: 0, streams: 0 };
  let seen = 0;
  let nextProgress = progressEvery;
  const count = (append: HistoryAppend, answer: AppendResult) => {
    if (answer.events[0]!.position > head) {
      result.events += answer.events.length;
      result.appends += 1;
    } else {
      result.alreadyStored += answer.events.length;
    }
    if (append.expectedRevision === 'no_stream') result.streams += 1;
    result.firstOccurredAt ??= append.events[0]!.occurredAt;
    result.lastOccurredAt = append.events.at(-1)!.occurredAt;
    seen += append.events.length;
    if (seen >= nextProgress) {
      nextProgress = seen - (seen % progressEvery) + progressEvery;
      options.onProgress?.(result.events);
    }
  };
  let together: HistoryAppend[] = [];
  for (const append of history) {
    together.push(append);
    if (append.togetherWithNext) continue;
    const unit = together;
    together = [];
    const answers =
      unit.length === 1
        ? [await store.append(append.streamId, append.events, { expectedRevision: append.expectedRevision })]
        : await store.appendAtomically(
            unit.map(({ streamId, events, expectedRevision }) => ({ streamId, events, options: { expectedRevision } })),
          );
    for (const [index, answer] of answers.entries()) count(unit[index]!, answer);
  }
  options.onProgress?.(result.events);
  return result;
}
