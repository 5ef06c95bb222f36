import type { SqlRunner } from './sql-runner';

/**
 * What the ledger keeps in its database for the auditors' evidence (ADR 0013):
 * the leaf hashes of the Merkle tree over the log, LEAVES_PER_RUN to a row, the
 * hash of every complete subtree of LEAVES_PER_RUN leaves or more, keyed by
 * (level, index), and the signed checkpoints made of it. The store knows no
 * Merkle hashing (libs/evidence does, and imports this library): it keeps and
 * reads hashes as 64 lowercase hex digits.
 */

/**
 * Leaf hashes kept to a row: one row per run of this many leaves (a complete subtree of level
 * RUN_LEVEL), the run's subtrees below it computed from them. Rows cost far more than bytes, so
 * this keeps about 3 rows per 16 events rather than 2 per event. Fixed once shipped (migration 7).
 */
export const RUN_LEVEL = 4;
export const LEAVES_PER_RUN = 2 ** RUN_LEVEL;
const HEX_PER_HASH = 64;

/** The leaf hashes of run `run` (leaves from run · LEAVES_PER_RUN on), 1 to LEAVES_PER_RUN of them. */
export interface StoredLeafRun {
  readonly run: number;
  /** The leaves' SHA-256 hashes side by side, lowercase hex (64 digits each). */
  readonly hashes: string;
}

/** A complete subtree's hash: the 2^level leaves from index · 2^level on. */
export interface StoredSubtree {
  readonly level: number;
  readonly index: number;
  /** SHA-256, lowercase hex. */
  readonly hash: string;
}

/** A signed checkpoint as kept: its tree size, root and time, and the signed note itself. */
export interface StoredCheckpoint {
  readonly treeSize: number;
  /** Lowercase hex. */
  readonly rootHash: string;
  /** ISO 8601 UTC, the time the note states. */
  readonly time: string;
  /** The signed note (C2SP tlog-checkpoint), exactly as signed. */
  readonly note: string;
}

export interface EvidenceTables {
  /**
   * Keeps subtree hashes, a row written again being left as it is. Rows are
   * written in the order given, each statement on its own: a caller that lists
   * a leaf's completed parents before the leaf itself leaves, after a crash at
   * any point, every parent of each kept leaf kept too.
   */
  keepSubtrees(subtrees: readonly StoredSubtree[]): Promise<void>;
  /** The hashes of the subtrees asked for that are kept (in no particular order). */
  subtrees(wanted: ReadonlyArray<Pick<StoredSubtree, 'level' | 'index'>>): Promise<StoredSubtree[]>;
  /**
   * Keeps runs of leaf hashes, in the order given, each statement on its own; a run kept
   * already is replaced only by a longer one (the same leaves and more), never shortened.
   */
  keepLeafRuns(runs: readonly StoredLeafRun[]): Promise<void>;
  /** The kept runs asked for (in no particular order). */
  leafRuns(runs: readonly number[]): Promise<StoredLeafRun[]>;
  /** How many leaves the kept tree has: one past the highest leaf kept (0 for none). */
  leafCount(): Promise<number>;
  /** Keeps a checkpoint unless one of its tree size is kept already; answers the one kept for that size. */
  keepCheckpoint(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint>;
  /** The kept checkpoint of a tree size, or (without one) the latest. */
  checkpoint(treeSize?: number): Promise<StoredCheckpoint | undefined>;
  /** The kept checkpoints, largest tree first. */
  checkpoints(limit: number): Promise<StoredCheckpoint[]>;
  /** The chain hashes stored with the events at these positions (those that exist), by position. */
  eventHashes(positions: readonly number[]): Promise<Map<number, string>>;
  /** The position of the event with this id, if the log holds it. */
  positionOf(eventId: string): Promise<number | undefined>;
}

/**
 * The tables, as both databases create them (SQLite's migration 6, PostgreSQL's 5).
 * They have shipped once merged: never edit them; a change is a new migration (LEAF_RUNS).
 */
export const EVIDENCE_TABLES = `
  CREATE TABLE merkle_subtrees (
    level INTEGER NOT NULL,
    idx   BIGINT  NOT NULL,
    hash  TEXT    NOT NULL,
    PRIMARY KEY (level, idx)
  );
  CREATE TABLE checkpoints (
    tree_size BIGINT PRIMARY KEY,
    root_hash TEXT   NOT NULL,
    time      TEXT   NOT NULL,
    note      TEXT   NOT NULL
  );
`;

/**
 * SQLite's migration 7, PostgreSQL's 6: the leaf hashes move to runs of LEAVES_PER_RUN a row, and
 * the subtrees below a run, computed from its leaves from now on, are dropped. The leaves kept
 * were always a prefix (the follower wrote them in order), so each run is whole but the last.
 */
const leafRunsMigration = (concatenatedInOrder: string) => `
  CREATE TABLE merkle_leaf_runs (
    run    BIGINT PRIMARY KEY,
    hashes TEXT   NOT NULL
  );
  INSERT INTO merkle_leaf_runs (run, hashes)
    SELECT idx / ${LEAVES_PER_RUN}, ${concatenatedInOrder} FROM merkle_subtrees WHERE level = 0 GROUP BY idx / ${LEAVES_PER_RUN};
  DELETE FROM merkle_subtrees WHERE level < ${RUN_LEVEL};
`;
export const LEAF_RUNS = {
  sqlite: leafRunsMigration("group_concat(hash, '' ORDER BY idx)"),
  postgres: leafRunsMigration("string_agg(hash, '' ORDER BY idx)"),
};

/** Rows per read: far below either database's parameter limit. */
const ROWS_PER_STATEMENT = 100;
/** The most rows one write takes (3 parameters a row, far below either database's limit). */
const MOST_ROWS_PER_WRITE = 1_024;

interface CheckpointRow {
  tree_size: number | string;
  root_hash: string;
  time: string;
  note: string;
}

const CHECKPOINT_COLUMNS = 'tree_size, root_hash, time, note';

const toCheckpoint = (row: CheckpointRow): StoredCheckpoint => ({
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash,
  time: row.time,
  note: row.note,
});

/**
 * Rows in as few writes as possible, each a power of two long (the largest that fits, up to
 * MOST_ROWS_PER_WRITE): a write commits on its own, and a handful of statement shapes serve any
 * number of rows, so the prepared statements a store keeps stay few.
 */
function powerOfTwoChunks<T>(items: readonly T[]): T[][] {
  const all: T[][] = [];
  for (let at = 0; at < items.length;) {
    let size = MOST_ROWS_PER_WRITE;
    while (size > items.length - at) size /= 2;
    all.push(items.slice(at, at + size));
    at += size;
  }
  return all;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const all: T[][] = [];
  for (let at = 0; at < items.length; at += size) all.push(items.slice(at, at + size));
  return all;
}

/** The evidence's tables in the events' own database, the same statements on SQLite and PostgreSQL (BIGINTs read back as numbers). */
export class SqlEvidenceTables implements EvidenceTables {
  constructor(private readonly sql: SqlRunner) {}

  async keepSubtrees(subtrees: readonly StoredSubtree[]): Promise<void> {
    for (const chunk of powerOfTwoChunks(subtrees)) {
      await this.sql.run(
        `INSERT INTO merkle_subtrees (level, idx, hash) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (level, idx) DO NOTHING`,
        chunk.flatMap(({ level, index, hash }) => [level, index, hash]),
      );
    }
  }

  async subtrees(wanted: ReadonlyArray<Pick<StoredSubtree, 'level' | 'index'>>): Promise<StoredSubtree[]> {
    const found: StoredSubtree[] = [];
    for (const chunk of chunks(wanted, ROWS_PER_STATEMENT)) {
      const rows = await this.sql.all<{ level: number; idx: number | string; hash: string }>(
        `SELECT level, idx, hash FROM merkle_subtrees WHERE ${chunk.map(() => '(level = ? AND idx = ?)').join(' OR ')}`,
        chunk.flatMap(({ level, index }) => [level, index]),
      );
      found.push(...rows.map((row) => ({ level: Number(row.level), index: Number(row.idx), hash: row.hash })));
    }
    return found;
  }

  async keepLeafRuns(runs: readonly StoredLeafRun[]): Promise<void> {
    for (const chunk of powerOfTwoChunks(runs)) {
      await this.sql.run(
        `INSERT INTO merkle_leaf_runs (run, hashes) VALUES ${chunk.map(() => '(?, ?)').join(', ')}
           ON CONFLICT (run) DO UPDATE SET hashes = excluded.hashes WHERE length(excluded.hashes) > length(merkle_leaf_runs.hashes)`,
        chunk.flatMap(({ run, hashes }) => [run, hashes]),
      );
    }
  }

  async leafRuns(runs: readonly number[]): Promise<StoredLeafRun[]> {
    const found: StoredLeafRun[] = [];
    for (const chunk of chunks(runs, ROWS_PER_STATEMENT)) {
      const rows = await this.sql.all<{ run: number | string; hashes: string }>(
        `SELECT run, hashes FROM merkle_leaf_runs WHERE run IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      found.push(...rows.map((row) => ({ run: Number(row.run), hashes: row.hashes })));
    }
    return found;
  }

  async leafCount(): Promise<number> {
    const row = await this.sql.first<{ run: number | string; digits: number | string }>(
      'SELECT run, length(hashes) AS digits FROM merkle_leaf_runs ORDER BY run DESC LIMIT 1',
      [],
    );
    return row ? Number(row.run) * LEAVES_PER_RUN + Number(row.digits) / HEX_PER_HASH : 0;
  }

  async keepCheckpoint(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint> {
    const { treeSize, rootHash, time, note } = checkpoint;
    await this.sql.run(`INSERT INTO checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING`, [
      treeSize,
      rootHash,
      time,
      note,
    ]);
    return (await this.checkpoint(treeSize))!;
  }

  async checkpoint(treeSize?: number): Promise<StoredCheckpoint | undefined> {
    const row =
      treeSize === undefined
        ? await this.sql.first<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ORDER BY tree_size DESC LIMIT 1`, [])
        : await this.sql.first<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE tree_size = ?`, [treeSize]);
    return row && toCheckpoint(row);
  }

  async checkpoints(limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.sql.all<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ORDER BY tree_size DESC LIMIT ?`, [
      limit,
    ]);
    return rows.map(toCheckpoint);
  }

  async eventHashes(positions: readonly number[]): Promise<Map<number, string>> {
    const hashes = new Map<number, string>();
    for (const chunk of chunks(positions, ROWS_PER_STATEMENT)) {
      const rows = await this.sql.all<{ position: number | string; hash: string }>(
        `SELECT position, hash FROM events WHERE position IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) hashes.set(Number(row.position), row.hash);
    }
    return hashes;
  }

  async positionOf(eventId: string): Promise<number | undefined> {
    const row = await this.sql.first<{ position: number | string }>('SELECT position FROM events WHERE event_id = ?', [eventId]);
    return row && Number(row.position);
  }
}
