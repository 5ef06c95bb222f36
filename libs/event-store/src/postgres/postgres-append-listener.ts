import { Client } from 'pg';

import { backoffDelay } from '../store-faults';

const MAX_RETRY_DELAY_MS = 2_000;

export interface AppendListenerOptions {
  readonly connectionString: string;
  readonly connectTimeoutMs: number;
  /** The NOTIFY channel appends announce themselves on. */
  readonly channel: string;
  /** Called on every notification, and on every (re)connection. */
  readonly onAppended: () => void;
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * One connection per store LISTENs for other processes' appends (the pool's connections come and go). When it is lost
 * it is made again, with backoff; subscribers are woken on each (re)connection, since a notification sent meanwhile
 * was lost (and their poll would find the appends anyway).
 */
export class PostgresAppendListener {
  private listener: Client | undefined;
  private listening = false;
  private closed = false;

  constructor(private readonly options: AppendListenerOptions) {}

  /** Starts listening, once; later calls do nothing. */
  listen(): void {
    if (this.listening || this.closed) return;
    this.listening = true;
    void (async () => {
      for (let attempt = 1; !this.closed; attempt++) {
        const client = new Client({
          connectionString: this.options.connectionString,
          connectionTimeoutMillis: this.options.connectTimeoutMs,
          keepAlive: true,
        });
        const ended = new Promise<void>((resolve) => {
          client.on('error', (error) => {
            if (!this.closed) this.options.onConnectionError?.(error);
            resolve();
          });
          client.on('end', () => resolve());
        });
        try {
          await client.connect();
          client.on('notification', () => this.options.onAppended());
          await client.query(`LISTEN ${this.options.channel}`);
          // Closed while it connected: ended below rather than left open.
          if (!this.closed) {
            this.listener = client;
            attempt = 0;
            this.options.onAppended();
            await ended;
          }
        } catch {
          // Not reachable yet: the next attempt follows the backoff below.
        }
        this.listener = undefined;
        await client.end().catch(() => undefined);
        if (!this.closed) await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt + 1, 100, MAX_RETRY_DELAY_MS)).unref());
      }
    })();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
  }
}
