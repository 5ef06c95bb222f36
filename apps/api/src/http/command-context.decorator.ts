import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@ledger/ledger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { ID_PATTERN } from './dto';
import { RequestValidationError } from './validation';

const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The command's context from the request's headers. The actor comes from
 * X-Actor-Id (and X-Actor-Role) until authentication exists: a temporary,
 * documented stand-in, never taken from the body.
 */
export const CommandCtx = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<Request>();
  return commandContextOf(request);
});

export function commandContextOf(request: Request): CommandContext {
  const errors: { field: string; message: string }[] = [];
  const header = (name: string) => request.header(name)?.trim() || undefined;

  const actorId = header('x-actor-id') ?? 'anonymous';
  if (!ID_PATTERN.test(actorId)) errors.push({ field: 'X-Actor-Id', message: 'X-Actor-Id must be an id (letters, digits and . _ : @ -)' });
  const role = header('x-actor-role') ?? null;

  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    errors.push({ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-255 visible ASCII characters' });
  }

  let expectedRevision: number | undefined;
  const ifMatch = header('if-match');
  if (ifMatch !== undefined) {
    // Revisions travel as ETags ("3" or W/"3"); a bare number is accepted too.
    const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch);
    if (match) expectedRevision = Number(match[1]);
    else errors.push({ field: 'If-Match', message: 'If-Match must be a stream revision, e.g. "3"' });
  }

  if (errors.length > 0) throw new RequestValidationError(errors);
  return {
    actor: { type: 'user', id: actorId, role },
    correlationId: header('x-correlation-id') ?? randomUUID(),
    idempotencyKey,
    expectedRevision,
  };
}
