import { createPublicKey } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import type { EventStore, EvidenceTables, StoredCheckpoint } from '@ledger/event-store';
import {
  consistencyProof,
  consistencyRanges,
  encodeHashes,
  eventLeafHash,
  type EvidenceEvent,
  inclusionProof,
  inclusionRanges,
  noteVerifierKey,
  signCheckpoint,
  subtreesOfRanges,
} from '@ledger/evidence';

import { LedgerError } from '../application/ledger-error';
import type { Clock } from '../application/tokens';
import { type CheckpointSigningKey, checkpointSigningKey, type EvidenceSettings } from './evidence-settings';
import { MerkleFollower, readSubtreeHashes } from './merkle-follower';

/** A signed checkpoint: the tree size and root it commits to, when, and the signed note an auditor keeps. */
export interface CheckpointAnswer {
  readonly treeSize: number;
  /** Base64, as in the note. */
  readonly rootHash: string;
  readonly time: string;
  /** The C2SP signed note (tlog-checkpoint), exactly as signed. */
  readonly note: string;
}

/** The key checkpoints are verified with, as signed-note tools and as PEM take it. */
export interface CheckpointKeyAnswer {
  readonly origin: string;
  readonly keyName: string;
  /** <name>+<key id>+<base64 of 0x01 and the 32-byte Ed25519 key>. */
  readonly verifierKey: string;
  /** SPKI PEM. */
  readonly publicKeyPem: string;
  /** True when no key was configured: made up at start-up, so checkpoints signed before a restart no longer verify with it. */
  readonly ephemeral: boolean;
}

export interface InclusionProofAnswer {
  readonly treeSize: number;
  readonly leafIndex: number;
  /** The event as stored, with its chain hash: its canonical content is the leaf. */
  readonly event: EvidenceEvent;
  /** Base64 of SHA-256(0x00 ‖ canonical content). */
  readonly leafHash: string;
  /** Base64 hashes, leaf to root (RFC 9162 §2.1.3). */
  readonly proof: readonly string[];
  readonly checkpoint: CheckpointAnswer;
}

export interface ConsistencyProofAnswer {
  readonly from: CheckpointAnswer;
  readonly to: CheckpointAnswer;
  /** Base64 hashes (RFC 9162 §2.1.4). */
  readonly proof: readonly string[];
}

/** The chain hashes stored with the events at these positions (those that exist), by position. */
export type StoredHashes = (positions: readonly number[]) => Promise<Map<number, string>>;

/** Which event an inclusion proof is of. */
export type EventSelector = { readonly position: number } | { readonly eventId: string };

const toAnswer = ({ treeSize, rootHash, time, note }: StoredCheckpoint): CheckpointAnswer => ({
  treeSize,
  rootHash: Buffer.from(rootHash, 'hex').toString('base64'),
  time,
  note,
});

/** A range of positions or tree sizes that runs backwards or is too large, naming the parameter. */
export const evidenceRangeInvalid = (message: string, field: string) => new LedgerError({ code: 'EVIDENCE_RANGE_INVALID', message, field });

/**
 * The auditors' evidence over the ledger's log (ADR 0013): the Merkle tree the
 * follower keeps, checkpoints of it signed with the configured Ed25519 key
 * (made on a schedule and on demand, each kept), and inclusion and
 * consistency proofs against kept checkpoints.
 */
export class LedgerEvidence {
  private readonly follower: MerkleFollower | undefined;
  private readonly key: CheckpointSigningKey;
  private schedule: NodeJS.Timeout | undefined;
  /** Undefined where the store keeps no hash chain (EventStoreDB). */
  readonly storedHashes: StoredHashes | undefined;

  constructor(
    readonly events: EventStore,
    private readonly store: EvidenceTables | undefined,
    private readonly settings: EvidenceSettings,
    private readonly clock: Clock,
    private readonly logger?: { log(message: string): void; warn(message: string): void },
  ) {
    this.follower = store && new MerkleFollower(events, store, { logger });
    this.key = checkpointSigningKey(settings);
    this.storedHashes = store && ((positions) => store.eventHashes(positions));
  }

  /** Follows the log, and makes a checkpoint on the configured schedule. */
  start(): void {
    if (!this.follower) return;
    if (this.key.ephemeral) {
      this.logger?.warn(
        'LEDGER_CHECKPOINT_KEY is not set: checkpoints are signed with a key made up for this process, which a restart replaces; ' +
          'set it to an Ed25519 PKCS#8 PEM (or its path) so auditors can keep verifying them',
      );
    }
    this.follower.start();
    const { checkpointIntervalMs } = this.settings;
    if (checkpointIntervalMs > 0) {
      this.schedule = setInterval(() => {
        void this.scheduledCheckpoint().catch((error: unknown) =>
          this.logger?.warn(`the scheduled checkpoint failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, checkpointIntervalMs);
      this.schedule.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.schedule) clearInterval(this.schedule);
    await this.follower?.stop();
  }

  /** The public half of the signing key, for the well-known route. */
  publicKey(): CheckpointKeyAnswer {
    const publicKey = createPublicKey(this.key.privateKey);
    return {
      origin: this.settings.origin,
      keyName: this.settings.keyName,
      verifierKey: noteVerifierKey(this.settings.keyName, publicKey),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      ephemeral: this.key.ephemeral,
    };
  }

  /** Catches the tree up to the head and signs a checkpoint of it, kept (the one kept already when the size is unchanged). */
  async makeCheckpoint(): Promise<CheckpointAnswer> {
    const [store, follower] = this.kept();
    const { treeSize, rootHash } = await follower.catchUp();
    const time = this.clock().toISOString();
    const note = signCheckpoint({ origin: this.settings.origin, treeSize, rootHash, time }, this.settings.keyName, this.key.privateKey);
    const kept = await store.keepCheckpoint({ treeSize, rootHash: rootHash.toString('hex'), time, note });
    if (kept.note === note) await this.writeOutside(kept);
    return toAnswer(kept);
  }

  /**
   * A new checkpoint, also as a file of its own in LEDGER_CHECKPOINT_DIR (created, never
   * overwritten), for a backup or WORM store to take away: a rewritten database cannot
   * rewrite it. A failure is logged; the checkpoint stays kept in the database.
   */
  private async writeOutside({ treeSize, note }: StoredCheckpoint): Promise<void> {
    const folder = this.settings.checkpointDir;
    if (folder === undefined) return;
    try {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, `checkpoint-${treeSize}.note`), note, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      this.logger?.warn(`the checkpoint of ${treeSize} events could not be written to ${folder}: ${(error as Error).message}`);
    }
  }

  /** The kept checkpoints, largest tree first. */
  async checkpoints(limit = 100): Promise<CheckpointAnswer[]> {
    return (await this.kept()[0].checkpoints(limit)).map(toAnswer);
  }

  /** The kept checkpoint of a tree size, or the latest. */
  async checkpoint(treeSize?: number): Promise<CheckpointAnswer> {
    const found = await this.kept()[0].checkpoint(treeSize);
    if (!found) {
      throw new LedgerError({
        code: 'CHECKPOINT_NOT_FOUND',
        message:
          treeSize === undefined
            ? 'no checkpoint has been made yet: make one with POST /v1/audit/checkpoints'
            : `no checkpoint of a tree of ${treeSize} events is kept: GET /v1/audit/checkpoints lists those that are`,
        field: 'treeSize',
      });
    }
    return toAnswer(found);
  }

  /** The proof that an event is the one the checkpoint's tree holds at its position. */
  async inclusionProof(selector: EventSelector, treeSize?: number): Promise<InclusionProofAnswer> {
    const [store] = this.kept();
    const checkpoint = await this.checkpoint(treeSize);
    const event = await this.storedEvent(selector);
    if (event.position > checkpoint.treeSize) {
      throw new LedgerError({
        code: 'EVENT_NOT_IN_CHECKPOINT',
        message: `the event at position ${event.position} lies beyond the checkpoint's tree of ${checkpoint.treeSize} events: make a newer checkpoint (POST /v1/audit/checkpoints) and ask against it`,
        field: 'position' in selector ? 'position' : 'eventId',
      });
    }
    const leafIndex = event.position - 1;
    const hashes = await readSubtreeHashes(store, subtreesOfRanges(inclusionRanges(leafIndex, checkpoint.treeSize)));
    return {
      treeSize: checkpoint.treeSize,
      leafIndex,
      event,
      leafHash: eventLeafHash(event).toString('base64'),
      proof: encodeHashes(inclusionProof(leafIndex, checkpoint.treeSize, hashes)),
      checkpoint,
    };
  }

  /** The proof that the checkpoint of tree size `to` (default: the latest) extends the one of size `from`. */
  async consistencyProof(from: number, to?: number): Promise<ConsistencyProofAnswer> {
    const [store] = this.kept();
    const later = await this.checkpoint(to);
    if (from > later.treeSize) {
      throw evidenceRangeInvalid(
        `a tree of ${from} events cannot be a prefix of one of ${later.treeSize}: from must not exceed to`,
        'from',
      );
    }
    const earlier = await this.checkpoint(from);
    const hashes = await readSubtreeHashes(store, subtreesOfRanges(consistencyRanges(from, later.treeSize)));
    return { from: earlier, to: later, proof: encodeHashes(consistencyProof(from, later.treeSize, hashes)) };
  }

  /** The tables, and the follower keeping them; refused where the ledger keeps no tree. */
  kept(): [EvidenceTables, MerkleFollower] {
    if (!this.store || !this.follower) {
      throw new LedgerError({
        code: 'EVIDENCE_NOT_KEPT',
        message:
          "this ledger's event store (EventStoreDB) keeps no Merkle tree over its log, so it signs no checkpoints and gives no proofs; run the ledger on sqlite or postgres for them",
      });
    }
    return [this.store, this.follower];
  }

  /** Events as stored, each with the chain hash stored with it, in position order. */
  async withHashes(events: ReadonlyArray<Omit<EvidenceEvent, 'hash'>>): Promise<EvidenceEvent[]> {
    const hashes = await this.kept()[0].eventHashes(events.map((event) => event.position));
    return events.map((event) => ({ ...event, hash: hashes.get(event.position) ?? '' }));
  }

  private async storedEvent(selector: EventSelector): Promise<EvidenceEvent> {
    const position = 'position' in selector ? selector.position : await this.kept()[0].positionOf(selector.eventId);
    const [event] = position === undefined ? [] : await this.events.readAll({ after: position - 1, limit: 1 });
    if (!event || event.position !== position) {
      throw new LedgerError({
        code: 'EVENT_NOT_FOUND',
        message: 'position' in selector ? `no event at position ${selector.position}` : `no event with the id ${selector.eventId}`,
        field: 'position' in selector ? 'position' : 'eventId',
      });
    }
    return (await this.withHashes([event]))[0]!;
  }

  /** A checkpoint now, unless the latest already covers the head. */
  private async scheduledCheckpoint(): Promise<void> {
    const [store, follower] = this.kept();
    const { treeSize } = await follower.catchUp();
    if ((await store.checkpoint())?.treeSize === treeSize) return;
    const made = await this.makeCheckpoint();
    this.logger?.log(`signed a checkpoint of ${made.treeSize} events`);
  }
}
