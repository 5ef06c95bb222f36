import type { IncomingMessage } from 'node:http';

import { LedgerError } from '@ledger/ledger';
import type { Request } from 'express';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import type { WebSocket } from 'ws';

import type { GraphqlRequestContext } from '../auth/access.guard';
import type { Authenticator } from '../auth/authenticator';
import { requestIdOf } from '../observability/request-ids';
import { MIN_POSITION_HEADER } from '../requests/queries';
import { closeWhenCredentialsExpire } from './socket-expiry';

/** What graphql-ws's `ws` adapter adds to a connection's context. */
interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}
/** graphql-ws's context of one connection; its `extra` is WsExtra with the ws adapter Nest uses. */
export type SocketContext = WsContext<Record<string, unknown> | undefined, unknown>;

/** Apollo hands the context function the HTTP request; graphql-ws hands it the socket's context. */
type ContextSource = { req: Request } | SocketContext;

/**
 * Each operation's context carries the caller's credentials for the global
 * AccessGuard, which authenticates them and stores the principal beside them.
 * Over HTTP they come from the headers, over a websocket from the
 * connection_init payload (browsers cannot set headers on a websocket).
 */
export function graphqlContext(source: ContextSource): GraphqlRequestContext {
  if ('req' in source && source.req !== undefined) {
    return {
      authorization: header(source.req, 'authorization'),
      correlationId: header(source.req, 'x-correlation-id'),
      minPosition: header(source.req, MIN_POSITION_HEADER.toLowerCase()),
      requestId: requestIdOf(source.req) || undefined,
    };
  }
  const params = (source as SocketContext).connectionParams;
  return {
    authorization: connectionParam(params, 'authorization'),
    correlationId: connectionParam(params, 'x-correlation-id') ?? connectionParam(params, 'correlationId'),
  };
}

/**
 * graphql-ws onConnect: a socket without valid credentials is closed at once
 * (4401, with the reason), before it can subscribe to anything; one with a
 * token is closed (4403) when the token expires. Each subscription is still
 * checked by the guard for its own operation's roles.
 */
export function authenticateConnection(authenticator: Authenticator) {
  return (context: SocketContext): boolean => {
    try {
      const principal = authenticator.authenticate(connectionParam(context.connectionParams, 'authorization'));
      closeWhenCredentialsExpire((context.extra as WsExtra).socket, principal);
      return true;
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
      // A close reason is at most 123 bytes; the authenticator's reasons are short and reveal no secret.
      (context.extra as WsExtra).socket.close(CloseCode.Unauthorized, `${error.failure.code}: ${error.message}`.slice(0, 120));
      return false;
    }
  };
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

/** Clients spell the keys of connection_init as they like (Authorization, authorization). */
function connectionParam(params: Record<string, unknown> | undefined, name: string): string | undefined {
  const key = Object.keys(params ?? {}).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : params![key];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}
