import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';

import type { Principal } from '../auth/authenticator';

/** setTimeout's longest delay (about 24.8 days); a later expiry is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket authenticated with a token lives no longer than the token: when it
 * expires, the socket is closed with 4403 Forbidden (graphql-ws's code), so a
 * running subscription delivers nothing more. The client reconnects with a
 * fresh token. API keys do not expire; their sockets are left open.
 */
export function closeWhenCredentialsExpire(socket: WebSocket, principal: Principal): void {
  if (principal.expiresAt === undefined) return;
  const expiresAt = principal.expiresAt;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) return socket.close(CloseCode.Forbidden, 'Forbidden: the token has expired');
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
  };
  socket.once('close', () => clearTimeout(timer));
  arm();
}
