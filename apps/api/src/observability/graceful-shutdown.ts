import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { type INestApplication, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { problem } from '../contract/problem-details';
import { sendProblem } from '../http/problem-details.filter';

/**
 * Stops the API without dropping work: no new connections, the requests in
 * flight answered (each with `Connection: close`, so no client sends another on
 * the same connection), then the application closed in Nest's order: the
 * GraphQL sockets, then the policies and projections (each lets its current
 * batch commit), and last the store.
 *
 * Once the requests in flight are answered, no request is admitted any more:
 * closing the application half-closes every connection that has not sent a
 * request yet (Apollo's drain plugin does), so a request read from one after
 * that could still be executed but never answered.
 */
@Injectable()
export class GracefulShutdown {
  private readonly inFlight = new Set<ServerResponse>();
  private server: Server | undefined;
  private stopping = false;
  private admitting = true;
  private drained: (() => void) | undefined;

  /** True once shutdown has begun: readiness answers 503 so a load balancer sends nothing more. */
  get draining(): boolean {
    return this.stopping;
  }

  /** Follows every request the server takes; called once, as soon as the server exists. */
  track(server: Server): void {
    this.server = server;
    // Ahead of Express's own listener, so the header is set before any handler can answer.
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.inFlight.add(response);
      if (this.stopping) response.setHeader('Connection', 'close');
      const done = () => {
        this.inFlight.delete(response);
        if (!this.stopping) return;
        // Its connection may be idle now: closing it lets the server close.
        setImmediate(() => this.server?.closeIdleConnections());
        if (this.inFlight.size === 0) this.stopAdmitting();
      };
      response.once('finish', done);
      response.once('close', done);
    });
  }

  /** Mounted before the routes: after the drain a request is refused unexecuted (503, if its connection can still carry it). */
  readonly admit = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.admitting) return next();
    sendProblem(
      response,
      problem('SERVICE_UNAVAILABLE', 'the ledger is shutting down; send the request again (to another instance, or once it is back)'),
    );
  };

  /** Stops taking requests, waits for those in flight, then closes the application. */
  async shutdown(app: INestApplication): Promise<void> {
    this.stopping = true;
    const server = this.server;
    if (server) {
      server.close();
      server.closeIdleConnections();
      for (const response of this.inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    }
    const drained = new Promise<void>((resolve) => (this.drained = resolve));
    if (this.inFlight.size === 0) this.stopAdmitting();
    await drained;
    await app.close();
  }

  /** Synchronously with the last answer: no request can slip in between. */
  private stopAdmitting(): void {
    this.admitting = false;
    this.drained?.();
  }
}

export interface ShutdownOptions {
  /** After this long the process gives up waiting and exits 1. */
  readonly timeoutMs: number;
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * On SIGTERM (or SIGINT) shuts the application down gracefully and exits 0, or
 * exits 1 when that fails or takes longer than the timeout. A second signal
 * changes nothing: the first shutdown goes on, still bounded by the timeout.
 */
export function exitGracefullyOnSignals(app: INestApplication, { timeoutMs, signals = ['SIGTERM', 'SIGINT'] }: ShutdownOptions): void {
  const logger = new Logger('Shutdown');
  let begun = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (begun) return;
    begun = true;
    const started = performance.now();
    logger.log(
      `${signal}: finishing the requests in flight and the read models' current batch, then closing the store (at most ${timeoutMs} ms)`,
    );
    const timer = setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutMs} ms (LEDGER_SHUTDOWN_TIMEOUT_MS); exiting with work left undone`);
      process.exit(1);
    }, timeoutMs);
    app
      .get(GracefulShutdown)
      .shutdown(app)
      .then(
        () => {
          clearTimeout(timer);
          logger.log(`stopped in ${Math.round(performance.now() - started)} ms`);
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  for (const signal of signals) process.on(signal, onSignal);
}
