import type { DomainFailure } from './failure';

/** The outcome of a decision: the events to append, or why the command is refused. */
export type Result<T, F = DomainFailure> = { ok: true; value: T } | { ok: false; failure: F };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const refuse = (failure: DomainFailure): Result<never> => ({ ok: false, failure });
