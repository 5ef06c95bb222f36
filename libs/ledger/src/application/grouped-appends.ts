import type { AppendRequest, AppendResult, EventStore } from '@ledger/event-store';

interface Waiting {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Group commit for the commands of one process: an append asked while other commands
 * are still deciding waits for them, and the appends they reach go to the store in one
 * appendMany (one transaction where the store can), each judged alone (its own expected
 * revision) and answered alone. A command deciding alone appends at once, without any
 * wait. Commands decide on data already read, so "still deciding" is a few microtasks;
 * a decision awaiting the store itself (a remote read) holds no one beyond the event
 * loop's next turn.
 */
export class GroupedAppends {
  private deciding = 0;
  private waiting: Waiting[] = [];
  private flushScheduled = false;

  constructor(private readonly store: EventStore) {}

  /** A command starts deciding: an append asked meanwhile may wait for its own. */
  enter(): void {
    this.deciding += 1;
  }

  /** A command stops deciding (to append, or refused): the last one out sends what waits. */
  leave(): void {
    this.deciding -= 1;
    if (this.deciding === 0 && this.waiting.length > 0) this.flush();
  }

  /** Leaves the decision and appends: at once when no other command is deciding, else with the others' appends. */
  leaveToAppend(request: AppendRequest): Promise<AppendResult> {
    this.deciding -= 1;
    if (this.deciding === 0 && this.waiting.length === 0) return this.store.append(request.streamId, request.events, request.options);
    const answer = new Promise<AppendResult>((resolve, reject) => this.waiting.push({ request, resolve, reject }));
    if (this.deciding === 0) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.waiting.length > 0) this.flush();
      });
    }
    return answer;
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 1) {
      const [{ request, resolve, reject }] = batch as [Waiting];
      this.store.append(request.streamId, request.events, request.options).then(resolve, reject);
      return;
    }
    this.store.appendMany(batch.map((waiting) => waiting.request)).then(
      (outcomes) =>
        outcomes.forEach((outcome, index) =>
          outcome.status === 'fulfilled' ? batch[index]!.resolve(outcome.value) : batch[index]!.reject(outcome.reason),
        ),
      (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
    );
  }
}
