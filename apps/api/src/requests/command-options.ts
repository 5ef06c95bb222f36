import { randomUUID } from 'node:crypto';

import { type CommandContext, CORRELATION_ID_PATTERN, CORRELATION_ID_RULE } from '@ledger/ledger';

import type { Principal } from '../auth/authenticator';
import { invalidFormatFault } from '../contract/field-codes';
import { type FieldError, fieldError } from '../contract/problem-details';
import { RequestValidationError } from './validation';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
const IDEMPOTENCY_KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/** A stream revision as an ETag ("3", W/"3") or bare (3). */
const IF_MATCH_PATTERN = /^(?:W\/)?"?(\d{1,15})"?$/;

export interface CommandOptions {
  readonly correlationId?: string;
  readonly idempotencyKey?: string;
  /** A stream revision as an ETag ("3" or W/"3") or a bare number. */
  readonly ifMatch?: string;
}

/** Shared by REST (headers) and GraphQL (arguments), so both validate the options alike. */
export function commandContextOf(principal: Principal | undefined, options: CommandOptions): CommandContext {
  // The guard runs before any handler; a missing principal here is a wiring fault, not a client error.
  if (!principal) throw new Error('a command reached its handler without an authenticated principal');
  const errors: FieldError[] = [];

  const { idempotencyKey, correlationId, ifMatch } = options;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    const message = `Idempotency-Key must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters`;
    errors.push(fieldError('Idempotency-Key', message, invalidFormatFault(IDEMPOTENCY_KEY_PATTERN.source)));
  }
  if (correlationId !== undefined && !CORRELATION_ID_PATTERN.test(correlationId)) {
    errors.push(
      fieldError('X-Correlation-Id', `X-Correlation-Id ${CORRELATION_ID_RULE}`, invalidFormatFault(CORRELATION_ID_PATTERN.source)),
    );
  }
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = IF_MATCH_PATTERN.exec(ifMatch);
    if (match) expectedRevision = Number(match[1]);
    else errors.push(fieldError('If-Match', 'If-Match must be a stream revision, e.g. "3"', invalidFormatFault(IF_MATCH_PATTERN.source)));
  }

  if (errors.length > 0) throw new RequestValidationError(errors);
  return {
    actor: { type: 'user', id: principal.id, role: principal.role },
    correlationId: correlationId ?? randomUUID(),
    idempotencyKey: idempotencyKey === undefined ? undefined : scopedIdempotencyKey(principal, idempotencyKey),
    expectedRevision,
  };
}

/** Keys are the caller's own: another caller's identical key is another request, and never sees the first one's answer. */
export const scopedIdempotencyKey = (principal: Principal, key: string): string => `${principal.id}/${key}`;
