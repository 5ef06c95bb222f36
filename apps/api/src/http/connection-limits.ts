import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import type { ConnectionLimits } from '../edge/hardening-config';

/** How often, at most, Node looks for requests past their headers or receive timeout (its default, 30 s, let a 10 s limit run to 40). */
const MAX_CHECK_INTERVAL_MS = 1_000;
/** Checked ten times within the headers timeout: a slow client is cut within a tenth of it past its deadline. */
const CHECKS_PER_TIMEOUT = 10;

/**
 * Sets Node's own limits on the server the API listens with, before it
 * listens: a client dripping its headers, or its body, is answered 408 and
 * cut off; an idle keep-alive connection is closed; connections beyond the
 * cap are closed as they arrive. Node's timeouts start at a request's first
 * byte, so a connection that never sends one is closed here after the
 * headers timeout too; else silent sockets could hold every slot of the cap.
 */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.receiveTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // Read by Node when the server starts listening; @types/node knows it only as an option of createServer.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    MAX_CHECK_INTERVAL_MS,
    Math.ceil(limits.headersTimeoutMs / CHECKS_PER_TIMEOUT),
  );
  server.on('connection', (socket: Socket) => closeIfSilent(socket, limits.headersTimeoutMs));
}

function closeIfSilent(socket: Socket, timeoutMs: number): void {
  // Timers run before the event loop reads sockets: after a long busy moment (a catch-up at start-up), bytes may be
  // waiting unread. setImmediate looks once the loop has read them, so only a connection that really sent nothing goes.
  const timer = setTimeout(() => {
    setImmediate(() => {
      if (socket.bytesRead === 0) socket.destroy();
    });
  }, timeoutMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
