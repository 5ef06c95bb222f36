import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The ledger's own rule for correlation ids, so what passes here passes a command too.
import { CORRELATION_ID_PATTERN } from '@ledger/ledger';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** pino-http declares `id` on every request; the correlation id is ours. */
type IdentifiedRequest = IncomingMessage & { correlationId?: string; correlationIdMade?: boolean };

/**
 * Gives every request a request id (a proxy's X-Request-Id, or a new one) and a
 * correlation id (the caller's X-Correlation-Id, or a new one), and answers both
 * as headers. A generated correlation id is also put on the request's own
 * headers, where commands read it, so the log line, the answer and the events
 * the request appends all carry the same one. An invalid one is left for the
 * command to refuse (400 naming the header); the answer and the log then carry
 * a generated one.
 */
export function assignRequestIds(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  const identified = request as IdentifiedRequest;
  const given = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && CORRELATION_ID_PATTERN.test(value.trim()) ? value.trim() : undefined;
  };
  identified.id = given(REQUEST_ID_HEADER) ?? randomUUID();
  const correlationId = given(CORRELATION_ID_HEADER);
  identified.correlationId = correlationId ?? randomUUID();
  const sent = request.headers[CORRELATION_ID_HEADER];
  if (typeof sent !== 'string' || sent.trim() === '') {
    request.headers[CORRELATION_ID_HEADER] = identified.correlationId;
    identified.correlationIdMade = true;
  }
  response.setHeader('X-Request-Id', identified.id);
  response.setHeader('X-Correlation-Id', identified.correlationId);
  next();
}

/** Always a string here: assignRequestIds set it before pino-http asks. */
export const requestIdOf = (request: IncomingMessage): string => (typeof request.id === 'string' ? request.id : '');
export const correlationIdOf = (request: IncomingMessage): string | undefined => (request as IdentifiedRequest).correlationId;

/** The X-Correlation-Id the caller sent, not one made for the request (an import derives its own from the file instead). */
export function sentCorrelationId(request: IncomingMessage): string | undefined {
  const value = request.headers[CORRELATION_ID_HEADER];
  return (request as IdentifiedRequest).correlationIdMade || typeof value !== 'string' ? undefined : value.trim() || undefined;
}

/** The request records another correlation id than the one made for it: the answer and its log line carry that one. */
export function adoptCorrelationId(request: IncomingMessage, response: ServerResponse, correlationId: string): void {
  (request as IdentifiedRequest).correlationId = correlationId;
  if (!response.headersSent) response.setHeader('X-Correlation-Id', correlationId);
}
