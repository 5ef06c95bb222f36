import type { ApiProcess } from '../../e2e/support/api-process';
import { ADMIN } from './ledger-checks';

/** A command sent until the ledger gives it a definite answer, always with the same Idempotency-Key. */
export interface Command {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly key: string;
}

/** The answers a fault may give: the client retries them with the same key. */
const RETRIED = new Set([503, 507]);

/**
 * Clients placing reorders with idempotency keys as fast as the API answers, each on clients of its own (so they never
 * conflict). A 503 or 507 is retried with the same key after a short pause; anything else but 201 is recorded as
 * unexpected. What it counts is what the fault suites assert and report.
 */
export class ReorderLoad {
  readonly acknowledged: { key: string; orderId: string; eventId: string }[] = [];
  /** Every answer's status, and the failure code of each 503/507. */
  readonly statuses = new Map<string, number>();
  /** 5xx other than 503/507, other refusals, no answer within the request timeout, or the connection refused. */
  readonly unexpected: string[] = [];
  /** Commands that needed more than one attempt (each kept at most once: the log is checked for that). */
  retriedCommands = 0;
  slowestMs = 0;
  private running = false;
  private writers: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private readonly api: ApiProcess,
    private readonly options: { writers: number; clientsPerWriter: number; answerWithinMs: number },
  ) {}

  /** The employees and the won clients the reorders go to. */
  async prepare(): Promise<void> {
    for (const employee of [
      { employeeId: 'rep-anna', name: 'Anna', department: 'sales', role: 'rep' },
      { employeeId: 'mgr-carl', name: 'Carl', department: 'client', role: 'manager' },
      { employeeId: 'mgr-dora', name: 'Dora', department: 'client', role: 'manager' },
    ]) {
      await this.send({ path: '/v1/employees', body: employee, key: `employee-${employee.employeeId}` });
    }
    for (let writer = 0; writer < this.options.writers; writer++) {
      for (let index = 0; index < this.options.clientsPerWriter; index++) {
        const clientId = this.clientOf(writer, index);
        const leadId = `lead-${clientId}`;
        await this.send({
          path: `/v1/leads/${leadId}/contacts`,
          body: { repId: 'rep-anna', company: leadId, channel: 'call', outcome: 'interested' },
          key: `contact-${leadId}`,
        });
        await this.send({
          path: '/v1/clients',
          body: {
            clientId,
            leadId,
            repId: 'rep-anna',
            firstOrder: { orderId: `${clientId}-o1`, total: { amount: 10_000, currency: 'EUR' } },
          },
          key: `win-${clientId}`,
        });
      }
    }
  }

  start(): void {
    this.running = true;
    this.writers = Array.from({ length: this.options.writers }, (_, writer) =>
      (async () => {
        for (let turn = 0; this.running; turn++) await this.send(this.reorder(this.clientOf(writer, turn % this.options.clientsPerWriter)));
      })(),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.writers);
  }

  /** A new reorder for the given writer's client (the burst tests send these beside the writers). */
  nextReorder(clientIndex = 0): Command {
    return this.reorder(this.clientOf(0, clientIndex));
  }

  private reorder(clientId: string): Command {
    const orderId = `o-${++this.sequence}`;
    return {
      path: `/v1/clients/${clientId}/orders`,
      body: { orderId, total: { amount: 1_000 + this.sequence, currency: 'EUR' }, takenBy: 'rep-anna' },
      key: `order-${orderId}`,
    };
  }

  private clientOf(writer: number, index: number): string {
    return `k-${writer}-${index}`;
  }

  /** Sends until 201 (or a refusal, recorded as unexpected); answers the final status. */
  async send(command: Command): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      if (attempt === 2) this.retriedCommands += 1;
      const started = performance.now();
      let response: Response;
      let body: { eventId?: string; code?: string };
      try {
        response = await fetch(`${this.api.url}${command.path}`, {
          method: 'POST',
          headers: { ...ADMIN, 'idempotency-key': command.key },
          body: JSON.stringify(command.body),
          signal: AbortSignal.timeout(this.options.answerWithinMs),
        });
        body = (await response.json()) as typeof body;
      } catch (error) {
        this.unexpected.push(`${command.key}: no answer (${error instanceof Error ? error.message : String(error)})`);
        // The API process ended: nothing will answer, and the test fails on that rather than waiting.
        if (this.api.child.exitCode !== null || this.api.child.signalCode !== null) {
          this.running = false;
          return 0;
        }
        await pause(200);
        continue;
      }
      this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
      const label = RETRIED.has(response.status) ? `${response.status} ${body.code}` : String(response.status);
      this.statuses.set(label, (this.statuses.get(label) ?? 0) + 1);
      if (response.status === 201) {
        if (command.path.endsWith('/orders'))
          this.acknowledged.push({ key: command.key, orderId: command.body.orderId as string, eventId: body.eventId! });
        return 201;
      }
      if (RETRIED.has(response.status)) {
        if (response.headers.get('retry-after') === null) this.unexpected.push(`${command.key}: ${response.status} without Retry-After`);
        // Retry-After says a second; the test retries sooner, to see the moment the database is back.
        await pause(100);
        continue;
      }
      this.unexpected.push(`${command.key}: ${response.status} ${JSON.stringify(body)}`);
      return response.status;
    }
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
