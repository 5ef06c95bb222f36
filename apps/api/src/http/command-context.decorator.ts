import type { CommandContext } from '@ledger/ledger';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { AuthenticatedRequest } from '../auth/access.guard';
import { commandContextOf } from '../requests/command-options';

/** The command's context: the actor from the verified credentials (never the body), the rest from headers. */
export const CommandCtx = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const header = (name: string) => request.header(name)?.trim() || undefined;
  return commandContextOf(request.principal, {
    correlationId: header('x-correlation-id'),
    idempotencyKey: header('idempotency-key'),
    ifMatch: header('if-match'),
  });
});
