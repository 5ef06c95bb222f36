import type { AppendResult as ClientAppendResult, CurrentRevision } from '@eventstore/db-client';

import { DuplicateEventIdError, type ExpectedRevision, type NewEvent, WrongExpectedRevisionError } from '../event-store';
import { fromCurrentRevision } from './eventstoredb-mapping';

/** The client's errors, told apart by their type (either client's classes) or gRPC code, and turned into the port's. */

/** The client's ErrorType values (the same strings in both official clients). */
const WRONG_EXPECTED_VERSION = 'wrong-expected-version';
const STREAM_NOT_FOUND = 'stream-not-found';
const UNAVAILABLE = 'unavailable';
/** gRPC's status code UNAVAILABLE, which the client sometimes hands on in a plain Error. */
const GRPC_UNAVAILABLE = 14;

/** Whether an error is the client's WrongExpectedVersionError (either client; matched by its type, not its class). */
export function isWrongExpectedVersionError(error: unknown): error is Error & { type: string; actualVersion: CurrentRevision } {
  return errorType(error) === WRONG_EXPECTED_VERSION;
}

/** Whether an error is the client's StreamNotFoundError: the port reads an absent stream as empty. */
export function isStreamNotFoundError(error: unknown): boolean {
  return errorType(error) === STREAM_NOT_FOUND;
}

/** Whether an error says the server cannot be reached: the client's UnavailableError, or a plain gRPC error with code 14. */
export function isUnavailableError(error: unknown): boolean {
  if (errorType(error) === UNAVAILABLE) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === GRPC_UNAVAILABLE || (typeof message === 'string' && /\bUNAVAILABLE\b/.test(message));
}

/**
 * An append's failure as the port's error. The client's WrongExpectedVersionError
 * becomes WrongExpectedRevisionError naming the stream, what was expected and the
 * actual revision (undefined for an absent stream), with one exception: with
 * 'any' the server refuses nothing on revision grounds, so a wrong-expected-version
 * answer can only be its idempotency check finding the batch's first event already
 * stored and a later one not ("corrupted idempotency"): a partly repeated batch,
 * which the port calls DuplicateEventIdError. Any other error is returned as is.
 */
export function toAppendError(error: unknown, streamId: string, expected: ExpectedRevision, events: readonly NewEvent[]): unknown {
  if (!isWrongExpectedVersionError(error)) return error;
  if (expected === 'any' && events.length > 0) return new DuplicateEventIdError(events[0]!.eventId);
  return new WrongExpectedRevisionError(streamId, expected, fromCurrentRevision(error.actualVersion));
}

/** An append the client answered with success: false (a client made with throwOnAppendFailure=false) as the port's error. */
export function failedAppendError(result: ClientAppendResult, streamId: string, expected: ExpectedRevision): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(streamId, expected, fromCurrentRevision(result.nextExpectedRevision));
}

function errorType(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
}
