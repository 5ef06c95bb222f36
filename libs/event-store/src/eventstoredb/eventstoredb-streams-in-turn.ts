import {
  type AppendRequest,
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  PartialAppendError,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store';
import { firstRepeatedEventId } from './eventstoredb-mapping';

/** What a request would do if appended now: store new events, or answer a stored append of the same events (nothing new). */
export type AppendVerdict = 'new' | 'repeat';

/**
 * Judges one request of a multi-stream append before anything is written: against
 * the stream's current revision and, when that is past the expected one, the events
 * stored right after the expected revision (the same ids there: a repeat of that
 * append, which the server answers without appending). Anything else is refused as
 * the server would refuse it. 'any' has no revision to judge: new (the server's own
 * idempotency still recognises a recent repeat).
 */
export function verdictBeforeAppend(
  request: AppendRequest,
  current: number | undefined,
  storedAfterExpected: readonly Pick<RecordedEvent, 'eventId'>[],
): AppendVerdict {
  const { expectedRevision } = request.options;
  if (expectedRevision === 'any') return 'new';
  const expected = expectedRevision === 'no_stream' ? -1 : expectedRevision;
  const now = current ?? -1;
  if (now === expected) return 'new';
  const repeated =
    now > expected &&
    storedAfterExpected.length === request.events.length &&
    request.events.every((event, index) => storedAfterExpected[index]!.eventId === event.eventId);
  if (repeated) return 'repeat';
  throw new WrongExpectedRevisionError(request.streamId, expectedRevision, current);
}

/**
 * appendAtomically as far as EventStoreDB allows: it commits one stream per append
 * and has no transaction over several (KurrentDB 25.1's multi-stream append is not
 * in @eventstore/db-client 6.x). So every request is judged first, all before any
 * is written, and a refusal then stores nothing; then the streams are appended one
 * after another, each with its own expected revision, which the server checks. A
 * writer that changes a later stream between the judging and its append makes that
 * append fail with the earlier streams stored: PartialAppendError names them, so the
 * caller never takes it for a clean refusal.
 */
export async function appendStreamsInTurn(
  store: Pick<EventStore, 'append' | 'readStream' | 'streamRevision'>,
  requests: readonly AppendRequest[],
): Promise<AppendResult[]> {
  if (requests.some((request) => request.events.length === 0)) throw new Error('append needs at least one event');
  // One stream is one append: as atomic as the server makes it.
  if (requests.length === 1) return [await store.append(requests[0]!.streamId, requests[0]!.events, requests[0]!.options)];
  const repeated = firstRepeatedEventId(requests.flatMap((request) => request.events));
  if (repeated !== undefined) throw new DuplicateEventIdError(repeated);

  const verdicts: AppendVerdict[] = [];
  for (const request of requests) {
    const current = await store.streamRevision(request.streamId);
    const { expectedRevision } = request.options;
    const expected = expectedRevision === 'no_stream' ? -1 : expectedRevision;
    const after =
      expected === 'any' || (current ?? -1) <= expected
        ? []
        : await store.readStream(request.streamId, { fromRevision: expected + 1, toRevision: expected + request.events.length });
    verdicts.push(verdictBeforeAppend(request, current, after));
  }

  const results: AppendResult[] = [];
  const appended: string[] = [];
  for (const [index, request] of requests.entries()) {
    try {
      results.push(await store.append(request.streamId, request.events, request.options));
    } catch (error) {
      if (appended.length === 0) throw error;
      throw new PartialAppendError(appended, request.streamId, error);
    }
    if (verdicts[index] === 'new') appended.push(request.streamId);
  }
  return results;
}
