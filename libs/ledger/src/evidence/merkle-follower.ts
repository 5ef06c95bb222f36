import { setImmediate as nextTurn } from 'node:timers/promises';

import { type EventStore, type EvidenceTables, LEAVES_PER_RUN } from '@ledger/event-store';
import { eventLeafHash, leafHash, MerkleFrontier, type MerkleHash, rangeSubtrees } from '@ledger/evidence';

import { LedgerError } from '../application/ledger-error';
import { AppendedContents } from './appended-contents';
import { KeptBatch, readSubtreeHashes } from './kept-subtree-hashes';

export { readSubtreeHashes } from './kept-subtree-hashes';

export interface MerkleFollowerOptions {
  /** Events read and hashed per round trip. */
  readonly batchSize?: number;
  /** How often it catches up by itself while following. */
  readonly intervalMs?: number;
  /** The most contents of this process's own appends kept for it between rounds (the rest it reads back). */
  readonly appendedContentsHeld?: number;
  readonly logger?: { warn(message: string): void };
}

/** The tree as far as the follower got: its size and root, taken together. */
export interface TreeHead {
  readonly treeSize: number;
  readonly rootHash: MerkleHash;
}

/**
 * Keeps the Merkle tree over the log in the database, following the log the
 * way the projections do: a batch of events at a time, each event's leaf the
 * UTF-8 of its canonical content, the subtrees each batch completes written
 * before the next batch is read. The tree's size is its own checkpoint (the
 * leaves kept), so after a crash it resumes from the frontier it kept, read
 * back in one query, without rebuilding. The append path pays nothing; a
 * checkpoint or a proof first catches the tree up. What this process appended
 * it hashes from the canonical contents the store hands over as it commits
 * them (followAppendedContents), and reads back only the rest: other
 * processes' appends, and any it fell too far behind to hold.
 *
 * Several processes may follow one database: each computes the same hashes,
 * and a subtree kept already is left as it is.
 *
 * The tree only grows, so a log that no longer holds what it hashed was
 * rewritten beneath it: truncated, or edited (re-hashed or not). Before each
 * round it checks its newest leaf against the log, and on restoring its newest
 * batch of leaves; finding one gone or changed, it warns once, keeps the tree
 * as it is and refuses to grow it (LOG_REWRITTEN), so no checkpoint is signed
 * over the rewritten log. A restart checks again.
 */
export class MerkleFollower {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private frontier: MerkleFrontier | undefined;
  /** The leaf hashes of the frontier's last run, while it is incomplete (kept again, longer, with each batch). */
  private tail: MerkleHash[] = [];
  private turn: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private rewritten: string | undefined;
  private readonly appended: AppendedContents;
  private readonly stopReceiving: () => void;

  constructor(
    private readonly events: EventStore,
    private readonly tables: EvidenceTables,
    private readonly options: MerkleFollowerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1_000;
    this.intervalMs = options.intervalMs ?? 1_000;
    this.appended = new AppendedContents(options.appendedContentsHeld ?? 50_000);
    this.stopReceiving = events.followAppendedContents?.((appended) => this.appended.add(appended)) ?? (() => undefined);
  }

  /** Brings the kept tree up to the log's head; answers its size and root then. One catch-up runs at a time. */
  catchUp(): Promise<TreeHead> {
    const next = this.turn.then(() => this.catchUpNow());
    this.turn = next.catch(() => undefined);
    return next;
  }

  /** Catches up now and then until stopped; a failure is logged and the next round tries again. */
  start(): void {
    if (this.timer) return;
    const round = () => {
      this.timer = setTimeout(() => {
        void this.catchUp()
          .catch((error: unknown) => {
            // A rewritten log was warned of once, when found: every round after would only repeat it.
            if (this.rewritten === undefined) {
              this.options.logger?.warn(`the Merkle tree could not catch up: ${error instanceof Error ? error.message : String(error)}`);
            }
          })
          .finally(() => {
            if (this.timer) round();
          });
      }, this.intervalMs);
      this.timer.unref();
    };
    round();
  }

  /** Stops following, letting a batch in progress finish; a later catch-up reads from the log. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopReceiving();
    await this.turn;
  }

  /** What the follower found the log rewritten beneath its tree, if it did (it then refuses to grow the tree). */
  get logRewritten(): string | undefined {
    return this.rewritten;
  }

  private async catchUpNow(): Promise<TreeHead> {
    if (this.rewritten !== undefined) throw logRewritten(this.rewritten);
    const restored = this.frontier === undefined;
    const frontier = (this.frontier ??= await this.restore());
    try {
      await this.checkKeptLeaves(frontier.size, restored ? this.batchSize : 1);
      await this.follow(frontier);
    } catch (error) {
      // What the failed batch appended in memory may not be kept: the next round starts again from the tables.
      this.frontier = undefined;
      throw error;
    }
    return { treeSize: frontier.size, rootHash: frontier.root() };
  }

  private async follow(frontier: MerkleFrontier): Promise<void> {
    for (;;) {
      const kept = new KeptBatch(this.tail);
      const held = this.appended.take(frontier.size + 1, this.batchSize);
      if (held.length > 0) {
        for (const content of held) kept.add(frontier.appendLeafHash(leafHash(content)));
      } else {
        const batch = await this.events.readAll({ after: frontier.size, limit: this.batchSize });
        if (batch.length === 0) break;
        for (const event of batch) {
          if (event.position !== frontier.size + 1) {
            throw new Error(
              `the log skips from position ${frontier.size} to ${event.position}: the Merkle tree needs positions without gaps`,
            );
          }
          kept.add(frontier.appendLeafHash(eventLeafHash(event)));
        }
      }
      this.tail = await kept.keep(this.tables, frontier.size);
      // SQLite answers at once: without a turn of the event loop here a long catch-up would hold every request.
      await nextTurn();
    }
  }

  /** Fails (LOG_REWRITTEN, warned once) unless the log still holds the newest `count` leaves of the tree of `size`. */
  private async checkKeptLeaves(size: number, count: number): Promise<void> {
    const from = Math.max(0, size - count);
    if (size === from) return;
    const [events, kept] = await Promise.all([
      this.events.readAll({ after: from, upToPosition: size, limit: size - from }),
      readSubtreeHashes(
        this.tables,
        Array.from({ length: size - from }, (_, at) => ({ level: 0, index: from + at })),
      ),
    ]);
    const held = new Map(events.map((event) => [event.position, event]));
    const missing: number[] = [];
    const edited: number[] = [];
    for (let position = from + 1; position <= size; position++) {
      const event = held.get(position);
      if (!event) missing.push(position);
      else if (!eventLeafHash(event).equals(kept.subtreeHash({ level: 0, index: position - 1 }))) edited.push(position);
    }
    const findings = [
      ...(missing.length === 0
        ? []
        : [
            `the log holds no event at ${positions(missing)}, which the Merkle tree of ${size} events hashed: it was truncated or events deleted beneath the tree`,
          ]),
      ...(edited.length === 0
        ? []
        : [`the event at ${positions(edited)} is not the one the Merkle tree hashed there: the log was edited beneath the tree`]),
    ];
    if (findings.length === 0) return;
    this.rewritten = `${findings.join('; ')}; the tree is kept as it was and grows no further, so no checkpoint is signed over the rewritten log: compare it with the checkpoints kept outside the database`;
    this.options.logger?.warn(this.rewritten);
    throw logRewritten(this.rewritten);
  }

  /** The frontier of the tree the tables keep (the subtrees making up its leaves, read in one go), and its last run's leaves. */
  private async restore(): Promise<MerkleFrontier> {
    const size = await this.tables.leafCount();
    const tail = Array.from({ length: size % LEAVES_PER_RUN }, (_, at) => ({ level: 0, index: size - (size % LEAVES_PER_RUN) + at }));
    const hashes = await readSubtreeHashes(this.tables, [...rangeSubtrees({ start: 0, end: size }), ...tail]);
    this.tail = tail.map((leaf) => hashes.subtreeHash(leaf));
    return MerkleFrontier.restore(size, hashes);
  }
}

/** "position 8", "positions 8 to 9" (a run), "positions 3, 7 and 8". */
function positions(list: readonly number[]): string {
  if (list.length === 1) return `position ${list[0]}`;
  if (list.at(-1)! - list[0]! === list.length - 1) return `positions ${list[0]} to ${list.at(-1)}`;
  return `positions ${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
}

const logRewritten = (message: string) => new LedgerError({ code: 'LOG_REWRITTEN', message });
