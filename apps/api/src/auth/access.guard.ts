import { LedgerError, mayCall, type Operation, OPERATION_ROLES } from '@ledger/ledger';
import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';

import { OPERATION_KEY, PUBLIC_KEY } from './access.decorators';
import { Authenticator, type Principal } from './authenticator';

/** What a GraphQL operation's context carries for the guard: the credentials, then who they belong to. */
export interface GraphqlRequestContext {
  readonly authorization?: string;
  readonly correlationId?: string;
  /** The Ledger-Min-Position header: the log position the read models must have stored before the operation's reads answer. */
  readonly minPosition?: string;
  /** The HTTP request's X-Request-Id, which its errors carry too. */
  readonly requestId?: string;
  principal?: Principal;
}

/** An HTTP request once the guard has let it through. */
export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every request passes here (it is the global guard): public handlers pass,
 * others need credentials (401) and a role the operation's rule names (403).
 * A handler that declares neither is refused: a new route without a rule
 * fails closed, and the authorisation matrix test names it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const operation = this.reflector.getAllAndOverride<Operation | undefined>(OPERATION_KEY, targets);

    const holder = credentialHolder(context);
    const principal = holder.principal ?? this.authenticator.authenticate(holder.authorization);
    holder.remember(principal);

    if (operation === undefined || !(operation in OPERATION_ROLES)) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing`);
      throw new LedgerError({ code: 'FORBIDDEN', message: 'this operation has no access rule yet, so nobody may call it' });
    }
    if (!mayCall(principal.role, operation)) {
      throw new LedgerError({
        code: 'FORBIDDEN',
        message: `the role ${principal.role} may not call ${operation}; allowed: ${OPERATION_ROLES[operation].join(', ')}`,
      });
    }
    return true;
  }
}

function credentialHolder(context: ExecutionContext): {
  authorization?: string;
  principal?: Principal;
  remember(principal: Principal): void;
} {
  if (context.getType<'graphql' | 'http'>() === 'graphql') {
    const graphql = GqlExecutionContext.create(context).getContext<GraphqlRequestContext>();
    return { authorization: graphql.authorization, principal: graphql.principal, remember: (principal) => (graphql.principal = principal) };
  }
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return {
    authorization: request.headers.authorization,
    principal: request.principal,
    remember: (principal) => (request.principal = principal),
  };
}
